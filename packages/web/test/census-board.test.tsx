import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { censusSchema } from '@waypoint/server/schemas/care';
import { CensusBoard } from '../src/features/care/CensusBoard';
import { facilityId, facilityList, nurse } from './fixtures';
import { fakeApi, renderWithQuery, wire, type Sent } from './fake-api';

const row = (n: number, level: 'residential' | 'withdrawal_management') => ({
  episodeId: `0190a0b0-0000-7000-8000-${String(900000000000 + n)}`,
  patientId: `0190a0b0-0000-7000-8001-${String(900000000000 + n)}`,
  patientName: `Patient${n}, Pat`,
  mrn: `W${String(n).padStart(7, '0')}`,
  levelOfCare: level,
  admittedAt: '2026-11-20T15:00:00.000Z',
  bed: n <= 12 ? `R${n}` : null,
  daysInCare: 12,
});

/** The server's census: 120 residents and 3 in detox; pages of 100; the level filter narrows it. */
function census(sent: Sent) {
  const url = new URL(`http://x${sent.path}`);
  const level = url.searchParams.get('level');
  const all = [...Array.from({ length: 120 }, (_, i) => row(i + 1, 'residential')), ...[121, 122, 123].map((n) => row(n, 'withdrawal_management'))].filter(
    (r) => !level || r.levelOfCare === level,
  );
  const offset = url.searchParams.get('cursor') ? 100 : 0;
  const items = all.slice(offset, offset + 100);
  return {
    body: wire(censusSchema, {
      facility: facilityList.items[0],
      occupiedBeds: 12,
      byLevel: [
        { levelOfCare: 'residential', inCare: 120 },
        { levelOfCare: 'withdrawal_management', inCare: 3 },
      ],
      total: all.length,
      items,
      nextCursor: offset + 100 < all.length ? 'page-2' : null,
    }),
  };
}

describe('census board', () => {
  it('shows a page of 100 with counts by level, the next page on “Show more”, and one level when chosen', async () => {
    const user = userEvent.setup();
    const api = fakeApi({ 'GET /facilities': { body: facilityList }, [`GET /facilities/${facilityId}/census`]: census });
    renderWithQuery(<CensusBoard me={nurse} />);

    expect(await screen.findByText('Showing 100 of 123')).toBeTruthy();
    expect(screen.getByText(/123 in care · 12 of 12 beds occupied/)).toBeTruthy();
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(101); // header + 100

    await user.click(screen.getByRole('button', { name: 'Show more' }));
    expect(await screen.findByText('Showing 123 of 123')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
    expect(api.sent.some((s) => s.path.includes('cursor=page-2'))).toBe(true);

    await user.selectOptions(screen.getByLabelText('Level of care'), 'withdrawal_management');
    expect(await screen.findByText('Showing 3 of 3')).toBeTruthy();
    expect(api.sent.at(-1)?.path).toContain('level=withdrawal_management');
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(4);
  });
});
