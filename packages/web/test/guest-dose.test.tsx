import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { doseScreenSchema } from '@waypoint/server/schemas/medication';
import { staffDirectory } from '@waypoint/server/schemas/staff';
import { GuestDoseForm, type GuestDoseBody } from '../src/features/medication/GuestDoseForm';
import { facilityId, nurse } from './fixtures';
import { fakeApi, renderWithQuery, wire } from './fake-api';

const colleague = { id: '0190a0b0-0000-7000-8000-000000000102', displayName: 'Ned Nurse', role: 'nurse' as const };

const visitor = wire(doseScreenSchema, {
  patient: { id: '0190a0b0-0000-7000-8001-000000000009', mrn: 'W0000009', name: 'Guest, Gail', preferredName: null, birthDate: '1980-02-02', photo: null },
  facility: { id: facilityId, name: 'Riverside OTP', timeZone: 'America/New_York' },
  dosingDay: '2026-12-02',
  order: null,
  dueMg: null,
  firstMethadoneDay: false,
  missedInARow: 0,
  stops: [],
  dosesToday: [],
  containers: [
    {
      id: '0190a0b0-0000-7000-8000-000000000701',
      label: 'Methadone 10 mg/mL #1',
      medication: 'methadone',
      form: 'liquid',
      unit: 'ml',
      strengthMg: 10,
      balance: 900,
      volumeForDue: null,
    },
  ],
});

describe('guest dose', () => {
  it('records who here verified the dose: the nurse by default, or a colleague of the dosing staff chosen', async () => {
    const user = userEvent.setup();
    fakeApi({
      'GET /staff': { body: wire(staffDirectory, { items: [{ id: nurse.user.id, displayName: nurse.user.displayName, role: 'nurse' }, colleague] }) },
    });
    const submitted: GuestDoseBody[] = [];
    renderWithQuery(<GuestDoseForm screen={visitor} me={nurse} pending={false} onSubmit={(b) => submitted.push(b)} onCancel={vi.fn()} />);

    await user.type(screen.getByLabelText('Home program'), 'Harbor Clinic');
    await user.type(screen.getByLabelText('Home program contact (phone, person)'), '555-0100, Dr Lee');
    await user.type(screen.getByLabelText('Dose verified with (name at the home program)'), 'Dr Lee');
    await user.type(screen.getByLabelText('Verified dose (mg)'), '60');
    const verifiedBy = screen.getByLabelText('Verified here by') as HTMLSelectElement;
    expect(verifiedBy.selectedOptions[0].textContent).toBe('You (Nora Nurse)');
    await user.click(screen.getByRole('button', { name: 'Record guest dose' }));
    expect(submitted[0].guest.verifiedBy).toBeUndefined();

    await screen.findByRole('option', { name: 'Ned Nurse' });
    await user.selectOptions(verifiedBy, 'Ned Nurse');
    expect(verifiedBy.value).toBe(colleague.id);
    await user.click(screen.getByRole('button', { name: 'Record guest dose' }));
    expect(submitted[1].guest).toMatchObject({ verifiedBy: colleague.id, verifiedWith: 'Dr Lee', doseMg: 60, homeProgram: 'Harbor Clinic' });
  });
});
