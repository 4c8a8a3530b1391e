import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { retype, signIn, typeDate } from './journey';
import { startWaypoint, type RunningServer } from './server';

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

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

async function newPage(email: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await signIn(page, server.url, email);
  return page;
}

it('runs a relapse-prevention group whose intern-signed note the supervisor co-signs, and a co-signed CBT note reporting on an objective picked from the signed plan, to the weekly hours', async () => {
  // The clinical director records that the counselor is an intern supervised by Dr. Shah.
  const admin = await newPage('admin@demo.waypoint.test');
  await admin.getByRole('link', { name: 'Therapy settings' }).click();
  await admin.getByLabel('Supervisor of Carlos Mendes, LCSW').selectOption({ label: 'Dr. Priya Shah' });
  await expect.poll(() => admin.getByLabel('Supervisor of Carlos Mendes, LCSW').inputValue()).not.toBe('');
  await admin.getByLabel('Carlos Mendes, LCSW is licensed').click();
  await expect.poll(() => admin.getByLabel('Carlos Mendes, LCSW is licensed').isChecked()).toBe(false);
  await admin.close();

  // The counselor schedules a weekly relapse-prevention group that began a week ago.
  const page = await newPage('counselor@demo.waypoint.test');
  await page.getByRole('link', { name: 'Groups', exact: true }).click();
  const facilityPicker = page.getByLabel('Facility');
  if (await facilityPicker.count()) await facilityPicker.selectOption({ label: 'Riverbend Detox & Residential' });
  await page.getByRole('button', { name: 'Schedule a group' }).click();
  const form = page.getByRole('form', { name: 'Schedule a group' });
  await form.getByLabel('Group', { exact: true }).selectOption({ label: 'Relapse prevention' });
  await form.getByLabel('Repeats').selectOption({ label: 'Weekly' });
  await retype(form.getByLabel('Number of sessions'), '8');
  await typeDate(form.getByLabel(/^First date/), isoDay(new Date(Date.now() - 7 * 86_400_000)));
  await retype(form.getByLabel(/^Starts at/), '09:00');
  await retype(form.getByLabel('Room'), 'Group room A');
  await form.getByLabel('Residential').check();
  await form.getByRole('button', { name: 'Schedule' }).click();
  await form.waitFor({ state: 'detached' });

  // Last week's session: attendance for three patients on the residential roster.
  const row = page.getByRole('row').filter({ hasText: 'Relapse prevention' }).first();
  await row.getByRole('link').click();
  await page.getByRole('heading', { level: 1, name: 'Relapse prevention' }).waitFor();
  const selects = page.getByRole('combobox', { name: /^Attendance for / });
  await expect.poll(() => selects.count()).toBeGreaterThanOrEqual(3);
  const names: string[] = [];
  for (let i = 0; i < 3; i++) names.push(((await selects.nth(i).getAttribute('aria-label')) ?? '').replace('Attendance for ', ''));
  await selects.nth(0).selectOption('present');
  await selects.nth(1).selectOption('late');
  await selects.nth(2).selectOption('absent');
  await page.getByRole('button', { name: 'Save attendance' }).click();
  await page.getByText('Attendance saved.').waitFor();

  // One note: the shared part once, a part for each attendee; signed.
  await retype(page.getByLabel('Topic and goals'), 'High-risk situations at home and work');
  await retype(page.getByLabel('Interventions and content'), 'Role play of refusal skills');
  await retype(page.getByLabel(`Participation — ${names[0]}`), 'Active; named two triggers');
  await retype(page.getByLabel(`Progress toward objectives — ${names[0]}`), 'Wrote a coping card');
  await retype(page.getByLabel(`Participation — ${names[1]}`), 'Arrived late; listened');
  await page.getByRole('button', { name: 'Sign group note' }).click();
  await page.getByRole('heading', { name: 'Group note — signed (version 1)' }).waitFor();

  // Each attendee's chart shows it.
  await page.getByRole('link', { name: names[0] }).first().click();
  const notes = page.getByRole('region', { name: 'Therapy notes' });
  await notes.getByText('Active; named two triggers').waitFor();
  await notes.getByText(/High-risk situations at home and work/).waitFor();
  await page.goBack();
  await page.getByRole('link', { name: names[1] }).first().click();
  await page.getByRole('region', { name: 'Therapy notes' }).getByText('Arrived late; listened').waitFor();
  await page.goBack();

  // A late attendee added after signing: a new version; the first signature still shown.
  const late = page.getByRole('form', { name: 'Add a late attendee' });
  await late.getByLabel('Patient').selectOption({ label: names[2] });
  await retype(late.getByLabel('Participation'), 'Came in for the last half hour');
  await retype(late.getByLabel('Reason for the amendment'), 'Arrived late; attendance corrected');
  await late.getByRole('button', { name: 'Add to the note' }).click();
  const versions = page.getByRole('list', { name: 'Versions' });
  await versions.getByText(/Version 2: Attendee added/).waitFor();
  await expect.poll(() => versions.getByText(/Version 1: Signed by Carlos Mendes/).count()).toBe(1);

  // The shared text amended: a third version on every attendee's chart.
  await page.getByRole('button', { name: 'Amend shared text' }).click();
  const amend = page.getByRole('form', { name: 'Amend shared text' });
  await retype(amend.getByLabel('Interventions and content (amended)'), 'Role play of refusal skills; warning-signs worksheet');
  await retype(amend.getByLabel('Reason for the amendment'), 'Worksheet left out');
  await amend.getByRole('button', { name: 'Sign amendment' }).click();
  await versions.getByText(/Version 3: Shared text amended .* why: Worksheet left out/).waitFor();
  await page.getByRole('link', { name: names[2] }).first().click();
  const lateChart = page.getByRole('region', { name: 'Therapy notes' });
  await lateChart.getByText('Came in for the last half hour').waitFor();
  await lateChart.getByText(/warning-signs worksheet/).waitFor();

  // The intern's group note waits for the supervisor: every chart it reaches says so.
  await lateChart.getByText('Awaiting co-signature').first().waitFor();

  // The patient's treatment plan, written with them and signed by both.
  const [family, given] = names[2].split(', ');
  await page.getByRole('button', { name: 'Start the treatment plan' }).click();
  const editor = page.getByRole('form', { name: 'Edit plan version 1' });
  await editor.getByRole('button', { name: 'Add a problem' }).click();
  await retype(editor.getByLabel('Problem 1 statement'), 'Cravings when old friends call');
  await editor.getByRole('button', { name: 'Add goal to problem 1' }).click();
  await retype(editor.getByLabel("Goal 1.1 in the patient's words"), 'I want to stay clean when they call');
  await editor.getByRole('button', { name: 'Add objective to goal 1.1' }).click();
  await retype(editor.getByLabel('Objective 1.1.1', { exact: true }), 'Uses urge surfing when cravings come');
  await retype(editor.getByLabel('Objective 1.1.1 measure'), 'Self-report at each session');
  await editor.getByRole('button', { name: 'Add intervention to objective 1.1.1' }).click();
  await retype(editor.getByLabel('Intervention 1.1.1.1', { exact: true }), 'Individual CBT');
  await editor.getByLabel('Intervention 1.1.1.1 modality').selectOption('individual');
  await retype(editor.getByLabel('Intervention 1.1.1.1 frequency'), 'weekly');
  await editor.getByRole('button', { name: 'Save plan draft' }).click();
  await editor.getByRole('status').filter({ hasText: 'Draft saved.' }).waitFor();
  await retype(page.getByLabel('Patient types their name'), `${given} ${family}`);
  await page.getByRole('button', { name: 'Patient signs' }).click();
  await expect.poll(() => page.getByTestId('patient-signature').textContent(), { timeout: 15_000 }).toContain(`${given} ${family}`);
  await retype(page.getByLabel('Clinician types their name'), 'Carlos Mendes, LCSW');
  await page.getByRole('button', { name: 'Clinician signs' }).click();
  await page.getByRole('button', { name: 'Version 1 (signed)' }).waitFor();

  // An individual CBT session note by the intern: signed, then waiting for co-signature.
  await lateChart.getByRole('button', { name: 'New session note' }).click();
  await lateChart.getByLabel('Modality').selectOption({ label: 'CBT' });
  await expect.poll(() => lateChart.getByTestId('billing-suggestion').textContent()).toContain('90834');
  await lateChart.getByRole('button', { name: 'Start note' }).click();
  await page.getByRole('heading', { level: 1, name: /Individual session — CBT/ }).waitFor();
  await retype(page.getByLabel('Data'), 'Reviewed the week; cravings after a call from an old friend.');
  await retype(page.getByLabel('Assessment'), 'Uses thought records; motivated.');
  await retype(page.getByLabel('Plan'), 'Practise urge surfing daily.');
  // Progress is reported against an objective picked from the signed plan, not typed.
  await page.getByRole('button', { name: 'Add an objective' }).click();
  const objective = page.getByLabel('Objective 1', { exact: true });
  await expect.poll(() => objective.locator('option').allTextContents()).toContainEqual(expect.stringContaining('Uses urge surfing when cravings come'));
  await objective.selectOption({ index: 1 });
  await retype(page.getByLabel('Progress on objective 1'), 'Surfed two urges this week');
  await page.getByRole('button', { name: 'Sign and lock' }).click();
  await expect.poll(() => page.getByTestId('note-status').textContent()).toBe('Awaiting co-signature');
  await page
    .getByRole('list', { name: 'Progress on objectives' })
    .getByText(/Uses urge surfing when cravings come \(target .*, plan v1\): Surfed two urges/)
    .waitFor();
  const noteUrl = page.url();
  await page.close();

  // The supervisor co-signs from the co-signature queue of her day.
  const sup = await newPage('prescriber@demo.waypoint.test');
  await sup.getByRole('link', { name: 'My day' }).click();
  const queue = sup.getByRole('region', { name: /Co-signatures waiting/ });
  await queue.getByRole('link', { name: names[2] }).click();
  await sup.getByRole('button', { name: 'Co-sign' }).click();
  await expect.poll(() => sup.getByTestId('note-status').textContent()).toBe('Signed and co-signed');
  expect(sup.url()).toBe(noteUrl);

  // The patient's weekly hours against the residential minimum.
  await sup.getByRole('link', { name: 'Back to chart' }).click();
  const hours = sup.getByTestId('hours-this-week');
  await expect.poll(() => hours.textContent()).toMatch(/This week: 0\.75 h at Residential — minimum 5 h · below the minimum/);
  // The chart shows the objective in the plan's words.
  await sup
    .getByRole('region', { name: 'Therapy notes' })
    .getByText(/Objective: Uses urge surfing when cravings come .*— Surfed two urges this week/)
    .waitFor();

  // The intern's group note, from the same queue: co-signed, with who and when.
  await sup.getByRole('link', { name: 'My day' }).click();
  await sup
    .getByRole('region', { name: /Co-signatures waiting/ })
    .getByRole('link', { name: /Group — Relapse prevention/ })
    .click();
  await expect.poll(() => sup.getByTestId('group-note-status').textContent()).toContain('Awaiting co-signature');
  await sup.getByRole('button', { name: 'Co-sign group note' }).click();
  await expect.poll(() => sup.getByTestId('group-note-status').textContent()).toMatch(/^Co-signed by Dr\. Priya Shah, /);
  await sup.getByRole('link', { name: names[0] }).first().click();
  await sup
    .getByRole('region', { name: 'Therapy notes' })
    .getByText(/co-signed by Dr\. Priya Shah/)
    .waitFor();
  await sup.screenshot({ path: '.tmp/e2e-therapy-chart.png', fullPage: true });
});

