import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { myAlerts } from '@waypoint/server/schemas/alerts';
import { worklistSchema } from '@waypoint/server/schemas/admissions';
import { WorkListPage } from '../src/features/admissions/WorkList';
import { facilityList, nurse } from './fixtures';
import { fakeApi, renderWithQuery, wire } from './fake-api';

const coordinator = {
  ...nurse,
  user: { ...nurse.user, role: 'admissions_coordinator' as const, displayName: 'Ava Brooks' },
  permissions: ['admissions-inquiry.read', 'alert.read', 'alert.update'],
  scopes: { 'admissions-inquiry.read': 'facility' as const, 'alert.read': 'facility' as const, 'alert.update': 'facility' as const },
};

const alert = {
  id: '0190a0b0-0000-7000-8000-000000000801',
  patientId: '0190a0b0-0000-7000-8000-000000000401',
  facilityId: null,
  facilityName: null,
  episodeId: null,
  kind: 'authorization-running-out',
  severity: 'warning' as const,
  message: 'Prior authorization RES-42 (Aetna) for residential 1 of 10 days left',
  raisedAt: '2026-03-02T14:00:00Z',
  acknowledgedAt: null,
  acknowledgedByName: null,
  actionTaken: null,
  actionRequired: true,
  escalatedAt: null,
  resolvedAt: null,
  audience: ['admissions_coordinator' as const],
  patientName: 'Rivera, Ana',
  mrn: 'W0000001',
  bed: null,
};

const emptyWorkList = wire(worklistSchema, {
  today: '2026-03-02',
  authWarning: { days: 7, remaining: 2 },
  inquiries: { more: false, items: [] },
  verifications: { more: false, items: [] },
  authorizations: { more: false, items: [] },
  scheduled: { more: false, items: [] },
});

describe('the coordinator’s work list', () => {
  it('lists the alerts raised for coordinators and acknowledges one only with the action taken', async () => {
    const user = userEvent.setup();
    let open = [alert];
    const api = fakeApi({
      'GET /facilities': { body: facilityList },
      'GET /admissions/worklist': { body: emptyWorkList },
      'GET /alerts': () => ({ body: wire(myAlerts, { items: open }) }),
      [`POST /alerts/${alert.id}/acknowledge`]: (s) => {
        open = [];
        return { body: { ...alert, acknowledgedAt: '2026-03-02T15:00:00Z', actionTaken: (s.body as { action: string }).action } };
      },
    });
    renderWithQuery(<WorkListPage me={coordinator} />);
    const section = (await screen.findByRole('heading', { name: 'Alerts for me (1)' })).closest('section')!;
    within(section).getByText(/RES-42 \(Aetna\) for residential 1 of 10 days left/);
    await user.click(within(section).getByRole('button', { name: 'Acknowledge' }));
    const action = within(section).getByLabelText('Action taken');
    const submit = within(section).getByRole('button', { name: 'Acknowledge with action' });
    expect(submit).toHaveProperty('disabled', true);
    await user.type(action, 'Concurrent review requested, ref 77-1{Enter}');
    expect(api.sent.find((s) => s.method === 'POST')!.body).toEqual({ action: 'Concurrent review requested, ref 77-1' });
    await screen.findByRole('heading', { name: 'Alerts for me (0)' });
  });
});
