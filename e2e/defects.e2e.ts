import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useWaypointAndBrowser } from './browser';
import { retype, signIn } from './journey';

// Issue 12, web side: each test is named for the defect it catches and failed before its fix.
const env = useWaypointAndBrowser();

async function staffPage(email: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const page = await env.browser.newPage({ bypassCSP: true, viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await signIn(page, env.server.url, email);
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
  expect(await page.getByRole('radiogroup', { name: 'Resting pulse' }).getByRole('radio', { name: /^2 / }).isChecked()).toBe(true);
  await page.getByRole('heading', { name: 'New flowsheet entry' }).waitFor();
  expect(errors).toEqual([]);
});

/** Contrast ratio of two CSS colours (rgb()/rgba(); WCAG relative luminance), computed in the page. */
const contrastSource = `
  window.__parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null; const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
  window.__lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  window.__ratio = (a, b) => { const x = window.__lum(a), y = window.__lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  window.__bgOf = (el) => { for (let e = el; e; e = e.parentElement) { const c = window.__parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
`;

it('the keyboard focus ring stands out 3:1 from the background around it on every control of the chart', async () => {
  const { page } = await staffPage('admin@demo.waypoint.test');
  await page.goto(`${env.server.url}/patients`);
  await page.locator('table a').first().click();
  await page.getByText('Level of care').first().waitFor();
  await page.addScriptTag({ content: contrastSource });
  const weak: string[] = [];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const w = window as unknown as Record<string, (...a: unknown[]) => unknown>;
      const ring = w.__parse(s.outlineColor) as { r: number } | null;
      const around = w.__bgOf(el.parentElement);
      return {
        what: `${el.tagName} ${el.textContent?.trim().slice(0, 30)}`,
        style: s.outlineStyle,
        width: parseFloat(s.outlineWidth),
        ratio: ring ? (w.__ratio(ring, around) as number) : 0,
      };
    });
    if (!r) continue;
    if (r.style === 'none' || r.width < 2 || r.ratio < 3) weak.push(`${r.what}: ${r.style} ${r.width}px ${r.ratio.toFixed(2)}:1`);
  }
  expect(weak).toEqual([]);
});

it('a dialog puts the first focus on its first field, not on the close button', async () => {
  const { page } = await staffPage('admin@demo.waypoint.test');
  await page.goto(`${env.server.url}/patients`);
  await page.locator('table a').first().click();
  await page.getByRole('button', { name: 'Edit details' }).click();
  await page.getByRole('dialog').waitFor();
  await page.getByRole('dialog').getByRole('button', { name: 'Save changes' }).waitFor();
  const focused = await page.evaluate(() => ({
    tag: document.activeElement?.tagName,
    name: document.activeElement?.getAttribute('aria-label') ?? (document.activeElement as HTMLInputElement).labels?.[0]?.textContent,
  }));
  expect(focused.name).not.toBe('Close');
  expect(['INPUT', 'SELECT', 'TEXTAREA']).toContain(focused.tag);
});

it('a saved flowsheet entry is announced and the focus moves to the saved row', async () => {
  const { page } = await staffPage('nurse@demo.waypoint.test');
  await openFirstFlowsheet(page);
  await page.getByLabel('Resting pulse (bpm)').pressSequentially('72');
  const groups = await page.locator('fieldset.instrument').first().getByRole('radiogroup').all();
  for (const g of groups) {
    const zero = g.getByRole('radio', { name: /^0 / });
    if (await zero.isEnabled()) await zero.check();
  }
  await expect.poll(() => page.locator('.live-total').first().textContent()).toMatch(/^Total 0/);
  await page.getByRole('button', { name: 'Record entry' }).click();
  await expect
    .poll(() =>
      page
        .getByRole('status')
        .filter({ hasText: /Entry saved at/ })
        .textContent(),
    )
    .toMatch(/Entry saved at .*: COWS 0/);
  await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^obs-/);
});

it('COWS answer labels are shown whole, not cut off', async () => {
  const { page } = await staffPage('nurse@demo.waypoint.test');
  await openFirstFlowsheet(page);
  const cut = await page.locator('.choice-label').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
  expect(cut).toEqual([]);
});

