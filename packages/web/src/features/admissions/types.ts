// The admissions API's answers, derived from the server's response schemas (server modules/admissions/schemas.ts).
// Type-only imports: no server code is bundled.
import type { z } from 'zod';
import type {
  authorizationSchema,
  availabilitySchema,
  bedCapacitySchema,
  admissionsSettingsSchema,
  consentFormSchema,
  consentSchema,
  coverageSchema,
  duplicatesSchema,
  inquirySchema,
  inquirySummarySchema,
  prescreenSchema,
  scheduledSchema,
  verificationSchema,
  worklistSchema,
} from '@waypoint/server/schemas/admissions';

export type Prescreen = z.infer<typeof prescreenSchema>;
export type Scheduled = z.infer<typeof scheduledSchema>;
export type InquirySummary = z.infer<typeof inquirySummarySchema>;
export type Inquiry = z.infer<typeof inquirySchema>;
export type Verification = z.infer<typeof verificationSchema>;
export type Authorization = z.infer<typeof authorizationSchema>;
export type Coverage = z.infer<typeof coverageSchema>;
export type ConsentForm = z.infer<typeof consentFormSchema>;
export type Consent = z.infer<typeof consentSchema>;
export type Availability = z.infer<typeof availabilitySchema>;
export type WorkList = z.infer<typeof worklistSchema>;
export type BedCapacity = z.infer<typeof bedCapacitySchema>;
export type Duplicates = z.infer<typeof duplicatesSchema>;
export type AdmissionsSettings = z.infer<typeof admissionsSettingsSchema>;

// Labels for the clinic's words on screen (UI only).
export const referralSourceLabels: Record<string, string> = {
  self: 'Self',
  family: 'Family',
  hospital: 'Hospital',
  emergency_department: 'Emergency department',
  physician: 'Physician',
  court: 'Court / probation',
  employer: 'Employer / EAP',
  treatment_program: 'Another treatment program',
  other: 'Other',
};
export const callerRelationLabels: Record<string, string> = {
  self: 'The person themself',
  family: 'Family member',
  friend: 'Friend',
  referrer: 'Referring professional',
  other: 'Other',
};
export const statusLabels: Record<string, string> = {
  open: 'Open',
  waitlisted: 'Waitlisted',
  scheduled: 'Admission scheduled',
  admitted: 'Admitted',
  closed: 'Closed',
};
export const urgencyLabels: Record<string, string> = {
  routine: 'Routine',
  soon: 'Soon (within a week)',
  urgent: 'Urgent (24–48 h)',
  emergent: 'Emergent (now)',
};
export const coverageKindLabels: Record<string, string> = {
  insurance: 'Insurance',
  self_pay: 'Self-pay',
  sliding_scale: 'Sliding scale',
  state_funded: 'State-funded',
  employee_assistance: 'Employee assistance (EAP)',
};
export const moudLabels: Record<string, string> = { none: 'None', methadone: 'Methadone', buprenorphine: 'Buprenorphine', naltrexone: 'Naltrexone' };
export const verificationMethodLabels: Record<string, string> = {
  phone: 'Phone call',
  payer_portal: 'Payer portal',
  electronic_270_271: 'Electronic (270/271)',
  fax: 'Fax',
  other: 'Other',
};
