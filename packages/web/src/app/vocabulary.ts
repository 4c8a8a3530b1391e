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
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
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
