import fs from 'node:fs';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { localHoursAgo, retype, signIn, typeDate, typeDateTime, uniqueName } from './journey';
import { startWaypoint, type RunningServer } from './server';

// The front door in one journey, as issue 8 asks: an admissions coordinator takes the first call
// through to an admitted patient, then the counselor does the intake, the plan and its revision.
// Everything typed key by key; every step asserted as the user sees it.

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startWaypoint();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Types into a labelled field (within a form when given) key by key, replacing what was there. */
async function typeInto(page: Page, label: string | RegExp, text: string, scope?: Locator) {
  await retype((scope ?? page).getByLabel(label, { exact: typeof label === 'string' }), text);
}

async function answer(form: Locator, item: string, choice: string) {
  await form.getByRole('radio', { name: `${item}: ${choice}`, exact: true }).check();
}

it('takes a person from the first call to a signed, revised and printed treatment plan: inquiry, pre-screen, insurance verified, admission scheduled and admitted, intake with PHQ-9 item 9 positive, urgent alert acknowledged, DSM-5 diagnosis, placement overridden with a reason, plan signed by patient and counselor, revised, PDF downloaded', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 }, acceptDownloads: true, locale: 'en-US' });
  // A failure leaves a picture of the page for whoever reads the log.
  onTestFailed(async () => {
    await page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/front-door-e2e-failure.png`, fullPage: true }).catch(() => {});
  });
  await signIn(page, server.url, 'admissions@demo.waypoint.test');
  const given = 'Jamie';

  // The phone rings: a new inquiry, typed key by key.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admissions' }).click();
  await page.getByRole('link', { name: 'New inquiry' }).click();
  const family = uniqueName();
  await page.getByLabel('Caller is').selectOption('family');
  await page.getByLabel('Caller name').pressSequentially('Morgan Reyes');
  await page.getByLabel('Call-back number').pressSequentially('555-0142');
  await page.getByLabel('Caller agrees to be called back').check();
  await page.getByLabel('Referral source').selectOption('emergency_department');
  await page.getByLabel('Referred by (organization)').pressSequentially('County General ED');
  await page.getByLabel('Given name').pressSequentially('Jamie');
  await page.getByLabel('Family name').pressSequentially(family);
  await typeDate(page.getByLabel('Birth date'), '1991-03-14');
  await page.getByLabel('Sex at birth').selectOption('female');
  await page.getByLabel('Facility').selectOption({ label: 'Riverbend Detox & Residential' });
  await page.getByLabel('Level of care sought').selectOption('withdrawal_management');
  await page.getByLabel('Reason for calling').pressSequentially('Daily heroin use, wants detox');
  await page.getByRole('button', { name: 'Save inquiry' }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(`${family}, Jamie`) }).waitFor();

  // Pre-screen.
  await page.getByLabel('Main substance').pressSequentially('heroin');
  await page.getByLabel('Route').selectOption('injected');
  await page.getByLabel('Other substances').pressSequentially('fentanyl');
  await typeDateTime(page.getByLabel('Last use'), localHoursAgo(10));
  await retype(page.getByLabel('Overdoses (lifetime)'), '1');
  await page.getByLabel('Pregnancy').selectOption('not_pregnant');
  await page.getByLabel('Urgency').selectOption('urgent');
  await page.getByLabel('Suggested level of care').selectOption('withdrawal_management');
  await page.getByRole('button', { name: 'Save pre-screen' }).click();
  await page.getByTestId('urgency').getByText('Urgent (24–48 h)').waitFor();

  // No existing patient matches: register from the inquiry (nothing typed again).
  await page.getByRole('button', { name: 'Register patient from inquiry' }).click();
  await page.getByRole('link', { name: 'open chart' }).waitFor();

  // Insurance: coverage, then the eligibility call with its reference number.
  await page.getByRole('button', { name: 'Add coverage' }).click();
  const add = page.getByRole('form', { name: 'Add coverage' });
  await add.getByLabel('Payer', { exact: true }).pressSequentially('Blue Shield');
  await add.getByLabel('Plan').pressSequentially('PPO');
  await add.getByLabel('Member id').pressSequentially('XBS7781234');
  await typeDate(add.getByLabel('Effective from'), '2026-01-01');
  await add.getByRole('button', { name: 'Save coverage' }).click();
  await page.getByText('Not verified').waitFor();
  await page.getByRole('button', { name: 'Record verification' }).click();
  const verify = page.getByRole('form', { name: 'Record verification' });
  await verify.getByLabel('Reference number').pressSequentially('ELIG-55120');
  await verify.getByLabel('Payer contact').pressSequentially('Rep Dana');
  await verify.getByRole('button', { name: 'Save verification' }).click();
  await page.getByText('Verified', { exact: true }).waitFor();
  await page.getByText(/ref ELIG-55120/).waitFor();

  // Schedule on a day with a free detox bed, picked from the availability table.
  await page.getByRole('heading', { name: 'Schedule admission' }).waitFor();
  await expect.poll(() => page.getByLabel('Level of care', { exact: true }).inputValue()).toBe('withdrawal_management');
  await page
    .getByRole('button', { name: /^Choose / })
    .first()
    .click();
  await page.getByRole('button', { name: 'Schedule admission' }).click();
  await page.getByText('Admission scheduled').first().waitFor();

  // Consent to treatment signed with a typed name; then admitted to a bed.
  await page.getByRole('button', { name: 'Sign consent to treatment' }).click();
  const sign = page.getByRole('dialog', { name: /Consent to treatment/ });
  await sign.getByText(/consent to evaluation and treatment/).waitFor();
  await sign.getByLabel(/Signer's full name/).pressSequentially(`Jamie ${family}`);
  await sign.getByLabel(/has read this text/).check();
  await sign.getByRole('button', { name: 'Sign' }).click();
  await page.getByText(new RegExp(`signed by Jamie ${family}`)).waitFor();
  await page.getByLabel('Bed', { exact: true }).pressSequentially('D-12');
  await page.getByRole('button', { name: 'Admit now' }).click();
  await page.getByRole('heading', { level: 1, name: /Admitted/ }).waitFor();

  // The chart shows the episode, the coverage panel, and the printable signed consent.
  await page.getByRole('link', { name: 'open chart' }).click();
  await expect.poll(() => page.getByTestId('current-level').textContent()).toMatch(/Withdrawal management · bed D-12/);
  const chartUrl = page.url();
  await page.getByRole('heading', { name: 'Coverage' }).waitFor();
  // The coordinator sees none of the clinical panels (minimum necessary).
  expect(await page.getByRole('heading', { name: 'Intake assessment' }).count()).toBe(0);
  await page.getByRole('link', { name: 'Consent to treatment' }).click();
  await expect.poll(() => page.getByTestId('signer').textContent()).toContain(`Jamie ${family} (patient)`);
  await page.getByText('Electronically signed record; it cannot be changed.').waitFor();

  // The work list no longer lists this person's inquiry or scheduled admission.
  await page.goto(`${server.url}/admissions/work`);
  await page.getByRole('heading', { name: /Scheduled admissions/ }).waitFor();
  expect(await page.getByRole('link', { name: new RegExp(family) }).count()).toBe(0);

  // The counselor takes over: the intake on the chart of the patient just admitted.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, server.url, 'counselor@demo.waypoint.test');
  await page.goto(chartUrl);
  await page.getByRole('heading', { level: 1, name: new RegExp(family) }).waitFor();

  // The intake assessment: started and saved as a draft with the substance-use history typed in.
  await page.getByRole('button', { name: 'Start intake assessment' }).click();
  const assessment = page.getByRole('form', { name: 'Intake assessment' });
  await assessment.getByRole('button', { name: 'Add a substance' }).click();
  await typeInto(page, 'Substance', 'Fentanyl', assessment);
  await typeInto(page, 'Age of first use', '24', assessment);
  await assessment.getByLabel('Route').selectOption('smoked');
  await typeInto(page, 'Frequency', 'Several times a day', assessment);
  await typeInto(page, 'Amount', 'About 1 g a day', assessment);
  await assessment.getByLabel('Opioid kind').selectOption('short_acting');
  await typeInto(page, 'Mental-health history: notes', 'Low mood for two years', assessment);
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
    await answer(phq, item, 'More than half the days');
  }
  await answer(phq, 'Better off dead or self-harm thoughts', 'Several days');
  await expect.poll(() => phq.getByTestId('live-score').textContent(), { timeout: 15_000 }).toBe('Total 17 · moderately severe');
  await phq.getByRole('alert').filter({ hasText: 'Suicide risk' }).waitFor();
  await phq.getByRole('button', { name: /^Save/ }).click();
  await page.getByTestId('instrument-saved').filter({ hasText: 'Urgent suicide-risk alert' }).waitFor();

  // The alert is on the chart and is acknowledged only with the action taken.
  const alert = page.locator('.alert-critical').filter({ hasText: 'Suicide risk' });
  await alert.waitFor();
  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  await typeInto(page, 'Action taken', 'C-SSRS given, safety plan made, prescriber told', alert);
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
    await answer(dsm, c, met.includes(c) ? 'Yes' : 'No');
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
  await typeInto(page, 'Reason for choosing another level', 'Declines residential: children at home', placement);
  await placement.getByRole('button', { name: 'Record placement' }).click();
  await page.getByTestId('placement').filter({ hasText: 'suggested Residential' }).waitFor();
  await expect.poll(() => page.getByTestId('current-level').textContent(), { timeout: 15_000 }).toContain('Partial hospitalization');

  // Treatment plan: problems from the problem list; a goal, objective and intervention typed in.
  await page.getByRole('button', { name: 'Start the treatment plan' }).click();
  const editor = page.getByRole('form', { name: 'Edit plan version 1' });
  await editor.getByRole('button', { name: 'Add goal to problem 1' }).click();
  await typeInto(page, "Goal 1.1 in the patient's words", 'I want to be there for my kids', editor);
  await editor.getByRole('button', { name: 'Add objective to goal 1.1' }).click();
  await typeInto(page, 'Objective 1.1.1', 'Attend every group session', editor);
  await typeInto(page, 'Objective 1.1.1 measure', 'Attendance record, 90%', editor);
  await editor.getByRole('button', { name: 'Add intervention to objective 1.1.1' }).click();
  await typeInto(page, 'Intervention 1.1.1.1', 'Relapse-prevention group', editor);
  await editor.getByLabel('Intervention 1.1.1.1 modality').selectOption('group');
  await typeInto(page, 'Intervention 1.1.1.1 frequency', '3 times a week', editor);
  await editor.getByRole('button', { name: 'Save plan draft' }).click();
  await editor.getByRole('status').filter({ hasText: 'Draft saved.' }).waitFor();
  await typeInto(page, 'Patient types their name', `${given} ${family}`);
  await page.getByRole('button', { name: 'Patient signs' }).click();
  await expect.poll(() => page.getByTestId('patient-signature').textContent(), { timeout: 15_000 }).toContain(`${given} ${family}`);
  await typeInto(page, 'Clinician types their name', 'Carlos Mendes, LCSW');
  await page.getByRole('button', { name: 'Clinician signs' }).click();
  await page.getByRole('button', { name: 'Version 1 (signed)' }).waitFor();

  // Revised: a new version; the signed one stays readable and the difference is shown.
  await typeInto(page, 'Reason for a new version (revision or review)', 'Add individual therapy');
  await page.getByRole('button', { name: 'Revise plan' }).click();
  const v2 = page.getByRole('form', { name: 'Edit plan version 2' });
  await v2.getByRole('button', { name: 'Add intervention to objective 1.1.1' }).click();
  await typeInto(page, 'Intervention 1.1.1.2', 'Individual CBT', v2);
  await v2.getByRole('button', { name: 'Save plan draft' }).click();
  await v2.getByRole('status').filter({ hasText: 'Draft saved.' }).waitFor();
  await typeInto(page, 'Patient types their name', `${given} ${family}`);
  await page.getByRole('button', { name: 'Patient signs' }).click();
  await expect.poll(() => page.getByTestId('patient-signature').textContent(), { timeout: 15_000 }).toContain(`${given} ${family}`);
  await typeInto(page, 'Clinician types their name', 'Carlos Mendes, LCSW');
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
