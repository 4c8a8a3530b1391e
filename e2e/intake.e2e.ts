import fs from 'node:fs';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { demoPassword, signIn, uniqueName } from './journey';
import { startWaypoint, type RunningServer } from './server';

let server: RunningServer;
let browser: Browser;
let patientId: string;
const given = 'Dana';
const family = uniqueName();

/** The API as the nurse who admitted the patient (set-up only; the journey itself is in the browser). */
async function api(cookie: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { cookie, 'content-type': 'application/json', origin: server.url },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

beforeAll(async () => {
  server = await startWaypoint();
  browser = await launchBrowser();
  const signInRes = await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'nurse@demo.waypoint.test', password: demoPassword }),
  });
  const cookie = /wp_session=[^;]+/.exec(signInRes.headers.get('set-cookie') ?? '')![0];
  const me = await api(cookie, 'GET', '/auth/me');
  const facilityId = me.user.facilityIds[0];
  const patient = await api(cookie, 'POST', '/patients', {
    legalGivenName: given,
    legalFamilyName: family,
    birthDate: '1988-04-02',
    sexAtBirth: 'female',
    preferredLanguage: 'en',
    facilityId,
  });
  await api(cookie, 'POST', `/patients/${patient.id}/episodes`, { facilityId, levelOfCare: 'withdrawal_management', bed: `I-${family.slice(0, 4)}` });
  patientId = patient.id;
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function type(page: Page, label: string | RegExp, text: string, scope?: ReturnType<Page['locator']>) {
  const field = (scope ?? page).getByLabel(label, { exact: typeof label === 'string' });
  await field.click();
  await field.fill('');
  await field.pressSequentially(text);
}

async function answer(page: Page, form: ReturnType<Page['locator']>, item: string, choice: string) {
  await form.getByRole('radio', { name: `${item}: ${choice}`, exact: true }).check();
}