it('the score chart’s band labels read at 4.5:1 against their band', async () => {
  const { page } = await staffPage('nurse@demo.waypoint.test');
  await openFirstFlowsheet(page);
  await page.locator('.score-chart svg').waitFor();
  await page.addScriptTag({ content: contrastSource });
  const ratios = await page.locator('.score-chart g').evaluateAll((gs) => {
    const w = window as unknown as Record<string, (...a: unknown[]) => unknown>;
    return gs.map((g) => {
      const text = g.querySelector('text')!;
      const rect = g.querySelector('rect')!;
      return { label: text.textContent, ratio: w.__ratio(w.__parse(getComputedStyle(text).fill), w.__parse(getComputedStyle(rect).fill)) as number };
    });
  });
  expect(ratios.length).toBe(4);
  for (const r of ratios) expect(r.ratio, r.label!).toBeGreaterThanOrEqual(4.5);
});

it('at 640 CSS px wide (200 % zoom) the board, wall display, administration and audit log do not scroll sideways', async () => {
  const { page } = await staffPage('admin@demo.waypoint.test', { width: 640, height: 900 });
  const wide: string[] = [];
  for (const path of ['/withdrawal', '/admin', '/admin/audit', '/census', '/patients']) {
    await page.goto(env.server.url + path);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    if (w > 640) wide.push(`${path}: ${w}px`);
  }
  await page.goto(`${env.server.url}/withdrawal`);
  await page.getByRole('button', { name: 'Wall display' }).click();
  await page.waitForLoadState('networkidle');
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  if (w > 640) wide.push(`wall display: ${w}px`);
  expect(wide).toEqual([]);
});

it('the unit board puts overdue checks first, then severe scores, then ready for induction, and names each COWS band in words', async () => {
  const { page } = await staffPage('nurse@demo.waypoint.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Detox unit' }).click();
  await page.getByRole('heading', { name: /Detox unit — / }).waitFor();
  const facilityId = await page.getByLabel('Facility').inputValue();
  const board = await (await page.request.get(`${env.server.url}/api/v1/facilities/${facilityId}/withdrawal-board`)).json();
  type Row = {
    patientName: string;
    nextCheck: { overdue: boolean; dueAt: string } | null;
    lastCows: { total: number; band: string } | null;
    inductionReadiness: { ready: boolean } | null;
    firstDoseAt: string | null;
  };
  const rank = (r: Row) => (r.nextCheck?.overdue ? 0 : r.lastCows && r.lastCows.total >= 25 ? 1 : r.inductionReadiness?.ready && !r.firstDoseAt ? 2 : 3);
  const due = (r: Row) => (r.nextCheck ? Date.parse(r.nextCheck.dueAt) : Infinity);
  const expected = [...(board.items as Row[])].sort((a, b) => rank(a) - rank(b) || due(a) - due(b)).map((r) => r.patientName);
  await page.locator('table.board tbody tr').first().waitFor();
  const shown = await page.locator('table.board tbody tr td:nth-child(2) a').allTextContents();
  expect(shown).toEqual(expected);
  const cows = await page.locator('table.board tbody tr td:nth-child(4)').allTextContents();
  for (const c of cows) if (c !== '—') expect(c).toMatch(/\d+ (below mild|mild|moderate|moderately severe|severe)/);
});

it('shows action buttons only to roles whose permissions allow them', async () => {
  // A peer recovery specialist reads the chart but may not register or edit patients.
  const peer = await staffPage('peer@demo.waypoint.test');
  await peer.page.goto(`${env.server.url}/patients`);
  await peer.page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
  await peer.page.waitForLoadState('networkidle');
  expect(await peer.page.getByRole('link', { name: 'Register patient' }).count()).toBe(0);
  const first = peer.page.locator('table a').first();
  if (await first.count()) {
    await first.click();
    await peer.page.getByText('Level of care').first().waitFor();
    await peer.page.waitForLoadState('networkidle');
    expect(await peer.page.getByRole('button', { name: 'Edit details' }).count()).toBe(0);
  }
  // A counselor reads the flowsheet but does not give medication.
  const counselor = await staffPage('counselor@demo.waypoint.test');
  await counselor.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Detox unit' }).click();
  await counselor.page.locator('table.board tbody a').first().click();
  await counselor.page.getByRole('heading', { name: 'Medications' }).waitFor();
  await counselor.page.waitForLoadState('networkidle');
  expect(await counselor.page.getByRole('button', { name: /^Give / }).count()).toBe(0);
  expect(await counselor.page.getByRole('button', { name: 'Hold' }).count()).toBe(0);
  // A prescriber edits protocols; the form is there with its Save button.
  const nurse = await staffPage('nurse@demo.waypoint.test');
  expect(await nurse.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).count()).toBe(0);
});

