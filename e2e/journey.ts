import type { Page } from 'playwright-core';

export const demoPassword = 'waypoint-demo-2026';

export async function signIn(page: Page, baseUrl: string, email: string) {
  await page.goto(baseUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** A datetime-local value `hours` before now, in the browser's local time. */
export function localHoursAgo(hours: number): string {
  const d = new Date(Date.now() - hours * 3_600_000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

export function uniqueName(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let s = '';
  for (let i = 0; i < 8; i++) s += letters[Math.floor(Math.random() * 26)];
  return s[0].toUpperCase() + s.slice(1);
}