it('intake: assessment with a positive PHQ-9 item 9, the urgent alert acknowledged, DSM-5 diagnosis, placement overridden, plan signed, revised and printed', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, acceptDownloads: true });
  // A failure leaves a picture of the page for whoever reads the log.
  onTestFailed(async () => {
    await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/intake-e2e-failure.png`, fullPage: true }).catch(() => {});
  });
  await signIn(page, server.url, 'counselor@demo.waypoint.test');
  await page.goto(`${server.url}/patients/${patientId}`);
  await page.getByRole('heading', { level: 1, name: new RegExp(family) }).waitFor();

  // The intake assessment: started and saved as a draft with the substance-use history typed in.
  await page.getByRole('button', { name: 'Start intake assessment' }).click();
  const assessment = page.getByRole('form', { name: 'Intake assessment' });
  await assessment.getByRole('button', { name: 'Add a substance' }).click();
  await type(page, 'Substance', 'Fentanyl', assessment);
  await type(page, 'Age of first use', '24', assessment);
  await assessment.getByLabel('Route').selectOption('smoked');
  await type(page, 'Frequency', 'Several times a day', assessment);
  await type(page, 'Amount', 'About 1 g a day', assessment);
  await assessment.getByLabel('Opioid kind').selectOption('short_acting');
  await type(page, 'Mental-health history: notes', 'Low mood for two years', assessment);
  await assessment.getByRole('button', { name: 'Save draft' }).click();
  await expect
    .poll(
      () =>
        page
          .getByText(/Saved .* by|Draft started/)
          .first()
          .textContent(),
      { timeout: 15_000 },
    )
    .toContain('Draft started');

  // PHQ-9 with item 9 above 0: the live score warns, saving raises the urgent alert.
  await page.getByLabel('Give an instrument').selectOption('phq-9');
  const phq = page.getByRole('form', { name: /PHQ-9/ });
  for (const item of [
    'Little interest or pleasure',
    'Feeling down or hopeless',
    'Sleep trouble',
    'Tired, little energy',
    'Poor appetite or overeating',
    'Feeling bad about yourself',
    'Trouble concentrating',
    'Slowed down or restless',
  ]) {
    await answer(page, phq, item, 'More than half the days');
  }
  await answer(page, phq, 'Better off dead or self-harm thoughts', 'Several days');
  await expect.poll(() => phq.getByTestId('live-score').textContent(), { timeout: 15_000 }).toBe('Total 17 · moderately severe');
  await phq.getByRole('alert').filter({ hasText: 'Suicide risk' }).waitFor();
  await phq.getByRole('button', { name: /^Save/ }).click();
  await page.getByTestId('instrument-saved').filter({ hasText: 'Urgent suicide-risk alert' }).waitFor();

  // The alert is on the chart and is acknowledged only with the action taken.
  const alert = page.locator('.alert-critical').filter({ hasText: 'Suicide risk' });
  await alert.waitFor();
  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  await type(page, 'Action taken', 'C-SSRS given, safety plan made, prescriber told', alert);
  await alert.getByRole('button', { name: 'Acknowledge with action' }).click();
  await expect.poll(() => page.locator('.alert-critical').filter({ hasText: 'Suicide risk' }).count(), { timeout: 15_000 }).toBe(0);

  // DSM-5: seven criteria → severe, F11.20; the diagnosis is added from the result.
  await page.getByLabel('Give an instrument').selectOption('dsm5-oud');
  const dsm = page.getByRole('form', { name: /DSM-5/ });
  const met = [
    'More or longer than intended',
    'Wants or fails to cut down',
    'Much time getting, using, recovering',
    'Craving',
    'Failing at work, school or home',
    'Tolerance',
    'Withdrawal',
  ];
  for (const c of [
    'More or longer than intended',
    'Wants or fails to cut down',
    'Much time getting, using, recovering',
    'Craving',
    'Failing at work, school or home',
    'Use despite social problems',
    'Activities given up',
    'Use in hazardous situations',
    'Use despite physical or psychological harm',
    'Tolerance',
    'Withdrawal',
    'Opioids taken only under medical supervision',
    'On maintenance therapy (methadone, buprenorphine)',
    'In a controlled environment',
  ]) {
    await answer(page, dsm, c, met.includes(c) ? 'Yes' : 'No');
  }
  await expect.poll(() => dsm.getByTestId('live-score').textContent(), { timeout: 15_000 }).toBe('Total 7 · severe');
  await dsm.getByRole('button', { name: /^Save/ }).click();
  await page.getByTestId('dsm5-result').filter({ hasText: 'ICD-10-CM F11.20' }).waitFor();
  await page.getByRole('button', { name: 'Use DSM-5 result' }).click();
  await expect.poll(() => page.getByLabel('ICD-10-CM code').inputValue(), { timeout: 15_000 }).toBe('F11.20');
  await page.getByRole('button', { name: 'Add diagnosis' }).click();
  await page.getByTestId('diagnosis').filter({ hasText: 'F11.20' }).filter({ hasText: 'awaiting signature' }).waitFor();

  // Placement: Waypoint suggests residential; the counselor chooses partial hospitalization with a reason.
  const placement = page.getByRole('form', { name: 'Placement' });
  const ratings: Record<string, string> = {
    'Intoxication and withdrawal potential': '1',
    'Biomedical conditions': '1',
    'Emotional, behavioural or cognitive conditions': '2',
    'Readiness to change': '1',
    'Relapse or continued-use potential': '3',
    'Recovery and living environment': '3',
  };
  for (const [dim, r] of Object.entries(ratings)) await placement.getByLabel(`${dim} (risk 0–4)`).selectOption(r);
  await placement.getByTestId('placement-suggestion').filter({ hasText: 'Waypoint suggests: Residential' }).waitFor();
  await placement.getByLabel('Level of care chosen').selectOption('partial_hospitalization');
  await type(page, 'Reason for choosing another level', 'Declines residential: children at home', placement);
  await placement.getByRole('button', { name: 'Record placement' }).click();
  await page.getByTestId('placement').filter({ hasText: 'suggested Residential' }).waitFor();
  await expect.poll(() => page.getByTestId('current-level').textContent(), { timeout: 15_000 }).toContain('Partial hospitalization');

  // Treatment plan: problems from the problem list; a goal, objective and intervention typed in.
  await page.getByRole('button', { name: 'Start the treatment plan' }).click();
  const editor = page.getByRole('form', { name: 'Edit plan version 1' });
  await editor.getByRole('button', { name: 'Add goal to problem 1' }).click();
  await type(page, "Goal 1.1 in the patient's words", 'I want to be there for my kids', editor);
  await editor.getByRole('button', { name: 'Add objective to goal 1.1' }).click();
  await type(page, 'Objective 1.1.1', 'Attend every group session', editor);
  await type(page, 'Objective 1.1.1 measure', 'Attendance record, 90%', editor);
  await editor.getByRole('button', { name: 'Add intervention to objective 1.1.1' }).click();
  await type(page, 'Intervention 1.1.1.1', 'Relapse-prevention group', editor);
  await editor.getByLabel('Intervention 1.1.1.1 modality').selectOption('group');
  await type(page, 'Intervention 1.1.1.1 frequency', '3 times a week', editor);
  await editor.getByRole('button', { name: 'Save plan draft' }).click();
  await editor.getByRole('status').filter({ hasText: 'Draft saved.' }).waitFor();
  await type(page, 'Patient types their name', `${given} ${family}`);
  await page.getByRole('button', { name: 'Patient signs' }).click();
  await expect.poll(() => page.getByTestId('patient-signature').textContent(), { timeout: 15_000 }).toContain(`${given} ${family}`);
  await type(page, 'Clinician types their name', 'Carlos Mendes, LCSW');
  await page.getByRole('button', { name: 'Clinician signs' }).click();
  await page.getByRole('button', { name: 'Version 1 (signed)' }).waitFor();

  // Revised: a new version; the signed one stays readable and the difference is shown.
  await type(page, 'Reason for a new version (revision or review)', 'Add individual therapy');
  await page.getByRole('button', { name: 'Revise plan' }).click();
  const v2 = page.getByRole('form', { name: 'Edit plan version 2' });
  await v2.getByRole('button', { name: 'Add intervention to objective 1.1.1' }).click();
  await type(page, 'Intervention 1.1.1.2', 'Individual CBT', v2);
  await v2.getByRole('button', { name: 'Save plan draft' }).click();
  await v2.getByRole('status').filter({ hasText: 'Draft saved.' }).waitFor();
  await type(page, 'Patient types their name', `${given} ${family}`);
  await page.getByRole('button', { name: 'Patient signs' }).click();
  await expect.poll(() => page.getByTestId('patient-signature').textContent(), { timeout: 15_000 }).toContain(`${given} ${family}`);
  await type(page, 'Clinician types their name', 'Carlos Mendes, LCSW');
  await page.getByRole('button', { name: 'Clinician signs' }).click();
  await page.getByRole('button', { name: 'Version 2 (signed)' }).waitFor();
  await page.getByRole('button', { name: 'Version 1 (signed)' }).click();
  const v1 = page.getByTestId('plan-version-1');
  await v1.getByText('Relapse-prevention group').waitFor();
  expect(await v1.getByText('Individual CBT').count()).toBe(0);
  await page.getByText('Compare versions').click();
  await page.getByTestId('plan-diff').filter({ hasText: 'Added intervention: Individual CBT' }).waitFor();

  // The signed plan as a PDF.
  const [download] = await Promise.all([page.waitForEvent('download'), v1.getByRole('link', { name: 'Download PDF' }).click()]);
  const file = await download.path();
  const bytes = fs.readFileSync(file!);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  expect(download.suggestedFilename()).toMatch(/treatment-plan-.*-v1\.pdf/);
  await page.close();
});