it('edits a protocol in a form — a hold parameter per medication, and the server’s message next to a wrong field', async () => {
  const { page } = await staffPage('prescriber@demo.waypoint.test');
  await page.getByRole('link', { name: 'Protocols' }).click();
  await page.getByLabel('Protocol', { exact: true }).selectOption({ label: 'Symptom-triggered comfort medication' });
  const clonidine = page.getByRole('group', { name: 'Clonidine 0.1 mg' });
  await retype(clonidine.getByLabel('Hold if systolic BP below'), '95');
  await page.getByRole('button', { name: 'Save protocol' }).click();
  await page.getByText('Saved.').waitFor();
  const list = await (await page.request.get(`${env.server.url}/api/v1/wm/protocols`)).json();
  const comfort = list.items.find((p: { kind: string }) => p.kind === 'symptom_triggered');
  expect(comfort.config.medications.find((m: { key: string }) => m.key === 'clonidine').hold.systolicBelow).toBe(95);

  await retype(page.getByLabel('Overdue after'), '500');
  await page.getByRole('button', { name: 'Save protocol' }).click();
  const overdue = page.getByLabel('Overdue after');
  await expect.poll(() => overdue.getAttribute('aria-invalid')).toBe('true');
  const describedBy = await overdue.getAttribute('aria-describedby');
  expect(await page.locator(`[id="${describedBy}"]`).textContent()).toMatch(/config\.schedule\.graceMinutes/);
});

it('sorts census beds naturally: R2 before R10', async () => {
  const { page } = await staffPage('nurse@demo.waypoint.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Census' }).click();
  await page.locator('table tbody tr').first().waitFor();
  const beds = (await page.locator('table tbody tr td:first-child').allTextContents()).map((t) => t.replace(/^Bed: ?/, ''));
  const occupied = beds.filter((b) => b !== '—');
  const natural = [...occupied].sort(new Intl.Collator(undefined, { numeric: true }).compare);
  expect(occupied).toEqual(natural);
  expect(occupied.indexOf('R2')).toBeLessThan(occupied.indexOf('R10'));
});

it('the discharge form shows medication given today and pre-answers “medication for OUD offered or continued”', async () => {
  const { page } = await staffPage('prescriber@demo.waypoint.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Detox unit' }).click();
  await page.getByRole('heading', { name: /Detox unit — / }).waitFor();
  // The first patient on the buprenorphine-induction protocol gets a first dose (with the prescriber's reason if not ready).
  const row = page.locator('table.board tbody tr').filter({ hasText: 'Buprenorphine induction' }).first();
  await row.locator('a').first().click();
  await page.getByRole('heading', { name: 'Medications' }).waitFor();
  await page
    .getByRole('group', { name: /Record Buprenorphine/ })
    .getByRole('button', { name: /Give/ })
    .click();
  const reason = page.getByLabel('Reason to proceed');
  const given = page.getByText('first dose', { exact: true });
  await Promise.race([reason.waitFor(), given.waitFor()]);
  if (await reason.count()) {
    await retype(reason, 'Clinically in withdrawal; proceeding');
    await page.getByRole('button', { name: 'Give with reason' }).click();
  }
  await given.waitFor();
  await page.locator('h1 a').first().click();
  await page.getByRole('button', { name: 'Discharge' }).click();
  const dialog = page.getByRole('dialog', { name: 'Discharge' });
  await dialog.getByText(/Medication given today/).waitFor();
  expect(await dialog.getByText(/Buprenorphine\/naloxone 4\/1 mg SL 4 mg at/).count()).toBe(1);
  await expect.poll(() => dialog.getByLabel('Medication for OUD offered or continued').isChecked()).toBe(true);
});

