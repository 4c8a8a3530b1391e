import { ClinicalInputError } from '../errors';

/**
 * Psychotherapy service codes by face-to-face time, the CPT time rule (clinical.md §11): a code may be
 * reported once its midpoint is passed, one code per session. Family psychotherapy's threshold is
 * payer-specific (UNVERIFIED), so it is a setting with the commonly read 26-minute default.
 */
export const sessionKinds = ['individual', 'family_with_patient', 'family_without_patient', 'group', 'multiple_family_group'] as const;
export type SessionKind = (typeof sessionKinds)[number];

export interface BillingSettings {
  /** Minimum minutes for 90846 / 90847 (payer-specific; default 26). */
  familyMinimumMinutes: number;
}
export const defaultBillingSettings: BillingSettings = { familyMinimumMinutes: 26 };

export interface BillingSuggestion {
  code: string | null;
  label: string;
  minutes: number;
  /** Why this code (or why none), in one line a biller can read. */
  reason: string;
}

const labels: Record<string, string> = {
  '90832': 'Psychotherapy, 30 minutes',
  '90834': 'Psychotherapy, 45 minutes',
  '90837': 'Psychotherapy, 60 minutes',
  '90846': 'Family psychotherapy without the patient, 50 minutes',
  '90847': 'Family psychotherapy with the patient, 50 minutes',
  '90849': 'Multiple-family group psychotherapy',
  '90853': 'Group psychotherapy',
};

/** The code the session's kind and face-to-face minutes suggest, or none with the reason. */
export function suggestBillingCode(kind: SessionKind, minutes: number, settings: BillingSettings = defaultBillingSettings): BillingSuggestion {
  if (!Number.isFinite(minutes) || minutes < 0) throw new ClinicalInputError('minutes', 'non-negative', 'minutes: face-to-face time must be 0 or more.');
  const m = Math.floor(minutes);
  const pick = (code: string, reason: string): BillingSuggestion => ({ code, label: labels[code], minutes: m, reason });
  switch (kind) {
    case 'individual':
      if (m < 16) return { code: null, label: 'Not reportable as psychotherapy', minutes: m, reason: 'Under 16 minutes of face-to-face time.' };
      if (m <= 37) return pick('90832', '16–37 minutes.');
      if (m <= 52) return pick('90834', '38–52 minutes.');
      return pick('90837', '53 minutes or more.');
    case 'family_with_patient':
    case 'family_without_patient': {
      const code = kind === 'family_with_patient' ? '90847' : '90846';
      if (m < settings.familyMinimumMinutes) {
        return {
          code: null,
          label: 'Not reportable as family psychotherapy',
          minutes: m,
          reason: `Under the program's ${settings.familyMinimumMinutes}-minute minimum for family psychotherapy.`,
        };
      }
      return pick(code, `${settings.familyMinimumMinutes} minutes or more (program setting).`);
    }
    case 'group':
      return pick('90853', 'Per session, per attendee.');
    case 'multiple_family_group':
      return pick('90849', 'Per session.');
    default:
      throw new ClinicalInputError('kind', 'one-of', `kind: one of ${sessionKinds.join(', ')}.`, sessionKinds);
  }
}

/** Whole minutes between two instants (face-to-face time from documented start and stop times). */
export function sessionMinutes(startsAt: Date, endsAt: Date): number {
  if (endsAt.getTime() < startsAt.getTime()) throw new ClinicalInputError('endsAt', 'after-start', 'endsAt: the session cannot end before it starts.');
  return Math.floor((endsAt.getTime() - startsAt.getTime()) / 60_000);
}
