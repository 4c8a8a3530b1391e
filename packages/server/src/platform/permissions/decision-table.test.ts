import { describe, expect, it } from 'vitest';
import type { StageManifest } from '../stage';
import { composeDecisionTable, isDeclared, permissionsOf, scopeIn } from './decision-table';

const stages: Pick<StageManifest, 'name' | 'grants'>[] = [
  {
    name: 'patients',
    grants: {
      patient: {
        read: { nurse: { scope: 'facility', why: 'cares for the unit' }, patient: { scope: 'self', why: 'their own record' } },
        create: { admissions_coordinator: { scope: 'facility', why: 'registers arrivals' } },
      },
    },
  },
  { name: 'withdrawal', grants: { 'patient-board': { read: { nurse: { scope: 'care-team', why: 'their patients' } } } } },
];

describe('decision table', () => {
  const table = composeDecisionTable(stages);

  it('grants exactly what a stage declares, with its scope, and denies everything else', () => {
    expect(scopeIn(table, 'nurse', 'patient', 'read')).toBe('facility');
    expect(scopeIn(table, 'patient', 'patient', 'read')).toBe('self');
    expect(scopeIn(table, 'nurse', 'patient-board', 'read')).toBe('care-team');
    expect(scopeIn(table, 'nurse', 'patient', 'create')).toBeUndefined(); // another action
    expect(scopeIn(table, 'counselor', 'patient', 'read')).toBeUndefined(); // another role
    expect(scopeIn(table, 'nurse', 'patient', 'update')).toBeUndefined(); // undeclared action
    expect(scopeIn(table, 'nurse', 'census', 'read')).toBeUndefined(); // undeclared resource
  });

  it('lists a role’s permissions with their scopes, and only that role’s', () => {
    expect(permissionsOf(table, 'nurse')).toEqual({ 'patient.read': 'facility', 'patient-board.read': 'care-team' });
    expect(permissionsOf(table, 'admissions_coordinator')).toEqual({ 'patient.create': 'facility' });
    expect(permissionsOf(table, 'family_member')).toEqual({});
  });

  it('knows which resource.action pairs are declared, a resource name’s prefix not counting', () => {
    expect(isDeclared(table, 'patient', 'read')).toBe(true);
    expect(isDeclared(table, 'patient', 'create')).toBe(true);
    expect(isDeclared(table, 'patient', 'update')).toBe(false);
    expect(isDeclared(table, 'patient-board', 'create')).toBe(false);
    expect(isDeclared(table, 'pat', 'read')).toBe(false);
  });

  it('refuses two stages declaring one resource, naming both', () => {
    expect(() => composeDecisionTable([...stages, { name: 'care', grants: { patient: { read: { counselor: { scope: 'facility', why: 'x' } } } } }])).toThrow(
      "Resource 'patient' is declared by both stage 'patients' and stage 'care'.",
    );
  });

  it('refuses a grant without a reason (blank counts as none)', () => {
    expect(() => composeDecisionTable([{ name: 'alerts', grants: { alert: { read: { nurse: { scope: 'facility', why: '  ' } } } } }])).toThrow(
      "Grant alert.read for nurse in stage 'alerts' has no reason.",
    );
    expect(() => composeDecisionTable([{ name: 'alerts', grants: { alert: { read: { nurse: { scope: 'facility', why: '' } } } } }])).toThrow(/has no reason/);
    // A manifest written in plain JavaScript may leave the reason, or the whole grant, out.
    expect(() => composeDecisionTable([{ name: 'alerts', grants: { alert: { read: { nurse: { scope: 'facility' } as never } } } }])).toThrow(/has no reason/);
    expect(() => composeDecisionTable([{ name: 'alerts', grants: { alert: { read: { nurse: undefined } } } }])).toThrow(/has no reason/);
  });
});