async function portalPage(who: string): Promise<{ page: Page; errors: string[] }> {
  const page = await env.browser.newPage({ bypassCSP: true, viewport: { width: 375, height: 740 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.server.url);
  await retype(page.getByLabel('Email'), `${who}@demo.waypoint.test`);
  await retype(page.getByLabel('Password'), 'waypoint-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { page, errors };
}

it('a family member without a linked record sees a plain page saying consent links the account, not an error', async () => {
  const { page, errors } = await portalPage('family');
  await page.getByRole('heading', { name: 'No linked record yet' }).waitFor();
  await page.getByText(/The patient’s consent links your account/).waitFor();
  await page.waitForLoadState('networkidle');
  expect(await page.locator('.problem').count()).toBe(0);
  expect(errors).toEqual([]);
});

it('the portal puts crisis contacts first and tells who looked at the record in plain words, grouped by person and day', async () => {
  // Staff open the patient's chart several times today.
  const { page: staff } = await staffPage('nurse@demo.waypoint.test');
  await staff.goto(`${env.server.url}/patients`);
  await retype(staff.getByLabel('Search by name, MRN or birth date'), 'W0000001');
  await staff.locator('table a').first().click();
  await staff.getByText('Level of care').first().waitFor();
  await staff.reload();
  await staff.getByText('Level of care').first().waitFor();

  const { page } = await portalPage('patient');
  await page.getByRole('heading', { name: 'Who looked at my record' }).waitFor();
  const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
  expect(headings[0]).toBe('If you need help now');
  const crisis = await page.locator('.crisis').textContent();
  expect(crisis!.indexOf('988')).toBeLessThan(crisis!.indexOf('911'));
  await expect
    .poll(() => page.locator('.access-log li').allTextContents())
    .toContainEqual(expect.stringMatching(/^Nurse Nina Okafor, RN viewed your chart \d+ times on \w+/));
  const lines = await page.locator('.access-log li').allTextContents();
  expect(lines.length).toBeLessThanOrEqual(10);
  expect(new Set(lines).size).toBe(lines.length);
});

it('shows the facility’s times labelled with its zone, even from a browser in another zone', async () => {
  const page = await env.browser.newPage({ bypassCSP: true, viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Tokyo', locale: 'en-US' });
  await signIn(page, env.server.url, 'nurse@demo.waypoint.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Detox unit' }).click();
  await page.locator('table.board tbody tr').first().waitFor();
  const next = await page.locator('table.board tbody tr td:nth-child(6)').allTextContents();
  for (const t of next.filter((x) => x !== '—')) expect(t).toMatch(/\d{2}:\d{2} (AM|PM) E[SD]T$/);
  expect(await page.locator('.summary').textContent()).toMatch(/updated .* E[SD]T/);
  await page.locator('table.board tbody a').first().click();
  await page.getByRole('heading', { name: 'Flowsheet', exact: true }).waitFor();
  await page.locator('table.flowsheet tbody tr').first().waitFor();
  // Labelled in the browser's zone only until the facility's zone is known, then in the facility's.
  await expect.poll(() => page.locator('table.flowsheet tbody tr td:first-child').first().textContent()).toMatch(/E[SD]T$/);
  const times = await page.locator('table.flowsheet tbody tr td:first-child').allTextContents();
  for (const t of times) expect(t).toMatch(/E[SD]T$/);
  expect(await page.locator('body').textContent()).not.toMatch(/GMT\+9/);
});

it('pressing “/” inside a half-done flowsheet entry keeps the entry; leaving with unsaved work asks first', async () => {
  const { page } = await staffPage('nurse@demo.waypoint.test');
  await openFirstFlowsheet(page);
  const url = page.url();
  await page.getByLabel('Resting pulse (bpm)').pressSequentially('88');
  const sweating = page.getByRole('radiogroup', { name: 'Sweating (last ½ hour)' }).getByRole('radio', { name: /^2 / });
  await sweating.check();
  // Inside the entry ("/" on a chosen score, or on the form's own button) it is just a key: no jump, no question.
  const dialogs: string[] = [];
  const onDialog = (d: { message: () => string; dismiss: () => Promise<void> }) => {
    dialogs.push(d.message());
    void d.dismiss();
  };
  page.on('dialog', onDialog);
  await sweating.focus();
  await page.keyboard.press('/');
  await page.getByRole('button', { name: 'Record entry' }).focus();
  await page.keyboard.press('/');
  await page.waitForTimeout(300);
  page.off('dialog', onDialog);
  expect(dialogs).toEqual([]);
  expect(page.url()).toBe(url);
  expect(await page.getByLabel('Resting pulse (bpm)').inputValue()).toBe('88');
  expect(await sweating.isChecked()).toBe(true);

  // Outside the form, "/" would leave: the unsaved entry is asked about, and staying keeps it.
  const asked: string[] = [];
  page.once('dialog', (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await page
    .getByRole('heading', { name: /Withdrawal management/ })
    .first()
    .click();
  await page.keyboard.press('/');
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toMatch(/unsaved work/);
  expect(page.url()).toBe(url);
  expect(await page.getByLabel('Resting pulse (bpm)').inputValue()).toBe('88');

  // A navigation link asks too; agreeing leaves.
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Patients' }).click();
  await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
});

it('one failing chart panel shows its own message and leaves the rest of the chart and the navigation on screen', async () => {
  const { page } = await staffPage('nurse@demo.waypoint.test');
  // The timeline answers something the panel cannot draw.
  await page.route('**/api/v1/patients/*/timeline*', (r) =>
    r.fulfill({ status: 200, contentType: 'application/json', body: '{"items":[null],"nextCursor":null}' }),
  );
  await page.goto(`${env.server.url}/patients`);
  await page.locator('table a').first().click();
  await page
    .getByRole('alert')
    .filter({ hasText: /This part of the screen failed: .+\. Reload to try again\./ })
    .waitFor();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
  expect(await page.getByText('Level of care').first().isVisible()).toBe(true);
});

it('a wall screen opened with a display link shows the board in large type, with no navigation and no one signed in', async () => {
  const { page: adminPage } = await staffPage('admin@demo.waypoint.test');
  await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Detox unit' }).click();
  await adminPage.getByText('Set up a wall screen').click();
  await retype(adminPage.getByLabel('Screen name'), 'Nurses’ station');
  await adminPage.getByRole('button', { name: 'Issue display link' }).click();
  const link = await adminPage.locator('code.uri').textContent();
  expect(link).toMatch(/\/withdrawal\?display=wall&facility=.+#token=wpd_/);

  const wall = await env.browser.newContext({ viewport: { width: 1920, height: 1080 }, bypassCSP: true });
  const screen = await wall.newPage();
  await screen.goto(link!);
  await screen.getByRole('heading', { name: /Detox unit — Riverbend Detox/ }).waitFor();
  await screen.locator('table.board tbody tr').first().waitFor();
  expect(await screen.getByRole('navigation').count()).toBe(0);
  expect(await screen.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  expect(parseFloat(await screen.locator('.unit-board').evaluate((e) => getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(24);
  // The token left the address bar; a reload keeps showing the board.
  expect(screen.url()).not.toContain('token=');
  await screen.reload();
  await screen.locator('table.board tbody tr').first().waitFor();
  // Staff who open the wall display from the board get the same screen without navigation.
  await adminPage.getByRole('button', { name: 'Wall display' }).click();
  await adminPage.locator('main.unit-board.wall').waitFor();
  expect(await adminPage.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
  await wall.close();
});

it('the timeline lists events of the same minute newest first, with their seconds', async () => {
  const { page } = await staffPage('admin@demo.waypoint.test');
  await page.goto(`${env.server.url}/patients`);
  await retype(page.getByLabel('Search by name, MRN or birth date'), 'W0000002');
  await page.locator('table a').first().click();
  for (const phone of ['555-0101', '555-0102']) {
    await page.getByRole('button', { name: 'Edit details' }).click();
    const dialog = page.getByRole('dialog');
    await retype(dialog.getByLabel('Phone', { exact: true }), phone);
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
  await expect.poll(() => page.locator('.timeline li').filter({ hasText: 'Demographics updated' }).count()).toBeGreaterThanOrEqual(2);
  const events = await page.locator('.timeline li time').evaluateAll((ts) => ts.map((t) => ({ at: t.getAttribute('datetime')!, text: t.textContent! })));
  for (let i = 1; i < events.length; i++) expect(Date.parse(events[i - 1].at)).toBeGreaterThanOrEqual(Date.parse(events[i].at));
  const [a, b] = events;
  if (Math.floor(Date.parse(a.at) / 60_000) === Math.floor(Date.parse(b.at) / 60_000)) {
    expect(a.text).toMatch(/\d:\d{2}:\d{2}/);
    expect(b.text).toMatch(/\d:\d{2}:\d{2}/);
  }
});
