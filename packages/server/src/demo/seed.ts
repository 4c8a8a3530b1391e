import { uuidv7 } from '../db/ids';
import type { Db, Database } from '../db/schema';
import type { Insertable } from 'kysely';
import type { Role } from '@waypoint/clinical/care/roles';
import { provisionOrganization } from '../modules/admin/service';
import { seedWithdrawal } from './seed-withdrawal';
import { seedAdmissions } from '../modules/admissions/demo';
import { searchName } from '../modules/patients/present';
import { levelLabels, type LevelOfCare } from '@waypoint/clinical/care/levels';

export const demoPassword = 'waypoint-demo-2026';

const staff: { role: Role; email: string; name: string; facilities: number[] }[] = [
  { role: 'administrator', email: 'admin@demo.waypoint.test', name: 'Alex Admin', facilities: [0, 1] },
  { role: 'prescriber', email: 'prescriber@demo.waypoint.test', name: 'Dr. Priya Shah', facilities: [0, 1] },
  { role: 'nurse', email: 'nurse@demo.waypoint.test', name: 'Nina Okafor, RN', facilities: [0] },
  { role: 'counselor', email: 'counselor@demo.waypoint.test', name: 'Carlos Mendes, LCSW', facilities: [0, 1] },
  { role: 'case_manager', email: 'casemanager@demo.waypoint.test', name: 'Kim Lee', facilities: [1] },
  { role: 'admissions_coordinator', email: 'admissions@demo.waypoint.test', name: 'Ava Brooks', facilities: [0, 1] },
  { role: 'peer_recovery_specialist', email: 'peer@demo.waypoint.test', name: 'Sam Rivera, CPRS', facilities: [0] },
  { role: 'patient', email: 'patient@demo.waypoint.test', name: 'Jordan Miller', facilities: [] },
  { role: 'family_member', email: 'family@demo.waypoint.test', name: 'Robin Miller', facilities: [] },
];

const given = [
  'Jordan',
  'Taylor',
  'Morgan',
  'Casey',
  'Riley',
  'Jamie',
  'Avery',
  'Quinn',
  'Drew',
  'Skyler',
  'Reese',
  'Cameron',
  'Dakota',
  'Emerson',
  'Finley',
  'Harper',
  'Jesse',
  'Kendall',
];
const family = [
  'Miller',
  'Garcia',
  'Nguyen',
  'Johnson',
  'Patel',
  'Williams',
  'Brown',
  'Davis',
  'Lopez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Clark',
  'Lewis',
];

// Where the demo's patients are in their care: level, facility, days since admission.
const plan: { level: LevelOfCare; facility: number; days: number; bed?: string }[] = [
  ...Array.from({ length: 8 }, (_, i) => ({ level: 'withdrawal_management' as const, facility: 0, days: (i % 5) + 1, bed: `D${i + 1}` })),
  ...Array.from({ length: 10 }, (_, i) => ({ level: 'residential' as const, facility: 0, days: 6 + i * 3, bed: `R${i + 1}` })),
  ...Array.from({ length: 4 }, (_, i) => ({ level: 'partial_hospitalization' as const, facility: 0, days: 20 + i * 4 })),
  ...Array.from({ length: 5 }, (_, i) => ({ level: 'intensive_outpatient' as const, facility: 1, days: 30 + i * 5 })),
  ...Array.from({ length: 5 }, (_, i) => ({ level: 'outpatient' as const, facility: 1, days: 60 + i * 10 })),
  ...Array.from({ length: 6 }, (_, i) => ({ level: 'opioid_treatment_program' as const, facility: 1, days: 10 + i * 40 })),
];

