import type { Role } from '@waypoint/clinical/care/roles';

export function presentAlert(a: {
  id: string;
  patient_id: string | null;
  facility_id?: string | null;
  episode_id: string | null;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  raised_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by_name?: string | null;
  escalated_at?: Date | null;
  resolved_at?: Date | null;
  audience?: Role[];
  action_taken?: string | null;
}) {
  return {
    id: a.id,
    patientId: a.patient_id,
    facilityId: a.facility_id ?? null,
    episodeId: a.episode_id,
    kind: a.kind,
    severity: a.severity,
    message: a.message,
    raisedAt: a.raised_at,
    acknowledgedAt: a.acknowledged_at,
    acknowledgedByName: a.acknowledged_by_name ?? null,
    escalatedAt: a.escalated_at ?? null,
    resolvedAt: a.resolved_at ?? null,
    audience: a.audience ?? [],
    actionTaken: a.action_taken ?? null,
    actionRequired: actionRequired(a.kind),
  };
}

/** Alerts acknowledged only with the action taken: suicide risk (safety) and prior authorizations ending (what was asked of the payer). */
export function actionRequired(kind: string): boolean {
  return kind === 'suicide-risk' || kind.startsWith('authorization-');
}
