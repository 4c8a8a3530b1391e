import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { signIn } from './journey';
import { startWaypoint, type RunningServer } from './server';

// Issue 12, web side: each test is named for the defect it catches and failed before its fix.
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

async function staffPage(email: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, server.url, email);
  return { page, errors };
}

/** Opens the first demo patient's flowsheet from the unit board. */
async function openFirstFlowsheet(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Detox unit' }).click();
  await page.locator('table.board tbody a').first().click();
  await page.getByRole('heading', { name: 'New flowsheet entry' }).waitFor();
}

it('typing a resting pulse key by key keeps the flowsheet on screen and scores it only once plausible', async () => {
  const { page, errors } = await staffPage('nurse@demo.waypoint.test');
  await openFirstFlowsheet(page);
  const pulse = page.getByLabel('Resting pulse (bpm)');
  await pulse.pressSequentially('1');
  await page.getByText(/1 bpm is not a plausible resting pulse/).waitFor();
  expect(await page.locator('.live-total').first().textContent()).toMatch(/Incomplete: 0 so far, 11 of 11 items left/);
  await pulse.pressSequentially('04');
  await expect.poll(() => page.locator('.live-total').first().textContent()).toMatch(/Incomplete: 2 so far, 10 of 11 items left/);
  expect(await page.getByRole('radio', { name: /^Resting pulse: 2 —/ }).isChecked()).toBe(true);
  await page.getByRole('heading', { name: 'New flowsheet entry' }).waitFor();
  expect(errors).toEqual([]);
});