/** A demo program on first start: two facilities, staff of every role, patients at every stage. */
export async function seedDemo(db: Db, now = new Date()) {
  const { organizationId, facilityIds, userIds } = await provisionOrganization(db, {
    name: 'Riverbend Recovery (demo)',
    facilities: [
      {
        name: 'Riverbend Detox & Residential',
        timeZone: 'America/New_York',
        bedCount: 40,
        levelsOfCare: ['withdrawal_management', 'residential', 'partial_hospitalization'],
      },
      {
        name: 'Riverbend Outpatient & OTP',
        timeZone: 'America/New_York',
        bedCount: 0,
        levelsOfCare: ['intensive_outpatient', 'outpatient', 'opioid_treatment_program'],
      },
    ],
    users: staff.map((s) => ({ email: s.email, displayName: s.name, role: s.role, password: demoPassword, facilities: s.facilities })),
  });
  const user = (role: Role) => userIds[staff.findIndex((s) => s.role === role)];
  const day = 86_400_000;
  await db.transaction().execute(async (tx) => {
    const patients: (Insertable<Database['patients']> & { id: string })[] = [];
    const episodes: (Insertable<Database['episodes']> & { id: string })[] = [];
    const changes: Insertable<Database['level_of_care_changes']>[] = [];
    const events = [];
    const team: Insertable<Database['care_team_members']>[] = [];
    const total = plan.length + 4; // four more were discharged
    for (let i = 0; i < total; i++) {
      const g = given[i % given.length];
      const f = family[(i * 7 + Math.floor(i / given.length)) % family.length];
      const id = uuidv7();
      const p = plan[i];
      const facility = facilityIds[p?.facility ?? 0];
      const birthYear = 1965 + ((i * 11) % 38);
      patients.push({
        organization_id: organizationId,
        id,
        mrn: `W${String(i + 1).padStart(7, '0')}`,
        legal_given_name: g,
        legal_family_name: f,
        preferred_name: i % 6 === 0 ? g.slice(0, 3) : null,
        birth_date: `${birthYear}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
        sex_at_birth: i % 2 ? 'male' : 'female',
        gender_identity: null,
        phone: `555-01${String(i).padStart(2, '0')}`,
        email: null,
        address: null,
        preferred_language: i % 9 === 4 ? 'es' : 'en',
        emergency_contact: JSON.stringify({
          name: `${given[(i + 5) % given.length]} ${f}`,
          relationship: 'sibling',
          phone: `555-02${String(i).padStart(2, '0')}`,
        }),
        photo: null,
        allergies: JSON.stringify(i % 5 === 0 ? [{ substance: 'Penicillin', reaction: 'hives', severity: 'moderate' }] : []),
        facility_id: facility,
        user_id: i === 0 ? user('patient') : null,
        search_name: searchName(g, f, i % 6 === 0 ? g.slice(0, 3) : null),
        created_at: now,
        updated_at: now,
      });
      const episodeId = uuidv7();
      const level: LevelOfCare = p?.level ?? (i % 2 ? 'residential' : 'withdrawal_management');
      const admitted = new Date(now.getTime() - (p?.days ?? 40 + i) * day);
      const discharged = p ? null : new Date(admitted.getTime() + 9 * day);
      episodes.push({
        organization_id: organizationId,
        id: episodeId,
        patient_id: id,
        facility_id: facility,
        level_of_care: level,
        bed: p?.bed ?? null,
        status: (p ? 'active' : 'discharged') as 'active' | 'discharged',
        admitted_at: admitted,
        last_opioid_use_at: new Date(admitted.getTime() - 14 * 3_600_000),
        discharged_at: discharged,
        discharge_type: discharged ? (i % 2 ? 'completed' : 'against_advice') : null,
        discharge_reason: null,
        naloxone_given: discharged ? true : null,
        created_by: user('admissions_coordinator'),
      });
      changes.push({
        organization_id: organizationId,
        id: uuidv7(),
        episode_id: episodeId,
        from_level: null,
        to_level: level,
        direction: 'admission' as const,
        reason: 'Admission',
        changed_at: admitted,
        changed_by: user('admissions_coordinator'),
      });
      events.push(
        {
          organization_id: organizationId,
          id: uuidv7(),
          patient_id: id,
          episode_id: null,
          occurred_at: new Date(admitted.getTime() - 3_600_000),
          kind: 'patient.registered',
          summary: `Registered (MRN W${String(i + 1).padStart(7, '0')})`,
          detail: '{}',
          actor_id: user('admissions_coordinator'),
        },
        {
          organization_id: organizationId,
          id: uuidv7(),
          patient_id: id,
          episode_id: episodeId,
          occurred_at: admitted,
          kind: 'episode.admitted',
          summary: `Admitted, ${levelLabels[level]}${p?.bed ? `, bed ${p.bed}` : ''}`,
          detail: '{}',
          actor_id: user('admissions_coordinator'),
        },
      );
      if (discharged) {
        events.push({
          organization_id: organizationId,
          id: uuidv7(),
          patient_id: id,
          episode_id: episodeId,
          occurred_at: discharged,
          kind: 'episode.discharged',
          summary: `Discharged (${i % 2 ? 'completed' : 'against advice'}); naloxone given`,
          detail: '{}',
          actor_id: user('nurse'),
        });
      }
      if (p && p.facility === 0) {
        team.push({
          organization_id: organizationId,
          id: uuidv7(),
          episode_id: episodeId,
          user_id: user('nurse'),
          team_role: 'primary_nurse',
          assigned_at: admitted,
          removed_at: null,
        });
        team.push({
          organization_id: organizationId,
          id: uuidv7(),
          episode_id: episodeId,
          user_id: user('counselor'),
          team_role: 'primary_counselor',
          assigned_at: admitted,
          removed_at: null,
        });
        if (i % 3 === 0)
          team.push({
            organization_id: organizationId,
            id: uuidv7(),
            episode_id: episodeId,
            user_id: user('peer_recovery_specialist'),
            team_role: 'peer_recovery_specialist',
            assigned_at: admitted,
            removed_at: null,
          });
      }
      if (p && p.facility === 1) {
        team.push({
          organization_id: organizationId,
          id: uuidv7(),
          episode_id: episodeId,
          user_id: user('case_manager'),
          team_role: 'case_manager',
          assigned_at: admitted,
          removed_at: null,
        });
      }
    }
    await tx.insertInto('patients').values(patients).execute();
    await tx
      .insertInto('mrn_counters')
      .values({ organization_id: organizationId, next_value: total + 1 })
      .execute();
    await tx.insertInto('episodes').values(episodes).execute();
    await tx.insertInto('level_of_care_changes').values(changes).execute();
    await tx.insertInto('patient_events').values(events).execute();
    await tx.insertInto('care_team_members').values(team).execute();
    await tx
      .insertInto('alerts')
      .values({
        organization_id: organizationId,
        id: uuidv7(),
        patient_id: patients[2].id,
        episode_id: episodes[2].id,
        kind: 'allergy-review',
        severity: 'warning',
        message: 'Allergy list not yet reviewed by a prescriber',
        raised_at: now,
        acknowledged_at: null,
        acknowledged_by: null,
      })
      .execute();
  });
  await seedWithdrawal(db, organizationId, user('nurse'), now);
  await seedAdmissions(db, organizationId, facilityIds[0], user('admissions_coordinator'), now);
  return { organizationId, accounts: staff.map((s) => ({ role: s.role, email: s.email, password: demoPassword })) };
}
