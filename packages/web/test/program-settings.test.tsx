import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { admissionsSettingsSchema, bedCapacitySchema } from '@waypoint/server/schemas/admissions';
import { workupSchema } from '@waypoint/server/schemas/assessment';
import { reviewSettings } from '@waypoint/server/schemas/planning';
import { SettingsPanelsContext } from '../src/app/stage';
import { webStages } from '../src/app/stages';
import { AdminPage } from '../src/features/admin/AdminPage';
import { AuthorizationAlertSettings, BedCapacitySettings } from '../src/features/admissions/Settings';
import { ReviewIntervalSettings } from '../src/features/planning/Settings';
import { AssessmentPanel } from '../src/features/assessment/AssessmentPanel';
import { facilityId, facilityList, nurse } from './fixtures';
import { fakeApi, renderWithQuery, wire } from './fake-api';

const invalid = (field: string, message: string) => ({
  status: 400,
  body: { title: 'Invalid request', status: 400, detail: message, errors: [{ field, rule: 'too_big', message }] },
});

const administrator = {
  ...nurse,
  user: { ...nurse.user, role: 'administrator' as const },
  permissions: ['user.read', 'organization.update', 'facility.update', 'facility.read', 'coverage.read', 'plan-settings.read', 'plan-settings.update'],
  scopes: {},
};

const reviewDays = {
  withdrawal_management: 7,
  residential: 30,
  intensive_outpatient: 30,
  outpatient: 90,
  opioid_treatment_program: 90,
  partial_hospitalization: 30,
};

describe('program settings on the Administration page', () => {
  it('shows each setting only to a role that may change it', async () => {
    fakeApi({
      'GET /admissions/settings': { body: wire(admissionsSettingsSchema, { authWarnDays: 7, authWarnRemaining: 2 }) },
      'GET /facilities': { body: facilityList },
    });
    const panels = webStages.flatMap((s) => s.settingsPanels ?? []);
    const onlyOrganization = { ...administrator, permissions: ['user.read', 'organization.update', 'coverage.read'] };
    renderWithQuery(
      <SettingsPanelsContext.Provider value={panels}>
        <AdminPage me={onlyOrganization} />
      </SettingsPanelsContext.Provider>,
    );
    expect(await screen.findByRole('heading', { name: 'Prior authorization alerts' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Beds by level of care' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Treatment-plan reviews' })).toBeNull();
  });

  it('saves the authorization alert thresholds typed from the keyboard, and shows the server’s refusal at the field', async () => {
    const user = userEvent.setup();
    const api = fakeApi({
      'GET /admissions/settings': { body: wire(admissionsSettingsSchema, { authWarnDays: 7, authWarnRemaining: 2 }) },
      'PUT /admissions/settings': (s) =>
        (s.body as { authWarnDays: number }).authWarnDays > 90
          ? invalid('authWarnDays', 'authWarnDays: Too big: expected number to be <=90')
          : { body: wire(admissionsSettingsSchema, s.body as { authWarnDays: number; authWarnRemaining: number }) },
    });
    renderWithQuery(<AuthorizationAlertSettings />);
    const days = await screen.findByLabelText('Days before the end date');
    expect((days as HTMLInputElement).value).toBe('7');
    await user.clear(days);
    await user.type(days, '120');
    await user.type(screen.getByLabelText('Units or days left'), '{Backspace}3{Enter}');
    expect(api.sent.find((s) => s.method === 'PUT')!.body).toEqual({ authWarnDays: 120, authWarnRemaining: 3 });
    const error = await screen.findByText('authWarnDays: Too big: expected number to be <=90');
    expect(days.getAttribute('aria-describedby')).toContain(error.id);
    expect(days.getAttribute('aria-invalid')).toBe('true');

    await user.clear(days);
    await user.type(days, '14{Enter}');
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'Saved.');
    expect(api.sent.filter((s) => s.method === 'PUT').at(-1)!.body).toEqual({ authWarnDays: 14, authWarnRemaining: 3 });
  });

  it('sets beds per bed-based level of a facility; a total over the facility’s beds is refused next to the form', async () => {
    const user = userEvent.setup();
    const url = `/admissions/facilities/${facilityId}/bed-capacity`;
    const api = fakeApi({
      'GET /facilities': { body: facilityList },
      [`GET ${url}`]: {
        body: wire(bedCapacitySchema, {
          facilityId,
          bedCount: 12,
          bedLevels: ['withdrawal_management', 'residential'],
          levels: [{ levelOfCare: 'withdrawal_management', beds: 4 }],
        }),
      },
      [`PUT ${url}`]: (s) => {
        const levels = (s.body as { levels: { levelOfCare: 'residential' | 'withdrawal_management'; beds: number }[] }).levels;
        const total = levels.reduce((n, l) => n + l.beds, 0);
        return total > 12
          ? {
              status: 422,
              body: {
                title: 'Invalid',
                status: 422,
                detail: `levels: ${total} beds is more than the facility's 12.`,
                errors: [{ field: 'levels', rule: 'within-bed-count', message: `levels: ${total} beds is more than the facility's 12.` }],
              },
            }
          : { body: wire(bedCapacitySchema, { facilityId, bedCount: 12, bedLevels: ['withdrawal_management', 'residential'], levels }) };
      },
    });
    renderWithQuery(<BedCapacitySettings />);
    const detox = await screen.findByLabelText('Withdrawal management beds');
    expect((detox as HTMLInputElement).value).toBe('4');
    const residential = screen.getByLabelText('Residential beds');
    expect((residential as HTMLInputElement).value).toBe('');
    await user.type(residential, '9{Enter}');
    expect(api.sent.find((s) => s.method === 'PUT')!.body).toEqual({
      levels: [
        { levelOfCare: 'withdrawal_management', beds: 4 },
        { levelOfCare: 'residential', beds: 9 },
      ],
    });
    expect((await screen.findByRole('alert')).textContent).toBe("levels: 13 beds is more than the facility's 12.");
    await user.type(residential, '{Backspace}8{Enter}');
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'Saved.');
  });

  it('sends only the review intervals changed, and shows a refused one at its level', async () => {
    const user = userEvent.setup();
    const api = fakeApi({
      'GET /plan-settings/review-intervals': { body: wire(reviewSettings, { reviewDays, defaults: reviewDays }) },
      'PUT /plan-settings/review-intervals': (s) => {
        const days = (s.body as { reviewDays: Record<string, number> }).reviewDays;
        return (days.residential ?? 0) > 365
          ? invalid('reviewDays.residential', 'reviewDays.residential: Too big: expected number to be <=365')
          : { body: wire(reviewSettings, { reviewDays: { ...reviewDays, ...days }, defaults: reviewDays }) };
      },
    });
    renderWithQuery(<ReviewIntervalSettings />);
    const residential = await screen.findByLabelText('Residential: days between reviews');
    await user.clear(residential);
    await user.type(residential, '400{Enter}');
    expect(api.sent.find((s) => s.method === 'PUT')!.body).toEqual({ reviewDays: { residential: 400 } });
    const error = await screen.findByText('reviewDays.residential: Too big: expected number to be <=365');
    expect(residential.getAttribute('aria-describedby')).toContain(error.id);
    await user.clear(residential);
    await user.type(residential, '21{Enter}');
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'Saved.');
    expect(api.sent.filter((s) => s.method === 'PUT').at(-1)!.body).toEqual({ reviewDays: { residential: 21 } });
  });
});

