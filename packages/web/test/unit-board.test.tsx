import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { UnitBoard } from '../src/features/withdrawal/UnitBoard';
import { board, facilityId, facilityList, nurse } from './fixtures';
import { fakeApi, renderWithQuery } from './fake-api';

describe('unit board', () => {
  it('shows each patient with bed, first-72-hours mark, COWS trend, vitals, overdue check, readiness and alerts, most urgent first, the COWS band in words', async () => {
    const api = fakeApi({ 'GET /facilities': { body: facilityList }, [`GET /facilities/${facilityId}/withdrawal-board`]: { body: board } });
    renderWithQuery(<UnitBoard me={nurse} />);

    expect(await screen.findByRole('heading', { name: 'Detox unit — Riverside detox unit' })).toBeTruthy();
    expect(screen.getByText(/2 patients · 1 overdue/)).toBeTruthy();
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);

    const [ana, ben] = rows.map((r) => within(r));
    expect(ana.getByRole('link', { name: 'Rivera, Ana' }).getAttribute('href')).toBe(`/withdrawal/${board.items[0].courseId}`);
    expect(rows[0].classList.contains('row-overdue')).toBe(true);
    expect(ana.getByText('3A')).toBeTruthy();
    expect(ana.getByText('first 72 h')).toBeTruthy();
    expect(rows[0].textContent).toContain('14 moderate ↑ (+6)');
    expect(rows[0].textContent).toContain('142/91 · HR 108 · SpO₂ 97');
    expect(rows[0].textContent).toMatch(/OVERDUE/);
    expect(ana.getByText('Ready')).toBeTruthy();
    expect(ana.getByText('COWS rising: 8 → 14').classList.contains('alert-warning')).toBe(true);

    expect(ben.getByText('Okafor, Ben (Benny)')).toBeTruthy();
    expect(ben.getByText('Overdose risk')).toBeTruthy();
    expect(ben.queryByText('first 72 h')).toBeNull();
    expect(rows[1].classList.contains('row-overdue')).toBe(false);
    expect(rows[1].textContent).toContain('Dosed');

    // Polling does not keep an idle session alive.
    const poll = api.sent.find((s) => s.path.endsWith('/withdrawal-board'))!;
    expect(poll.headers['x-waypoint-background']).toBe('1');
  });
});
