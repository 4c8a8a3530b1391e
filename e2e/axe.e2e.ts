import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useWaypointAndBrowser } from './browser';
import { demoPassword, retype, signIn } from './journey';

// axe-core (pinned in package.json) on every screen each role can open, and the patient portal:
// any serious or critical violation fails.
const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

const env = useWaypointAndBrowser();

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe on the page as it stands and returns serious and critical violations, one line each. */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  await page.waitForLoadState('networkidle');
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      rules: { 'label-content-name-mismatch': { enabled: true } },
      resultTypes: ['violations'],
    });
    return r.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

const staff = ['admin', 'prescriber', 'nurse', 'counselor', 'casemanager', 'admissions', 'peer'];

it.each(staff)('every screen %s can open has no serious or critical accessibility violation', async (who) => {
  const page = await env.browser.newPage({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  await signIn(page, env.server.url, `${who}@demo.waypoint.test`);
  const found: string[] = [];
  const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').all();
  const targets = (await Promise.all(links.map((l) => l.getAttribute('href')))) as string[];
  for (const href of targets) {
    await page.goto(env.server.url + href);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    found.push(...(await seriousViolations(page, `${who} ${href}`)));
  }
  if (await page.locator('.alerts-badge').count()) {
    await page.goto(`${env.server.url}/alerts`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    found.push(...(await seriousViolations(page, `${who} /alerts`)));
  }
  // The first patient of the search, as a chart; and a flowsheet from the unit board when the role has one.
  await page.goto(`${env.server.url}/patients`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  const first = page.locator('table a').first();
  if (await first.count()) {
    await first.click();
    await page.getByText('Level of care').first().waitFor();
    found.push(...(await seriousViolations(page, `${who} chart`)));
  }
  if (targets.includes('/withdrawal')) {
    await page.goto(`${env.server.url}/withdrawal`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    const course = page.locator('table.board tbody a').first();
    if (await course.count()) {
      await course.click();
      await page
        .getByRole('heading', { name: /Withdrawal management/ })
        .first()
        .waitFor();
      found.push(...(await seriousViolations(page, `${who} flowsheet`)));
      await page.goto(`${env.server.url}/withdrawal`);
      await page.getByRole('button', { name: 'Wall display' }).click();
      await page.locator('main.unit-board.wall table').waitFor();
      found.push(...(await seriousViolations(page, `${who} wall display`)));
    }
  }
  expect(found).toEqual([]);
});

it.each(['patient', 'family'])('the %s portal has no serious or critical accessibility violation', async (who) => {
  const page = await env.browser.newPage({ bypassCSP: true, viewport: { width: 375, height: 740 } });
  await page.goto(env.server.url);
  await retype(page.getByLabel('Email'), `${who}@demo.waypoint.test`);
  await retype(page.getByLabel('Password'), demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  expect(await seriousViolations(page, `${who} portal`)).toEqual([]);
});

it('the sign-in screen has no serious or critical accessibility violation', async () => {
  const page = await env.browser.newPage({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  await page.goto(env.server.url);
  await page.getByLabel('Email').waitFor();
  expect(await seriousViolations(page, 'sign-in')).toEqual([]);
});
