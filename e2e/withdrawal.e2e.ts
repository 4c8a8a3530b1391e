import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { localHoursAgo, retype, signIn, typeDate, typeDateTime, uniqueName } from './journey';
import { startWaypoint, type RunningServer } from './server';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // The sweeper runs every second here so an overdue check shows up at once.
  server = await startWaypoint({ env: { WAYPOINT_SWEEP_SECONDS: '1' } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Scores COWS items: in each item's radio group, the radio whose name (its visible text) starts with the score. */
async function scoreCows(page: Page, scores: Record<string, number>) {
  for (const [label, value] of Object.entries(scores)) {
    await page
      .getByRole('radiogroup', { name: new RegExp(`^${label}$`) })
      .getByRole('radio', { name: new RegExp(`^${value} `) })
      .check();
  }
}

const cows9 = {
  'Sweating \\(last ½ hour\\)': 2,
  Restlessness: 1,
  'Pupil size': 1,
  'Bone or joint aches': 2,
  'Runny nose or tearing': 0,
  'GI upset \\(last ½ hour\\)': 0,
  'Tremor \\(hands outstretched\\)': 0,
  Yawning: 1,
  'Anxiety or irritability': 2,
  Gooseflesh: 0,
};

it('runs a detox admission: COWS and vitals, an overdue alert acknowledged, readiness, first buprenorphine dose, completion and step to residential', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await signIn(page, server.url, 'nurse@demo.waypoint.test');

  // Register and admit to detox five hours ago, last use 14 hours ago.
  await page.getByRole('link', { name: 'Register patient' }).click();
  const family = uniqueName();
  await retype(page.getByLabel('Legal first name'), 'Casey');
  await retype(page.getByLabel('Legal last name'), family);
  await typeDate(page.getByLabel('Birth date'), '1985-07-02');
  await page.getByLabel('Sex assigned at birth').selectOption('male');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: new RegExp(family) }).waitFor();
  await page.getByRole('button', { name: 'Admit' }).click();
  const admit = page.getByRole('dialog', { name: 'Admit' });
  await admit.getByLabel('Level of care').selectOption('withdrawal_management');
  await retype(admit.getByLabel('Bed'), 'D-E2E');
  await typeDateTime(admit.getByLabel('Admitted at'), localHoursAgo(5));
  await typeDateTime(admit.getByLabel('Last opioid use'), localHoursAgo(14));
  await admit.getByRole('button', { name: 'Admit patient' }).click();

  // Start the buprenorphine-induction protocol, four hours ago.
  await page.getByLabel('Protocol').selectOption({ label: 'Buprenorphine induction' });
  await typeDateTime(page.getByLabel('Started at'), localHoursAgo(4));
  await page.getByRole('button', { name: 'Start withdrawal management' }).click();
  await page.getByRole('heading', { name: 'New flowsheet entry' }).waitFor();

  // A COWS with vitals charted three hours ago: the next check (two-hourly in the first 72 h) is now overdue.
  await typeDateTime(page.getByLabel('Observed at'), localHoursAgo(3));
  await retype(page.getByLabel('Resting pulse (bpm)'), '88');
  await retype(page.getByLabel('Systolic BP'), '132');
  await retype(page.getByLabel('Diastolic BP'), '84');
  await retype(page.getByLabel('SpO₂'), '98');
  await scoreCows(page, cows9);
  await expect.poll(() => page.locator('.live-total').first().textContent()).toContain('Total 10');
  await page.getByRole('button', { name: 'Record entry' }).click();
  await page.getByRole('cell', { name: '10 (mild)' }).waitFor();

  // The overdue alert appears on the open flowsheet by itself (sweeper every second, page polls) and is acknowledged.
  await page
    .getByText(/Withdrawal check overdue/)
    .first()
    .waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Acknowledge' }).first().click();
  await expect.poll(() => page.getByText(/Withdrawal check overdue/).count()).toBe(0);

  // A fresh COWS crosses the induction threshold: ready for the first dose.
  await retype(page.getByLabel('Resting pulse (bpm)'), '104');
  await scoreCows(page, { ...cows9, 'GI upset \\(last ½ hour\\)': 2, 'Tremor \\(hands outstretched\\)': 1 });
  await page.getByRole('button', { name: 'Record entry' }).click();
  await page.getByText('Ready for first dose').first().waitFor();

  // First buprenorphine dose.
  await page
    .getByRole('group', { name: /Record Buprenorphine/ })
    .getByRole('button', { name: /Give/ })
    .click();
  await page.getByText('first dose', { exact: true }).waitFor();

  // Complete and step down to residential, with naloxone and medication offered: no overdose flag.
  await page.getByRole('button', { name: 'Complete withdrawal management' }).click();
  const done = page.getByRole('dialog', { name: 'Complete withdrawal management' });
  await done.getByLabel('Next level of care').selectOption('residential');
  await done.getByLabel('Naloxone kit and education given').check();
  await done.getByLabel('Medication for OUD offered').check();
  await done.getByText(/Criteria not met yet/).waitFor();
  await retype(done.getByLabel('Why it is complete now (required)'), 'Stable after the first dose; continuing buprenorphine in residential care');
  await done.getByRole('button', { name: 'Complete' }).click();
  await page.getByText(/completed .* → Residential/).waitFor();
  await page.getByRole('link', { name: new RegExp(family) }).click();
  await expect.poll(() => page.getByTestId('current-level').textContent()).toContain('Residential');
  await page
    .getByText(/Withdrawal management completed on day 1/)
    .first()
    .waitFor();
  expect(await page.getByText(/Overdose risk/).count()).toBe(0);
  await page.screenshot({ path: '.tmp/e2e-chart-after-detox.png', fullPage: true });
});

it('shows the unit board, readable and live', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, server.url, 'nurse@demo.waypoint.test');
  await page.getByRole('link', { name: 'Detox unit' }).click();
  await page.getByRole('heading', { name: /Detox unit — Riverbend Detox/ }).waitFor();
  await page.getByRole('button', { name: 'Wall display' }).click();
  await page.screenshot({ path: '.tmp/e2e-board.png' });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow).toBe(false);
});

it('lets the prescriber edit a protocol’s thresholds', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, server.url, 'prescriber@demo.waypoint.test');
  await page.getByRole('link', { name: 'Protocols' }).click();
  await page.getByLabel('Protocol', { exact: true }).selectOption({ label: 'Buprenorphine induction' });
  await retype(page.getByLabel('Induction: COWS at least'), '13');
  await page.getByRole('button', { name: 'Save protocol' }).click();
  await page.getByText('Saved.').waitFor();
  const res = await page.request.get(`${server.url}/api/v1/wm/protocols`);
  const bup = (await res.json()).items.find((p: { kind: string }) => p.kind === 'buprenorphine_induction');
  expect(bup.config.induction.minCows).toBe(13);
  expect(bup.version).toBe(2);
});
