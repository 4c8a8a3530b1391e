import { uuidv7 } from '../../db/ids';
import type { Db } from '../../db/schema';
import { localDay } from '../../platform/time';
import { addDays } from './authorization-alerts';

/**
 * Demo admissions work for `npm start`: inquiries at each step (new, pre-screened, waitlisted) and
 * coverage on patients in care (one verified, one awaiting verification, one authorization ending
 * within the week). Writes only admissions tables.
 */
export async function seedAdmissions(db: Db, organizationId: string, facilityId: string, coordinatorId: string, now: Date) {
  const today = localDay(now, 'America/New_York');
  const hours = (h: number) => new Date(now.getTime() - h * 3_600_000);
  const base = {
    organization_id: organizationId,
    facility_id: facilityId,
    channel: 'phone' as const,
    created_by: coordinatorId,
    created_at: now,
    updated_at: now,
    closed_reason: null,
    patient_id: null,
    email: null,
    referral_contact: null,
  };
  const inquiries = [
    {
      ...base,
      id: uuidv7(),
      level_of_care: 'withdrawal_management',
      received_at: hours(1),
      caller_name: 'Teresa Vance',
      caller_relation: 'family' as const,
      callback_phone: '555-0131',
      contact_consent: true,
      referral_source: 'family',
      referral_organization: null,
      given_name: 'Evan',
      family_name: 'Vance',
      birth_date: '1994-08-19',
      sex_at_birth: 'male',
      phone: null,
      reason: 'Son using fentanyl daily; wants detox',
      status: 'open' as const,
      next_action: 'Pre-screen',
      next_action_due: today,
    },
    {
      ...base,
      id: uuidv7(),
      level_of_care: 'residential',
      received_at: hours(26),
      caller_name: 'County General ED (social work)',
      caller_relation: 'referrer' as const,
      callback_phone: '555-0199',
      contact_consent: true,
      referral_source: 'emergency_department',
      referral_organization: 'County General ED',
      given_name: 'Marisol',
      family_name: 'Quintero',
      birth_date: '1988-02-03',
      sex_at_birth: 'female',
      phone: '555-0177',
      reason: 'Overdose reversed in the ED yesterday',
      status: 'open' as const,
      next_action: 'Verify insurance and schedule admission',
      next_action_due: today,
    },
    {
      ...base,
      id: uuidv7(),
      level_of_care: 'residential',
      received_at: hours(72),
      caller_name: 'Derek Holt',
      caller_relation: 'self' as const,
      callback_phone: '555-0150',
      contact_consent: true,
      referral_source: 'self',
      referral_organization: null,
      given_name: 'Derek',
      family_name: 'Holt',
      birth_date: '1979-11-30',
      sex_at_birth: 'male',
      phone: '555-0150',
      reason: 'Relapsed after two years; wants residential',
      status: 'waitlisted' as const,
      next_action: 'Call back when a residential bed frees',
      next_action_due: addDays(today, 2),
    },
  ];
  await db.insertInto('adm_inquiries').values(inquiries).execute();
  await db
    .insertInto('adm_prescreens')
    .values({
      organization_id: organizationId,
      id: uuidv7(),
      inquiry_id: inquiries[1].id,
      substances: JSON.stringify([
        { substance: 'fentanyl', route: 'smoked', frequency: 'daily' },
        { substance: 'heroin', route: 'injected' },
      ]),
      last_use_at: hours(30),
      last_use_kind: 'short_acting',
      overdose_count: 2,
      last_overdose_on: addDays(today, -1),
      withdrawal_history: JSON.stringify({ severe: true, seizures: false, delirium: false }),
      pregnancy: 'not_pregnant',
      co_occurring: 'Anxiety',
      current_moud: 'none',
      current_moud_detail: null,
      urgency: 'urgent',
      recommended_level: 'withdrawal_management',
      notes: null,
      recorded_by: coordinatorId,
      recorded_at: now,
    })
    .execute();
  // Coverage on three patients in care at the facility.
  const inCare = await db
    .selectFrom('episodes')
    .select('patient_id')
    .where('organization_id', '=', organizationId)
    .where('facility_id', '=', facilityId)
    .where('status', '=', 'active')
    .orderBy('admitted_at')
    .limit(3)
    .execute();
  const payers = ['Blue Shield PPO', 'State Medicaid', 'Aetna HMO'];
  for (const [i, e] of inCare.entries()) {
    const coverageId = uuidv7();
    await db
      .insertInto('adm_coverages')
      .values({
        organization_id: organizationId,
        id: coverageId,
        patient_id: e.patient_id,
        kind: i === 1 ? 'state_funded' : 'insurance',
        priority: 'primary',
        payer: payers[i],
        plan: null,
        member_id: `M${1000 + i}`,
        group_id: null,
        subscriber_name: null,
        subscriber_relation: 'self',
        effective_from: '2026-01-01',
        effective_to: null,
        sliding_scale_percent: null,
        notes: null,
        created_by: coordinatorId,
        created_at: now,
        verification_result: i === 2 ? null : 'active',
        verified_at: i === 2 ? null : hours(48),
      })
      .execute();
    if (i !== 2) {
      await db
        .insertInto('adm_verifications')
        .values({
          organization_id: organizationId,
          id: uuidv7(),
          coverage_id: coverageId,
          patient_id: e.patient_id,
          verified_at: hours(48),
          verified_by: coordinatorId,
          method: 'phone',
          reference_number: `ELIG-${4100 + i}`,
          result: 'active',
          contact_name: null,
          benefits_notes: null,
          recorded_at: hours(48),
        })
        .execute();
      await db
        .insertInto('adm_authorizations')
        .values({
          organization_id: organizationId,
          id: uuidv7(),
          coverage_id: coverageId,
          patient_id: e.patient_id,
          level_of_care: 'residential',
          auth_number: `PA-${7700 + i}`,
          unit: 'days',
          approved: 14,
          used: i === 0 ? 12 : 3,
          start_date: addDays(today, -12),
          end_date: addDays(today, i === 0 ? 3 : 20),
          status: 'active',
          notes: null,
          created_by: coordinatorId,
          created_at: now,
        })
        .execute();
    }
  }
}
