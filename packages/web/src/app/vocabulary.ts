import { levelLabels as levelLabelsRecord } from '@waypoint/clinical/care/levels';

export { levelLabels, levelsOfCare, dischargeTypes } from '@waypoint/clinical/care/levels';

export { roleLabels } from '@waypoint/clinical/care/roles';

export const dischargeTypeLabels: Record<string, string> = {
  completed: 'Completed treatment',
  against_advice: 'Left against advice',
  administrative: 'Administrative',
  transferred: 'Transferred',
  died: 'Died',
};

export const teamRoleLabels: Record<string, string> = {
  attending_prescriber: 'Attending prescriber',
  primary_nurse: 'Primary nurse',
  primary_counselor: 'Primary counselor',
  case_manager: 'Case manager',
  peer_recovery_specialist: 'Peer recovery specialist',
  other: 'Other',
};

export function levelLabel(level: string | null | undefined): string {
  return level ? ((levelLabelsRecord as Record<string, string>)[level] ?? level) : '—';
}
/**
 * A date and time, always labelled with its zone ("Nov 24, 2026, 9:05 PM EST"). Screens about a facility
 * pass the facility's IANA zone so every time on them is the facility's, whatever the browser's zone.
 */
export function formatDateTime(iso: string | null | undefined, timeZone?: string, opts: { seconds?: boolean } = {}): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    ...(opts.seconds ? { second: '2-digit' } : {}),
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** A time of day, labelled with its zone ("9:05 PM EST"). */
export function formatTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso.length === 10 ? `${iso}T12:00:00` : iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

/** A datetime-local input value for now (the browser's local time). */
export function localNow(): string {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

export function fromLocal(value: string): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}
