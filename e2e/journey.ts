import type { Locator, Page } from 'playwright-core';

export const demoPassword = 'waypoint-demo-2026';

export async function signIn(page: Page, baseUrl: string, email: string) {
  await page.goto(baseUrl);
  await retype(page.getByLabel('Email'), email);
  await retype(page.getByLabel('Password'), demoPassword);
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

/** Clears a text field and types into it key by key, as a person does (select all, delete, type). */
export async function retype(field: Locator, text: string) {
  await field.click();
  await field.press('ControlOrMeta+a');
  await field.press('Backspace');
  await field.pressSequentially(text);
}

/** Types a date (YYYY-MM-DD) into a date input key by key, in the en-US field order: month, day, year. */
export async function typeDate(field: Locator, isoDate: string) {
  const [y, m, d] = isoDate.split('-');
  await field.focus();
  await field.pressSequentially(`${m}${d}${y}`);
}

/** Types a local date and time (YYYY-MM-DDTHH:mm) into a datetime-local input key by key (en-US: month, day, year, hour, minute, AM/PM). */
export async function typeDateTime(field: Locator, local: string) {
  const [date, time] = local.split('T');
  const [hours, minutes] = time.split(':').map(Number);
  await typeDate(field, date);
  // The year takes up to six digits: move on to the hour explicitly.
  await field.press('ArrowRight');
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  await field.pressSequentially(`${String(h12).padStart(2, '0')}${String(minutes).padStart(2, '0')}${hours >= 12 ? 'PM' : 'AM'}`);
}
