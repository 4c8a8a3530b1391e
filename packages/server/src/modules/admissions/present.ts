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

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const nstr = z.string().nullable();

export const prescreenSchema = z.object({
  id: z.string(),
  inquiryId: z.string(),
  substances: z.array(z.object({ substance: z.string(), route: z.string(), frequency: z.string().optional() })),
  lastUseAt: nstr,
  lastUseKind: z.string(),
  overdoseCount: z.number(),
  lastOverdoseOn: nstr,
  withdrawalHistory: z.object({ severe: z.boolean(), seizures: z.boolean(), delirium: z.boolean(), notes: z.string().optional() }),
  pregnancy: z.string(),
  coOccurring: nstr,
  currentMoud: z.string(),
  currentMoudDetail: nstr,
  urgency: z.string(),
  recommendedLevel: nstr,
  notes: nstr,
  recordedBy: z.string(),
  recordedAt: z.string(),
  version: z.number(),
});

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

export const inquirySummarySchema = z.object({
  id: z.string(),
  facilityId: z.string(),
  levelOfCare: nstr,
  receivedAt: z.string(),
  channel: z.string(),
  callerName: z.string(),
  callerRelation: z.string(),
  callbackPhone: nstr,
  contactConsent: z.boolean(),
  referralSource: z.string(),
  referralOrganization: nstr,
  referralContact: nstr,
  givenName: z.string(),
  familyName: z.string(),
  birthDate: nstr,
  sexAtBirth: nstr,
  phone: nstr,
  email: nstr,
  reason: nstr,
  status: z.string(),
  nextAction: nstr,
  nextActionDue: nstr,
  closedReason: nstr,
  patientId: nstr,
  version: z.number(),
  createdAt: z.string(),
});

export const inquirySchema = inquirySummarySchema.extend({
  prescreen: prescreenSchema.nullable(),
  scheduled: z.array(z.lazy(() => scheduledSchema)),
});

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

export const scheduledSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  patientName: z.string().optional(),
  mrn: z.string().optional(),
  inquiryId: nstr,
  facilityId: z.string(),
  levelOfCare: z.string(),
  scheduledOn: z.string(),
  status: z.string(),
  episodeId: nstr,
  admittedAt: nstr,
  cancelledReason: nstr,
  version: z.number(),
});

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

export const verificationSchema = z.object({
  id: z.string(),
  coverageId: z.string(),
  verifiedAt: z.string(),
  verifiedBy: z.string(),
  verifiedByName: z.string(),
  method: z.string(),
  referenceNumber: z.string(),
  result: z.string(),
  contactName: nstr,
  benefitsNotes: nstr,
});

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

export const authorizationSchema = z.object({
  id: z.string(),
  coverageId: z.string(),
  patientId: z.string(),
  levelOfCare: z.string(),
  authNumber: z.string(),
  unit: z.string(),
  approved: z.number(),
  used: z.number(),
  remaining: z.number(),
  startDate: z.string(),
  endDate: z.string(),
  status: z.string(),
  notes: nstr,
  version: z.number(),
});

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

export const coverageSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  kind: z.string(),
  priority: z.string(),
  payer: nstr,
  plan: nstr,
  memberId: nstr,
  groupId: nstr,
  subscriberName: nstr,
  subscriberRelation: nstr,
  effectiveFrom: z.string(),
  effectiveTo: nstr,
  slidingScalePercent: z.number().nullable(),
  notes: nstr,
  active: z.boolean(),
  version: z.number(),
  verified: z.boolean(),
  verifications: z.array(verificationSchema),
  authorizations: z.array(authorizationSchema),
});

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

export const consentSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  admissionId: nstr,
  formCode: z.string(),
  formVersion: z.number(),
  formTitle: z.string(),
  formBody: z.string(),
  signerName: z.string(),
  signerRelation: z.string(),
  signedAt: z.string(),
  witnessedBy: z.string(),
  witnessedByName: z.string(),
  amendsId: nstr,
  amendmentReason: nstr,
  amendedById: nstr,
});

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
