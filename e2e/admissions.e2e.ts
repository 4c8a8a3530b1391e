import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { localHoursAgo, signIn, uniqueName } from './journey';
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

it('takes a caller from the first phone call to admitted: inquiry, pre-screen, registration, insurance verified, admission scheduled on a free bed, consent signed, admitted', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  await signIn(page, server.url, 'admissions@demo.waypoint.test');

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
  await page.getByLabel('Birth date').fill('1991-03-14');
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
  await page.getByLabel('Last use').fill(localHoursAgo(10));
  await page.getByLabel('Overdoses (lifetime)').fill('');
  await page.getByLabel('Overdoses (lifetime)').pressSequentially('1');
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
  await add.getByLabel('Effective from').fill('2026-01-01');
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
  await page.getByRole('heading', { name: 'Coverage' }).waitFor();
  await page.getByRole('link', { name: 'Consent to treatment' }).click();
  await expect.poll(() => page.getByTestId('signer').textContent()).toContain(`Jamie ${family} (patient)`);
  await page.getByText('Electronically signed record; it cannot be changed.').waitFor();

  // The work list no longer lists this person's inquiry or scheduled admission.
  await page.goto(`${server.url}/admissions/work`);
  await page.getByRole('heading', { name: /Scheduled admissions/ }).waitFor();
  expect(await page.getByRole('link', { name: new RegExp(family) }).count()).toBe(0);
  await page.close();
});