it('edits a note template: a section renamed, moved and added, saved as a new version', async () => {
  const admin = await newPage('admin@demo.waypoint.test');
  await admin.getByRole('link', { name: 'Program catalogues' }).click();
  const templates = admin.getByRole('region', { name: 'Note templates' });
  await templates.getByRole('button', { name: 'Edit BIRP' }).click();
  const form = admin.getByRole('form', { name: 'Edit template BIRP' });
  await retype(form.getByLabel('Section 1', { exact: true }), 'Behaviour observed');
  await form.getByRole('button', { name: 'Move Plan up' }).focus();
  await admin.keyboard.press('Enter');
  await form.getByLabel('New section').pressSequentially('Risk', { delay: 5 });
  await admin.keyboard.press('Enter');
  await form.getByRole('button', { name: 'Save as a new version' }).click();
  await form.waitFor({ state: 'detached' });
  const row = templates.getByRole('row').filter({ hasText: 'BIRP' });
  await expect.poll(() => row.getByRole('cell').nth(1).textContent()).toBe('Behaviour observed · Intervention · Plan · Response · Risk');
  await row.getByText('v2', { exact: true }).click();
  await admin
    .getByRole('list', { name: 'Versions of BIRP' })
    .getByText(/^v1: Behavior · Intervention · Response · Plan/)
    .waitFor();
  await admin.close();
});
