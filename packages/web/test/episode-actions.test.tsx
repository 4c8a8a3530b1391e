import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useQuery } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { ChartHeader } from '../src/api/types';
import { EpisodeActions } from '../src/features/care/EpisodeActions';
import { facilityId, facilityList, nurse } from './fixtures';
import { fakeApi, renderWithQuery } from './fake-api';

const patientId = '0190a0b0-0000-7000-8001-000000000011';
const episodeId = '0190a0b0-0000-7000-8002-000000000011';
const header = {
  patient: { id: patientId },
  facility: { id: facilityId, name: 'Riverside detox unit' },
  episode: { id: episodeId, levelOfCare: 'withdrawal_management', admittedAt: '2026-12-01T14:00:00.000Z', bed: 'R1', status: 'active' },
  alerts: [],
  careTeam: [],
} as unknown as ChartHeader;
const charge = { ...nurse, permissions: [...nurse.permissions, 'episode.read', 'episode.update'] };

/** Another panel of the same chart whose reload after a save is slow (it answers once the test says). */
let release: () => void = () => {};
let loads = 0;
function SlowPanel() {
  useQuery({
    queryKey: ['chart', patientId, 'slow-panel'],
    queryFn: () => (++loads === 1 ? Promise.resolve(1) : new Promise<number>((r) => (release = () => r(loads)))),
  });
  return null;
}

describe('the episode actions on the chart', () => {
  it('keep the Discharge dialog open when the step-down saved just before finishes reloading the chart', async () => {
    fakeApi({
      'GET /facilities': { body: facilityList },
      [`POST /episodes/${episodeId}/level-changes`]: { body: { id: episodeId } },
    });
    const user = userEvent.setup();
    renderWithQuery(
      <>
        <EpisodeActions patientId={patientId} header={header} me={charge} />
        <SlowPanel />
      </>,
    );
    await user.click(screen.getByRole('button', { name: 'Change level of care' }));
    await screen.findByRole('dialog', { name: 'Change level of care' });
    await waitFor(() => expect(screen.getByLabelText('New level of care').textContent).toContain('Residential'));
    await user.selectOptions(screen.getByLabelText('New level of care'), 'residential');
    await user.type(screen.getByLabelText('Reason'), 'Withdrawal complete');
    await user.click(screen.getByLabelText('Naloxone kit and education given'));
    await user.click(screen.getByLabelText('Medication for OUD offered'));
    await user.click(screen.getByRole('button', { name: 'Save level change' }));
    // Saved; the chart reloads, one panel slowly. The nurse goes straight on to discharge.
    await waitFor(() => expect(loads).toBe(2));
    await user.click(screen.getByRole('button', { name: 'Discharge' }));
    await screen.findByRole('dialog', { name: 'Discharge' });
    // The chart has reloaded: the level dialog closes itself, and only itself.
    release();
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Change level of care' })).toBeNull());
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByRole('dialog', { name: 'Discharge' })).toBeTruthy();
    expect(screen.getByLabelText('Discharge type')).toBeTruthy();
  });
});
