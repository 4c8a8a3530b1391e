import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { localHoursAgo, retype, signIn, typeDate, typeDateTime, uniqueName } from './journey';
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
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stock', exact: true }).click();
  await page.getByLabel('New methadone bottle label').pressSequentially('Methadone 10 mg/mL E2E');
  await page.getByRole('button', { name: 'Add container' }).click();
  const row = page.getByTestId('container-Methadone 10 mg/mL E2E');
  await row.getByRole('button', { name: 'Receive' }).click();
  await page.getByLabel('Quantity (mL)').pressSequentially('500');
  await page.getByLabel('Supplier').pressSequentially('Mallinckrodt');
  await page.getByLabel('Order form number (DEA 222)').pressSequentially('222-900001');
  await page.getByRole('button', { name: 'Save receipt' }).click();
  await expect.poll(() => row.locator('.balance').textContent()).toContain('500 mL');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients', exact: true }).click();
  await page.getByRole('link', { name: 'Register patient' }).click();
  await retype(page.getByLabel('Legal first name'), 'Morgan');
  await retype(page.getByLabel('Legal last name'), family);
  await typeDate(page.getByLabel('Birth date'), '1979-03-14');
  await page.getByLabel('Sex assigned at birth').selectOption('female');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(family) }).waitFor();
  const chartUrl = page.url();
  await page.getByRole('button', { name: 'Admit' }).click();
  const admit = page.getByRole('dialog', { name: 'Admit' });
  await admit.getByLabel('Level of care').selectOption('residential');
  await typeDateTime(admit.getByLabel('Admitted at'), localHoursAgo(20 * 24));
  await admit.getByRole('button', { name: 'Admit patient' }).click();
  await page.getByTestId('current-level').filter({ hasText: 'Residential' }).waitFor();
  await signOut(page);

  // The prescriber orders methadone: 60 mg on day 1 is refused by the 50 mg rule, 30 + 10 mg is signed.
  await signIn(page, server.url, 'prescriber@demo.waypoint.test');
  await page.goto(chartUrl);
  await page.getByRole('button', { name: 'New order' }).click();
  const form = page.getByRole('form', { name: 'New medication order' });
  await retype(form.getByLabel('Dose (mg)'), '30');
  await form.getByLabel(/First-day doses/).pressSequentially('30 + 30');
  await form
    .getByText(/Day-1 total 60 mg exceeds 50 mg/)
    .first()
    .waitFor();
  await retype(form.getByLabel(/First-day doses/), '');
  await form.getByLabel(/First-day doses/).pressSequentially('30 + 10');
  await expect.poll(() => form.getByText(/Day-1 total/).count()).toBe(0);
  await form.getByRole('button', { name: 'Sign order' }).click();
  await page.getByTestId('order-methadone').filter({ hasText: 'Active' }).waitFor();
  await signOut(page);

  // The nurse doses at the window: "/" to search, type, Enter, Dose, Enter.
  await signIn(page, server.url, 'nurse@demo.waypoint.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dosing', exact: true }).click();
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
  await retype(order.getByLabel('New daily dose (mg)'), '');
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
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stock', exact: true }).click();
  const bottle = page.getByTestId('container-Methadone 10 mg/mL E2E');
  await expect.poll(() => bottle.locator('.balance').textContent()).toContain('489 mL');
  await bottle.getByRole('button', { name: 'Count' }).click();
  await page.getByLabel('Counted (mL)').pressSequentially('488');
  await page.getByLabel('Note (needed if it differs)').pressSequentially('One mL short at end of day');
  await page.getByRole('button', { name: 'Save count' }).click();
  await page.getByText('Discrepancy of -1 mL flagged to the director for review').waitFor();
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
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stock', exact: true }).click();
  await page.getByRole('button', { name: 'Sign as second signer' }).click();
  await expect.poll(() => page.getByTestId('container-Methadone 10 mg/mL E2E').locator('.balance').textContent()).toContain('487 mL');
  await page.getByTestId('container-Methadone 10 mg/mL E2E').getByRole('button', { name: 'Ledger' }).click();
  await page.getByRole('cell', { name: 'waste' }).waitFor();
  await page.close();
}, 180_000);

