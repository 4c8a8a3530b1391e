import type { Selectable } from 'kysely';
import { z } from 'zod';
import type {
  AdmAuthorizationsTable,
  AdmConsentsTable,
  AdmCoveragesTable,
  AdmInquiriesTable,
  AdmPrescreensTable,
  AdmScheduledAdmissionsTable,
  AdmVerificationsTable,
} from '../../db/schema';
import { authorizationSchema, consentSchema, coverageSchema, inquirySummarySchema, prescreenSchema, scheduledSchema, verificationSchema } from './schemas';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentPrescreen(p: Selectable<AdmPrescreensTable>): z.infer<typeof prescreenSchema> {
  return {
    id: p.id,
    inquiryId: p.inquiry_id,
    substances: p.substances,
    lastUseAt: iso(p.last_use_at),
    lastUseKind: p.last_use_kind,
    overdoseCount: p.overdose_count,
    lastOverdoseOn: p.last_overdose_on,
    withdrawalHistory: p.withdrawal_history,
    pregnancy: p.pregnancy,
    coOccurring: p.co_occurring,
    currentMoud: p.current_moud,
    currentMoudDetail: p.current_moud_detail,
    urgency: p.urgency,
    recommendedLevel: p.recommended_level,
    notes: p.notes,
    recordedBy: p.recorded_by,
    recordedAt: p.recorded_at.toISOString(),
    version: p.version,
  };
}

export function presentInquiry(i: Selectable<AdmInquiriesTable>): z.infer<typeof inquirySummarySchema> {
  return {
    id: i.id,
    facilityId: i.facility_id,
    levelOfCare: i.level_of_care,
    receivedAt: i.received_at.toISOString(),
    channel: i.channel,
    callerName: i.caller_name,
    callerRelation: i.caller_relation,
    callbackPhone: i.callback_phone,
    contactConsent: i.contact_consent,
    referralSource: i.referral_source,
    referralOrganization: i.referral_organization,
    referralContact: i.referral_contact,
    givenName: i.given_name,
    familyName: i.family_name,
    birthDate: i.birth_date,
    sexAtBirth: i.sex_at_birth,
    phone: i.phone,
    email: i.email,
    reason: i.reason,
    status: i.status,
    nextAction: i.next_action,
    nextActionDue: i.next_action_due,
    closedReason: i.closed_reason,
    patientId: i.patient_id,
    version: i.version,
    createdAt: i.created_at.toISOString(),
  };
}

export function presentScheduled(s: Selectable<AdmScheduledAdmissionsTable>, names?: { patient_name: string; mrn: string }): z.infer<typeof scheduledSchema> {
  return {
    id: s.id,
    patientId: s.patient_id,
    ...(names && { patientName: names.patient_name, mrn: names.mrn }),
    inquiryId: s.inquiry_id,
    facilityId: s.facility_id,
    levelOfCare: s.level_of_care,
    scheduledOn: s.scheduled_on,
    status: s.status,
    episodeId: s.episode_id,
    admittedAt: iso(s.admitted_at),
    cancelledReason: s.cancelled_reason,
    version: s.version,
  };
}

export function presentVerification(v: Selectable<AdmVerificationsTable> & { verified_by_name: string }): z.infer<typeof verificationSchema> {
  return {
    id: v.id,
    coverageId: v.coverage_id,
    verifiedAt: v.verified_at.toISOString(),
    verifiedBy: v.verified_by,
    verifiedByName: v.verified_by_name,
    method: v.method,
    referenceNumber: v.reference_number,
    result: v.result,
    contactName: v.contact_name,
    benefitsNotes: v.benefits_notes,
  };
}

export function presentAuthorization(a: Selectable<AdmAuthorizationsTable>): z.infer<typeof authorizationSchema> {
  return {
    id: a.id,
    coverageId: a.coverage_id,
    patientId: a.patient_id,
    levelOfCare: a.level_of_care,
    authNumber: a.auth_number,
    unit: a.unit,
    approved: a.approved,
    used: a.used,
    remaining: a.approved - a.used,
    startDate: a.start_date,
    endDate: a.end_date,
    status: a.status,
    notes: a.notes,
    version: a.version,
  };
}

export function presentCoverage(
  c: Selectable<AdmCoveragesTable>,
  verifications: z.infer<typeof verificationSchema>[],
  authorizations: z.infer<typeof authorizationSchema>[],
): z.infer<typeof coverageSchema> {
  return {
    id: c.id,
    patientId: c.patient_id,
    kind: c.kind,
    priority: c.priority,
    payer: c.payer,
    plan: c.plan,
    memberId: c.member_id,
    groupId: c.group_id,
    subscriberName: c.subscriber_name,
    subscriberRelation: c.subscriber_relation,
    effectiveFrom: c.effective_from,
    effectiveTo: c.effective_to,
    slidingScalePercent: c.sliding_scale_percent,
    notes: c.notes,
    active: c.active,
    version: c.version,
    verified: needsVerification(c.kind) ? verifications[0]?.result === 'active' : true,
    verifications,
    authorizations,
  };
}

/** Only a third-party payer is verified; self-pay and sliding-scale need no eligibility check. */
export function needsVerification(kind: string): boolean {
  return kind === 'insurance' || kind === 'state_funded' || kind === 'employee_assistance';
}

export function presentConsent(c: Selectable<AdmConsentsTable> & { witness_name: string }, amendedById: string | null): z.infer<typeof consentSchema> {
  return {
    id: c.id,
    patientId: c.patient_id,
    admissionId: c.admission_id,
    formCode: c.form_code,
    formVersion: c.form_version,
    formTitle: c.form_title,
    formBody: c.form_body,
    signerName: c.signer_name,
    signerRelation: c.signer_relation,
    signedAt: c.signed_at.toISOString(),
    witnessedBy: c.witnessed_by,
    witnessedByName: c.witness_name,
    amendsId: c.amends_id,
    amendmentReason: c.amendment_reason,
    amendedById,
  };
}
