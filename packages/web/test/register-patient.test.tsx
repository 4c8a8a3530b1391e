import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { duplicateCandidates, patientSchema } from '@waypoint/server/schemas/patients';
import { RegisterPatient } from '../src/features/patients/RegisterPatient';
import { facilityId, facilityList, nurse } from './fixtures';
import { fakeApi, renderWithQuery, wire } from './fake-api';

const existing = {
  id: '0190a0b0-0000-7000-8000-000000000401',
  mrn: 'W0000001',
  legalGivenName: 'Ana',
  legalFamilyName: 'Rivera',
  preferredName: null,
  birthDate: '1990-04-12',
  age: 36,
  sexAtBirth: 'female' as const,
  activeEpisode: null,
};

const created = wire(patientSchema, {
  id: '0190a0b0-0000-7000-8000-000000000499',
  mrn: 'W0000042',
  legalGivenName: 'Anna',
  legalFamilyName: 'Rivera',
  preferredName: null,
  birthDate: '1990-04-12',
  sexAtBirth: 'female',
  genderIdentity: null,
  phone: null,
  email: null,
  address: null,
  preferredLanguage: 'en',
  emergencyContact: null,
  photo: null,
  allergies: [],
  facilityId,
  version: 1,
});

describe('patient registration', () => {
  it('warns of a likely duplicate while the name and birth date are typed, and registers a different person only when confirmed', async () => {
    const user = userEvent.setup();
    const api = fakeApi({
      'GET /facilities': { body: facilityList },
      'POST /patients/duplicates': { body: wire(duplicateCandidates, { candidates: [existing] }) },
      'POST /patients': (s) =>
        (s.body as { confirmNotDuplicate?: boolean }).confirmNotDuplicate
          ? { status: 201, body: created }
          : {
              status: 409,
              body: {
                title: 'Conflict',
                status: 409,
                rule: 'possible-duplicate',
                detail: 'A patient with a similar name and birth date exists.',
                candidates: [existing],
              },
            },
    });
    renderWithQuery(<RegisterPatient me={nurse} />);

    await user.type(screen.getByLabelText('Legal first name'), 'Anna');
    await user.type(screen.getByLabelText('Legal last name'), 'Rivera');
    expect(api.sent.some((s) => s.path === '/patients/duplicates')).toBe(false); // not before the birth date
    await user.type(screen.getByLabelText('Birth date'), '1990-04-12');
    await user.selectOptions(screen.getByLabelText('Sex assigned at birth'), 'female');

    expect((await screen.findByRole('alert', { name: 'Possible duplicate' }, { timeout: 3000 })).textContent).toContain('Rivera, Ana · W0000001');
    const check = api.sent.find((s) => s.path === '/patients/duplicates')!;
    expect(check.body).toEqual({ legalGivenName: 'Anna', legalFamilyName: 'Rivera', birthDate: '1990-04-12' });

    // The one facility this nurse works at is chosen for them.
    await user.click(screen.getByRole('button', { name: 'This is a different person — register anyway' }));
    await screen.findByRole('button', { name: 'Register' });
    const register = api.sent.filter((s) => s.method === 'POST' && s.path === '/patients').at(-1)!;
    expect(register.body).toMatchObject({
      legalGivenName: 'Anna',
      legalFamilyName: 'Rivera',
      birthDate: '1990-04-12',
      sexAtBirth: 'female',
      facilityId,
      confirmNotDuplicate: true,
    });
    expect(register.headers['idempotency-key']).toBeTruthy();
    expect(location.pathname).toBe(`/patients/${created.id}`);
  });

  it('hides the duplicate warning again when the name is cleared', async () => {
    const user = userEvent.setup();
    fakeApi({ 'GET /facilities': { body: facilityList }, 'POST /patients/duplicates': { body: wire(duplicateCandidates, { candidates: [existing] }) } });
    renderWithQuery(<RegisterPatient me={nurse} />);
    await user.type(screen.getByLabelText('Legal first name'), 'Anna');
    await user.type(screen.getByLabelText('Legal last name'), 'Rivera');
    await user.type(screen.getByLabelText('Birth date'), '1990-04-12');
    await screen.findByRole('alert', { name: 'Possible duplicate' }, { timeout: 3000 });
    await user.clear(screen.getByLabelText('Legal last name'));
    expect(screen.queryByRole('alert', { name: 'Possible duplicate' })).toBeNull();
  });
});
