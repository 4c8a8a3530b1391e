import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email').waitFor();
}

it('runs methadone at a program: order within the first-day limit, dose at the window, second attempt refused, titration, take-homes printed, count discrepancy, waste with a second signer', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const family = uniqueName();

  // The nurse registers and admits a patient to residential care 20 days ago, and opens a methadone bottle.
  await signIn(page, server.url, 'nurse@demo.waypoint.test');
  await page.getByRole('link', { name: 'Stock' }).click();
  await page.getByLabel('New methadone bottle label').pressSequentially('Methadone 10 mg/mL E2E');
  await page.getByRole('button', { name: 'Add container' }).click();
  const row = page.getByTestId('container-Methadone 10 mg/mL E2E');
  await row.getByRole('button', { name: 'Receive' }).click();
  await page.getByLabel('Quantity (mL)').pressSequentially('500');
  await page.getByLabel('Supplier').pressSequentially('Mallinckrodt');
  await page.getByLabel('Order form number (DEA 222)').pressSequentially('222-900001');
  await page.getByRole('button', { name: 'Save receipt' }).click();
  await expect.poll(() => row.locator('.balance').textContent()).toContain('500 mL');

  await page.getByRole('link', { name: 'Patients' }).click();
  await page.getByRole('link', { name: 'Register patient' }).click();
  await page.getByLabel('Legal first name').fill('Morgan');
  await page.getByLabel('Legal last name').fill(family);
  await page.getByLabel('Birth date').fill('1979-03-14');
  await page.getByLabel('Sex assigned at birth').selectOption('female');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(family) }).waitFor();
  const chartUrl = page.url();
  await page.getByRole('button', { name: 'Admit' }).click();
  const admit = page.getByRole('dialog', { name: 'Admit' });
  await admit.getByLabel('Level of care').selectOption('residential');
  await admit.getByLabel('Admitted at').fill(localHoursAgo(20 * 24));
  await admit.getByRole('button', { name: 'Admit patient' }).click();
  await page.getByTestId('current-level').filter({ hasText: 'Residential' }).waitFor();
  await signOut(page);

  // The prescriber orders methadone: 60 mg on day 1 is refused by the 50 mg rule, 30 + 10 mg is signed.
  await signIn(page, server.url, 'prescriber@demo.waypoint.test');
  await page.goto(chartUrl);
  await page.getByRole('button', { name: 'New order' }).click();
  const form = page.getByRole('form', { name: 'New medication order' });
  await form.getByLabel('Dose (mg)').fill('');
  await form.getByLabel('Dose (mg)').pressSequentially('30');
  await form.getByLabel(/First-day doses/).pressSequentially('30 + 30');
  await form
    .getByText(/Day-1 total 60 mg exceeds 50 mg/)
    .first()
    .waitFor();
  await form.getByLabel(/First-day doses/).fill('');
  await form.getByLabel(/First-day doses/).pressSequentially('30 + 10');
  await expect.poll(() => form.getByText(/Day-1 total/).count()).toBe(0);
  await form.getByRole('button', { name: 'Sign order' }).click();
  await page.getByTestId('order-methadone').filter({ hasText: 'Active' }).waitFor();
  await signOut(page);

  // The nurse doses at the window: "/" to search, type, Enter, Dose, Enter.
  await signIn(page, server.url, 'nurse@demo.waypoint.test');
  await page.getByRole('link', { name: 'Dosing' }).click();
  await page.getByRole('heading', { name: 'Dosing window' }).waitFor();
  await page.getByRole('heading', { name: 'Dosing window' }).click();
  await page.keyboard.press('/');
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('dosing-search');
  await page.keyboard.type(family, { delay: 20 });
  await page.getByRole('option', { name: new RegExp(family) }).waitFor();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByTestId('dose-due').textContent()).toContain('30 mg');
  await expect.poll(() => page.getByTestId('dose-due').textContent()).toContain('3 mL');
  await page.getByText('No stops.').waitFor();
  await page.getByRole('button', { name: 'Dose', exact: true }).click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Confirm dose');
  await page.keyboard.press('Enter');
  await page
    .getByRole('status')
    .filter({ hasText: /30 mg \(3 mL\) methadone given/ })
    .waitFor();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('dosing-search');

  // A second attempt the same dosing day: the window stops it.
  await page.keyboard.type(family, { delay: 20 });
  await page.getByRole('option', { name: new RegExp(family) }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('[data-rule="dose.already-given"]').waitFor();
  await expect.poll(() => page.getByRole('button', { name: 'Dose', exact: true }).count()).toBe(0);
  await signOut(page);

  // The prescriber steps the dose up 10 mg: the 3-day interval warning needs a reason.
  await signIn(page, server.url, 'prescriber@demo.waypoint.test');
  await page.goto(chartUrl);
  const order = page.getByTestId('order-methadone');
  await order.getByRole('button', { name: 'Change dose' }).click();
  await order.getByLabel('New daily dose (mg)').fill('');
  await order.getByLabel('New daily dose (mg)').pressSequentially('40');
  await order.getByRole('button', { name: 'Save dose change' }).click();
  await order.getByText(/steady state takes 3–5 days/).waitFor();
  await order.getByLabel(/Reason \(documented/).pressSequentially('Still in withdrawal at peak, reviewed in person');
  await order.getByRole('button', { name: 'Save dose change' }).click();
  await order.filter({ hasText: '40 mg liquid' }).waitFor();

  // Take-homes: day 21 of treatment allows up to 14 days; approve two with the six criteria.
  await page.getByTestId('take-home-eligibility').filter({ hasText: 'Treatment day 21' }).waitFor();
  await expect.poll(() => page.getByTestId('take-home-eligibility').textContent()).toContain('up to 14 take-home day(s)');
  const th = page.getByRole('form', { name: 'Take-home decision' });
  const boxes = th.getByRole('group', { name: 'Days taken home' }).getByRole('checkbox');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  for (const c of await th
    .getByRole('group', { name: /Criteria considered/ })
    .getByRole('checkbox')
    .all())
    await c.check();
  await th.getByLabel('Decision and rationale').pressSequentially('Stable, attending, safe storage at home');
  await th.getByRole('button', { name: 'Approve take-homes' }).click();
  await page.getByRole('link', { name: 'Bottle labels' }).waitFor();
  await signOut(page);

  // The nurse dispenses the bottles and prints their labels.
  await signIn(page, server.url, 'nurse@demo.waypoint.test');
  await page.goto(chartUrl);
  await page.getByRole('button', { name: 'Dispense bottles' }).click();
  await page.getByText('Bottles dispensed.').waitFor();
  await page.getByRole('link', { name: 'Bottle labels' }).click();
  await expect.poll(() => page.getByTestId('bottle-label').count()).toBe(2);
  await expect.poll(() => page.getByTestId('bottle-label').first().textContent()).toContain('40 mg (4 mL)');
  await expect.poll(() => page.getByTestId('bottle-label').first().textContent()).toContain('Riverbend');
  await page.getByRole('button', { name: 'Print' }).waitFor();

  // End of day: 500 − 3 − 8 = 489 mL on the ledger; the nurse counts 488 and the discrepancy is flagged.
  await page.getByRole('link', { name: 'Stock' }).click();
  const bottle = page.getByTestId('container-Methadone 10 mg/mL E2E');
  await expect.poll(() => bottle.locator('.balance').textContent()).toContain('489 mL');
  await bottle.getByRole('button', { name: 'Count' }).click();
  await page.getByLabel('Counted (mL)').pressSequentially('488');
  await page.getByLabel('Note (needed if it differs)').pressSequentially('One mL short at end of day');
  await page.getByRole('button', { name: 'Save count' }).click();
  await page.getByText('Discrepancy of -1 mL flagged for review').waitFor();
  await page.getByRole('heading', { name: 'Count discrepancies for review' }).waitFor();

  // Waste: the nurse records it, the prescriber signs as second signer and the ledger moves.
  await bottle.getByRole('button', { name: 'Waste' }).click();
  await page.getByLabel('Quantity (mL)').pressSequentially('2');
  await page.getByLabel('Reason').pressSequentially('Spilled while pouring, witnessed');
  await page.getByRole('button', { name: 'Save waste' }).click();
  await page.getByText('Waste recorded: waiting for a second signer').waitFor();
  await expect.poll(() => page.getByRole('button', { name: 'Sign as second signer' }).count()).toBe(0);
  await signOut(page);
  await signIn(page, server.url, 'prescriber@demo.waypoint.test');
  await page.getByRole('link', { name: 'Stock' }).click();
  await page.getByRole('button', { name: 'Sign as second signer' }).click();
  await expect.poll(() => page.getByTestId('container-Methadone 10 mg/mL E2E').locator('.balance').textContent()).toContain('487 mL');
  await page.getByTestId('container-Methadone 10 mg/mL E2E').getByRole('button', { name: 'Ledger' }).click();
  await page.getByRole('cell', { name: 'waste' }).waitFor();
  await page.close();
}, 180_000);