async function registerPatient(page: Page, given: string, family: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients', exact: true }).click();
  await page.getByRole('link', { name: 'Register patient' }).click();
  await page.getByLabel('Legal first name').pressSequentially(given);
  await page.getByLabel('Legal last name').pressSequentially(family);
  await typeDate(page.getByLabel('Birth date'), '1984-07-02');
  await page.getByLabel('Sex assigned at birth').selectOption('male');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(family) }).waitFor();
  return page.url();
}

it('gives an as-needed dose from the MAR from the bottle chosen, a guest dose at the window by keyboard, a stock transfer, and the count discrepancy alert reaches the reviewer', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const tag = uniqueName();
  const bottleA = `PRN A ${tag}`;
  const bottleB = `PRN B ${tag}`;

  // The nurse opens two bottles, receives stock into the first and transfers 20 mL to the second.
  await signIn(page, server.url, 'nurse@demo.waypoint.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stock', exact: true }).click();
  for (const label of [bottleA, bottleB]) {
    await page.getByLabel('New methadone bottle label').pressSequentially(label);
    await page.getByRole('button', { name: 'Add container' }).click();
    await page.getByTestId(`container-${label}`).waitFor();
  }
  const rowA = page.getByTestId(`container-${bottleA}`);
  const rowB = page.getByTestId(`container-${bottleB}`);
  await rowA.getByRole('button', { name: 'Receive' }).click();
  await page.getByLabel('Quantity (mL)').pressSequentially('100');
  await page.getByLabel('Supplier').pressSequentially('Mallinckrodt');
  await page.getByLabel('Order form number (DEA 222)').pressSequentially('222-900002');
  await page.getByRole('button', { name: 'Save receipt' }).click();
  await expect.poll(() => rowA.locator('.balance').textContent()).toContain('100 mL');
  await rowA.getByRole('button', { name: 'Transfer' }).click();
  const transfer = page.getByRole('form', { name: `transfer for ${bottleA}` });
  await transfer.getByLabel('To container').selectOption({ label: `${bottleB} — 0 mL` });
  await transfer.getByLabel('Quantity (mL)').pressSequentially('20');
  await transfer.getByLabel('Reason for the transfer').pressSequentially('Second bottle for the unit cart');
  await transfer.getByRole('button', { name: 'Save transfer' }).click();
  await page.getByText(`Transferred 20 mL to ${bottleB}: ${bottleA} now 80 mL`).waitFor();
  await expect.poll(() => rowB.locator('.balance').textContent()).toContain('20 mL');
  // Both ledgers show the transfer, each naming the other bottle.
  await rowA.getByRole('button', { name: 'Ledger' }).click();
  await page.getByRole('cell', { name: `to ${bottleB} · Second bottle for the unit cart` }).waitFor();
  await rowB.getByRole('button', { name: 'Ledger' }).click();
  await page.getByRole('cell', { name: `from ${bottleA} · Second bottle for the unit cart` }).waitFor();

  // A residential patient for the MAR, and a visiting patient of another program for the window.
  const family = uniqueName();
  const chartUrl = await registerPatient(page, 'Casey', family);
  await page.getByRole('button', { name: 'Admit' }).click();
  const admit = page.getByRole('dialog', { name: 'Admit' });
  await admit.getByLabel('Level of care').selectOption('residential');
  await admit.getByRole('button', { name: 'Admit patient' }).click();
  await page.getByTestId('current-level').filter({ hasText: 'Residential' }).waitFor();
  const guestFamily = uniqueName();
  await registerPatient(page, 'Robin', guestFamily);
  await signOut(page);

  // The prescriber orders methadone 5 mg as needed, at most every 4 h, held below systolic 90.
  await signIn(page, server.url, 'prescriber@demo.waypoint.test');
  await page.goto(chartUrl);
  await page.getByRole('button', { name: 'New order' }).click();
  const form = page.getByRole('form', { name: 'New medication order' });
  await form.getByLabel('Frequency').selectOption('prn');
  await retype(form.getByLabel('Dose (mg)'), '5');
  await form.getByLabel('At most every (hours)').pressSequentially('4');
  await form.getByLabel('Most in 24 h (mg)').pressSequentially('20');
  await form.getByLabel('Hold if systolic below').pressSequentially('90');
  await form.getByRole('button', { name: 'Sign order' }).click();
  await page.getByTestId('order-methadone').filter({ hasText: 'Active' }).waitFor();
  await signOut(page);

  // The nurse gives it from the MAR: hold parameters shown, the second bottle chosen, vitals typed.
  await signIn(page, server.url, 'nurse@demo.waypoint.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'MAR', exact: true }).click();
  const card = page.getByRole('article').filter({ hasText: family });
  await card.getByText('Hold if systolic below 90 (vitals from the last 60 min)').waitFor();
  await card.getByText(/As needed, at most every 4 h, up to 20 mg in 24 h · not given yet/).waitFor();
  const picker = card.getByLabel('Stock bottle for Methadone');
  await picker.selectOption({ label: `${bottleB} — 20 mL left (0.5 mL for this dose)` });
  await card.getByLabel('BP for Methadone').pressSequentially('118/76');
  await card.getByRole('button', { name: 'Give Methadone as needed' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Methadone 5 mg given as needed from ${bottleB}` })
    .waitFor();
  await card.getByText(/· last given /).waitFor();

  // A guest: found at the window, the guest dose flow reached and filled from the keyboard.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dosing', exact: true }).click();
  await page.getByRole('heading', { name: 'Dosing window' }).click();
  await page.keyboard.press('/');
  await page.keyboard.type(guestFamily, { delay: 20 });
  await page.getByRole('option', { name: new RegExp(guestFamily) }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByText('No dosing order.').waitFor();
  for (let i = 0; i < 12; i++) {
    if ((await page.evaluate(() => document.activeElement?.textContent)) === 'Guest dose (patient of another program)') break;
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('guest-program');
  await page.keyboard.type('Harbor Treatment Center');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Dosing line 555-0142');
  await page.keyboard.press('Tab');
  await page.keyboard.type('J. Alvarez, RN');
  const guestForm = page.getByRole('form', { name: /Guest dose/ });
  await guestForm.getByLabel('Verified dose (mg)').pressSequentially('60');
  await guestForm.getByText(/= 6 mL from/).waitFor();
  await guestForm.getByLabel('Stock bottle').selectOption({ label: `${bottleA} — 80 mL left` });
  await guestForm.getByRole('button', { name: 'Record guest dose' }).press('Enter');
  await page
    .getByRole('status')
    .filter({ hasText: /guest dose of 60 mg methadone given .* guest of Harbor Treatment Center/ })
    .waitFor();

  // End of day: the first bottle's ledger says 80 − 6 = 74 mL; 73 are counted and the director is alerted.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stock', exact: true }).click();
  await expect.poll(() => rowA.locator('.balance').textContent()).toContain('74 mL');
  await rowA.getByRole('button', { name: 'Count' }).click();
  await page.getByLabel('Counted (mL)').pressSequentially('73');
  await page.getByLabel('Note (needed if it differs)').pressSequentially('One mL short on the unit cart');
  await page.getByRole('button', { name: 'Save count' }).click();
  await page.getByText('Discrepancy of -1 mL flagged to the director for review').waitFor();
  await signOut(page);

  // The prescriber (medical director) sees the alert, reviews the count, and the alert is gone.
  await signIn(page, server.url, 'prescriber@demo.waypoint.test');
  await page.getByRole('link', { name: /Alerts/ }).click();
  const alert = page.getByRole('listitem').filter({ hasText: `Count of ${bottleA}` });
  await alert.filter({ hasText: 'counted 73 mL, ledger 74 (-1) — review the discrepancy' }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stock', exact: true }).click();
  const discrepancy = page.getByRole('listitem').filter({ hasText: bottleA });
  await discrepancy.getByRole('button', { name: 'Review' }).click();
  await page.getByLabel('What was found and done').pressSequentially('Spill on the cart found and documented');
  await page.getByRole('button', { name: 'Save review' }).click();
  await expect.poll(() => discrepancy.count()).toBe(0);
  await page.getByRole('link', { name: /Alerts/ }).click();
  await page.getByRole('heading', { name: 'Alerts for me' }).waitFor();
  await expect
    .poll(() =>
      page
        .getByRole('listitem')
        .filter({ hasText: `Count of ${bottleA}` })
        .count(),
    )
    .toBe(0);
  await page.close();
}, 180_000);
