import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { signIn } from './journey';
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

const staff = ['admin', 'prescriber', 'nurse', 'counselor', 'casemanager', 'admissions', 'peer'];

it.each(staff)('every screen in %s’s navigation opens without an error', async (who) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const failures: string[] = [];
  page.on('pageerror', (e) => failures.push(e.message));
  page.on('response', (r) => {
    if (r.url().includes('/api/') && r.status() >= 500) failures.push(`${r.status()} ${r.url()}`);
  });
  await signIn(page, server.url, `${who}@demo.waypoint.test`);
  const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').all();
  const targets = await Promise.all(links.map((l) => l.getAttribute('href')));
  for (const href of targets) {
    await page.goto(server.url + href!);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(
      await page
        .getByRole('alert')
        .filter({ hasText: /Forbidden|Internal error|Not found/ })
        .count(),
      `${who} ${href}`,
    ).toBe(0);
  }
  // The first patient their search shows opens as a chart.
  await page.goto(`${server.url}/patients`);
  const first = page.locator('table a').first();
  if (await first.count()) {
    await first.click();
    await page.getByText('Level of care').first().waitFor();
  }
  expect(failures).toEqual([]);
});
