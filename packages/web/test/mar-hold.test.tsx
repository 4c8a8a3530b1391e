import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { doseSchema, marSchema } from '@waypoint/server/schemas/medication';
import { MarPage } from '../src/features/medication/Pages';
import { facilityId, facilityList, nurse } from './fixtures';
import { fakeApi, renderWithQuery, wire } from './fake-api';

const orderId = '0190a0b0-0000-7000-8000-000000000501';
const patientId = '0190a0b0-0000-7000-8001-000000000001';
const marNurse = { ...nurse, permissions: [...nurse.permissions, 'medication-dose.create'] };

const mar = wire(marSchema, {
  facility: { id: facilityId, name: 'Riverside detox unit', timeZone: 'America/New_York' },
  day: '2026-12-02',
  patients: [
    {
      patientId,
      name: 'Rivera, Ana',
      mrn: 'W0000001',
      bed: 'R1',
      orders: [
        {
          id: orderId,
          name: 'Clonidine',
          medication: 'clonidine',
          doseMg: 0.1,
          form: 'tablet',
          frequency: 'q6h',
          status: 'active',
          holdParameters: { systolicBelow: 90, vitalsMaxAgeMinutes: 60 },
          prnMinHours: null,
          prnMaxDailyMg: null,
          lastGivenAt: null,
          slots: [{ scheduledFor: '2026-12-02T14:00:00.000Z', time: '09:00', status: 'due', doseId: null }],
          controlled: false,
          atWindow: false,
          containers: [],
        },
        {
          id: '0190a0b0-0000-7000-8000-000000000502',
          name: 'Methadone',
          medication: 'methadone',
          doseMg: 60,
          form: 'liquid',
          frequency: 'daily',
          status: 'active',
          holdParameters: null,
          prnMinHours: null,
          prnMaxDailyMg: null,
          lastGivenAt: null,
          slots: [],
          controlled: true,
          atWindow: true,
          containers: [],
        },
      ],
    },
  ],
});

const held = wire(doseSchema, {
  id: '0190a0b0-0000-7000-8000-000000000601',
  patientId,
  orderId,
  kind: 'held',
  dosingDay: '2026-12-02',
  medication: 'clonidine',
  form: 'tablet',
  doseMg: null,
  volumeMl: null,
  units: null,
  containerId: null,
  observed: true,
  reason: 'BP 84/50, dizzy',
  givenBy: nurse.user.id,
  givenAt: '2026-12-02T14:05:00.000Z',
});

describe('MAR', () => {
  it('asks a hold’s reason in the row (no browser prompt), sends it typed as held, cancel sends nothing; a window order is shown without stock', async () => {
    const prompt = vi.fn(() => null);
    window.prompt = prompt;
    const user = userEvent.setup();
    const api = fakeApi({
      'GET /facilities': { body: facilityList },
      [`GET /facilities/${facilityId}/mar`]: { body: mar },
      'POST /medication/administrations': { status: 201, body: held },
    });
    renderWithQuery(<MarPage me={marNurse} />);

    // The window's daily methadone is shown for the unit's information, with nothing to give or pour here.
    expect(await screen.findByText('Dosed at the dosing window')).toBeTruthy();
    expect(screen.queryByLabelText('Stock bottle for Methadone')).toBeNull();
    expect(screen.getAllByRole('button', { name: 'Hold' })).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Hold' }));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(api.sent.filter((s) => s.method === 'POST')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Hold' }));
    const reason = screen.getByLabelText('Reason for holding Clonidine at 09:00');
    expect(document.activeElement).toBe(reason);
    expect((screen.getByRole('button', { name: 'Record hold' }) as HTMLButtonElement).disabled).toBe(true);
    await user.type(reason, 'BP 84/50, dizzy{Enter}');

    await screen.findByText('Clonidine: held');
    const posted = api.sent.filter((s) => s.method === 'POST');
    expect(posted).toHaveLength(1);
    expect(posted[0].body).toMatchObject({ orderId, scheduledFor: '2026-12-02T14:00:00.000Z', outcome: 'held', reason: 'BP 84/50, dizzy' });
    expect(prompt).not.toHaveBeenCalled();
  });
});
