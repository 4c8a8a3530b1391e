/** Shapes of the admissions API (the response schemas in server modules/admissions/present.ts). */
export interface Prescreen {
  id: string;
  inquiryId: string;
  substances: { substance: string; route: string; frequency?: string }[];
  lastUseAt: string | null;
  lastUseKind: string;
  overdoseCount: number;
  lastOverdoseOn: string | null;
  withdrawalHistory: { severe: boolean; seizures: boolean; delirium: boolean; notes?: string };
  pregnancy: string;
  coOccurring: string | null;
  currentMoud: string;
  currentMoudDetail: string | null;
  urgency: string;
  recommendedLevel: string | null;
  notes: string | null;
  recordedAt: string;
  version: number;
}

export interface Scheduled {
  id: string;
  patientId: string;
  patientName?: string;
  mrn?: string;
  inquiryId: string | null;
  facilityId: string;
  levelOfCare: string;
  scheduledOn: string;
  status: 'scheduled' | 'admitted' | 'cancelled';
  episodeId: string | null;
  admittedAt: string | null;
  cancelledReason: string | null;
  version: number;
}

export interface Inquiry {
  id: string;
  facilityId: string;
  levelOfCare: string | null;
  receivedAt: string;
  channel: string;
  callerName: string;
  callerRelation: string;
  callbackPhone: string | null;
  contactConsent: boolean;
  referralSource: string;
  referralOrganization: string | null;
  referralContact: string | null;
  givenName: string;
  familyName: string;
  birthDate: string | null;
  sexAtBirth: string | null;
  phone: string | null;
  email: string | null;
  reason: string | null;
  status: 'open' | 'waitlisted' | 'scheduled' | 'admitted' | 'closed';
  nextAction: string | null;
  nextActionDue: string | null;
  closedReason: string | null;
  patientId: string | null;
  version: number;
  createdAt: string;
  prescreen?: Prescreen | null;
  scheduled?: Scheduled[];
}

export interface Verification {
  id: string;
  verifiedAt: string;
  verifiedByName: string;
  method: string;
  referenceNumber: string;
  result: string;
  contactName: string | null;
  benefitsNotes: string | null;
}

export interface Authorization {
  id: string;
  levelOfCare: string;
  authNumber: string;
  unit: string;
  approved: number;
  used: number;
  remaining: number;
  startDate: string;
  endDate: string;
  status: string;
  version: number;
}

export interface Coverage {
  id: string;
  kind: string;
  priority: string;
  payer: string | null;
  plan: string | null;
  memberId: string | null;
  groupId: string | null;
  subscriberName: string | null;
  subscriberRelation: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  slidingScalePercent: number | null;
  active: boolean;
  version: number;
  verified: boolean;
  verifications: Verification[];
  authorizations: Authorization[];
}

export interface ConsentForm {
  code: string;
  version: number;
  title: string;
  body: string;
  effectiveFrom: string;
}

export interface Consent {
  id: string;
  patientId: string;
  formCode: string;
  formVersion: number;
  formTitle: string;
  formBody: string;
  signerName: string;
  signerRelation: string;
  signedAt: string;
  witnessedByName: string;
  amendsId: string | null;
  amendmentReason: string | null;
  amendedById: string | null;
}

export interface Availability {
  needsBed: boolean;
  days: { date: string; capacity: number; occupied: number; scheduled: number; free: number }[];
}

export interface WorkList {
  today: string;
  authWarning: { days: number; remaining: number };
  inquiries: {
    more: boolean;
    items: {
      id: string;
      name: string;
      receivedAt: string;
      status: string;
      nextAction: string | null;
      nextActionDue: string | null;
      urgency: string | null;
      callbackPhone: string | null;
      contactConsent: boolean;
      patientId: string | null;
    }[];
  };
  verifications: {
    more: boolean;
    items: {
      coverageId: string;
      patientId: string;
      patientName: string;
      mrn: string;
      kind: string;
      payer: string | null;
      memberId: string | null;
      lastResult: string | null;
      lastVerifiedAt: string | null;
    }[];
  };
  authorizations: {
    more: boolean;
    items: {
      id: string;
      patientId: string;
      patientName: string;
      mrn: string;
      authNumber: string;
      payer: string | null;
      levelOfCare: string;
      endDate: string;
      daysLeft: number;
      remaining: number;
      unit: string;
      reasons: string[];
    }[];
  };
  scheduled: {
    more: boolean;
    items: { id: string; patientId: string; patientName: string; mrn: string; levelOfCare: string; scheduledOn: string; inquiryId: string | null }[];
  };
}

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
