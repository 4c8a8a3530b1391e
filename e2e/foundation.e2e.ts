import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { retype, signIn, typeDate, uniqueName } from './journey';
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

it('the front desk registers and admits, a nurse changes the level of care and discharges, the administrator finds it in the audit log', async () => {
  let page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, server.url, 'admissions@demo.waypoint.test');

  // Register
  await page.getByRole('link', { name: 'Register patient' }).click();
  const family = uniqueName();
  await retype(page.getByLabel('Legal first name'), 'Robin');
  await retype(page.getByLabel('Legal last name'), family);
  await typeDate(page.getByLabel('Birth date'), '1990-03-14');
  await page.getByLabel('Sex assigned at birth').selectOption('female');
  await page.getByLabel('Facility').selectOption({ label: 'Riverbend Detox & Residential' });
  await page.getByRole('button', { name: 'Add allergy' }).click();
  await retype(page.getByLabel('Substance 1'), 'Penicillin');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(family) }).waitFor();
  expect(await page.getByText('Penicillin').count()).toBeGreaterThan(0);
  const patientUrl = page.url();

  // Admit to withdrawal management
  await page.getByRole('button', { name: 'Admit' }).click();
  const admit = page.getByRole('dialog', { name: 'Admit' });
  await admit.getByLabel('Facility').selectOption({ label: 'Riverbend Detox & Residential' });
  await admit.getByLabel('Level of care').selectOption('withdrawal_management');
  await retype(admit.getByLabel('Bed'), 'E2E-1');
  await admit.getByRole('button', { name: 'Admit patient' }).click();
  await expect.poll(() => page.getByTestId('current-level').textContent()).toContain('Withdrawal management');
  // Level changes and discharges are licensed clinical staff's decisions: the front desk has no such buttons.
  expect(await page.getByRole('button', { name: 'Change level of care' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Discharge' }).count()).toBe(0);

  // Step down to residential: the nurse.
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, server.url, 'nurse@demo.waypoint.test');
  await page.goto(patientUrl);
  await page.getByRole('button', { name: 'Change level of care' }).click();
  const change = page.getByRole('dialog', { name: 'Change level of care' });
  await change.getByLabel('New level of care').selectOption('residential');
  await retype(change.getByLabel('Reason'), 'Withdrawal complete, stable for residential care');
  await change.getByLabel('Naloxone kit and education given').check();
  await change.getByLabel('Medication for OUD offered').check();
  await change.getByRole('button', { name: 'Save level change' }).click();
  await expect.poll(() => page.getByTestId('current-level').textContent()).toContain('Residential');
  await page
    .getByText(/Stepped down from Withdrawal management to Residential/)
    .first()
    .waitFor();

  // Discharge
  await page.getByRole('button', { name: 'Discharge' }).click();
  const discharge = page.getByRole('dialog', { name: 'Discharge' });
  await discharge.getByLabel('Discharge type').selectOption('completed');
  await discharge.getByLabel('Naloxone kit and education given').check();
  await discharge.getByLabel('Medication for OUD offered or continued').check();
  await discharge.getByRole('button', { name: 'Discharge patient' }).click();
  await expect.poll(() => page.getByTestId('current-level').textContent()).toContain('Not in care');
  await page
    .getByText(/Discharged \(completed\)/)
    .first()
    .waitFor();

  // Audit view: filter by this patient
  const patientId = patientUrl.split('/').pop()!;
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, server.url, 'admin@demo.waypoint.test');
  await page.getByRole('link', { name: 'Audit log' }).click();
  await retype(page.getByLabel('Patient id'), patientId);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect.poll(async () => page.locator('.audit-table tbody tr').count()).toBeGreaterThan(3);
  const text = await page.locator('.audit-table').textContent();
  expect(text).toContain(`Robin ${family}`);
  expect(text).toContain('create');
  expect(text).toContain('update');
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await page.getByText(/Chain intact/).waitFor();
  await page.screenshot({ path: '.tmp/e2e-audit.png' });
});

it('shows a patient their own record in the portal on a phone-sized screen', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
  await page.goto(server.url);
  await retype(page.getByLabel('Email'), 'patient@demo.waypoint.test');
  await retype(page.getByLabel('Password'), 'waypoint-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'My care', exact: true }).waitFor();
  await page.getByText('W0000001').waitFor();
  await page.getByRole('heading', { name: 'Who looked at my record' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
});

it('shows each role only the screens it may use', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, server.url, 'peer@demo.waypoint.test');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Patients' }).waitFor();
  expect(await nav.getByRole('link', { name: 'Census' }).count()).toBe(0);
  expect(await nav.getByRole('link', { name: 'Detox unit' }).count()).toBe(0);
  expect(await nav.getByRole('link', { name: 'Administration' }).count()).toBe(0);
});

it('keeps another facility’s patients out of a nurse’s search', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, server.url, 'casemanager@demo.waypoint.test');
  await retype(page.getByLabel('Search by name, MRN or birth date'), 'W0000001');
  await page.getByText('No patients match.').waitFor();
});