describe('baseline labs in the intake work-up', () => {
  const patientId = '0190a0b0-0000-7000-8000-000000000401';
  const episodeId = '0190a0b0-0000-7000-8000-000000000402';
  const lab = { id: '0190a0b0-0000-7000-8000-000000000701', testName: 'Hepatitis C antibody', orderedAt: '2026-03-02T14:00:00Z' };
  const header = {
    patient: { id: patientId },
    episode: { id: episodeId, levelOfCare: 'residential', admittedAt: '2026-03-02T13:00:00Z', bed: null, status: 'active' },
  } as unknown as Parameters<typeof AssessmentPanel>[0]['header'];

  it('marks an ordered lab resulted from the keyboard; a time before the order is refused at the field', async () => {
    const user = userEvent.setup();
    let resulted = false;
    const api = fakeApi({
      [`GET /patients/${patientId}/assessments`]: { body: { items: [] } },
      [`GET /patients/${patientId}/intake-workup`]: () => ({
        body: wire(workupSchema, {
          screens: [],
          labs: [
            resulted
              ? { ...lab, status: 'resulted', resultedAt: '2026-03-03T15:00:00Z', summary: 'Non-reactive' }
              : { ...lab, status: 'ordered', resultedAt: null, summary: null },
          ],
        }),
      }),
      [`POST /baseline-labs/${lab.id}/result`]: (s) => {
        const body = s.body as { resultedAt: string; summary: string };
        if (Date.parse(body.resultedAt) < Date.parse(lab.orderedAt))
          return {
            status: 422,
            body: {
              title: 'Invalid',
              status: 422,
              detail: 'resultedAt: must be after the order time.',
              errors: [{ field: 'resultedAt', rule: 'after-ordered', message: 'resultedAt: must be after the order time.' }],
            },
          };
        resulted = true;
        return { body: { ...lab, status: 'resulted', resultedAt: body.resultedAt, summary: body.summary } };
      },
    });
    const me = { ...nurse, permissions: [...nurse.permissions, 'assessment.read', 'assessment.update'] };
    renderWithQuery(<AssessmentPanel patientId={patientId} header={header} me={me} />);
    await user.click(await screen.findByRole('button', { name: 'Record the result of Hepatitis C antibody' }));
    const form = screen.getByRole('form', { name: 'Result of Hepatitis C antibody' });
    const when = within(form).getByLabelText('Resulted (facility time)');
    await user.type(when, '2026-03-01T09:00');
    await user.type(within(form).getByLabelText('Result summary'), 'Non-reactive{Enter}');
    const error = await screen.findByText('resultedAt: must be after the order time.');
    expect(when.getAttribute('aria-describedby')).toContain(error.id);
    expect(api.sent.find((s) => s.method === 'POST')!.body).toMatchObject({ summary: 'Non-reactive' });

    await user.clear(when);
    await user.type(when, '2026-03-03T10:00{Enter}');
    expect(await screen.findByText(/Hepatitis C antibody: resulted .* — Non-reactive/)).toBeTruthy();
  });
});
