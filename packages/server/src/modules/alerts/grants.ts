import type { Role } from '@waypoint/clinical/care/roles';
import type { RequestContext } from '../../platform/context';
import type { Action } from '../../platform/permissions/decision-table';
import type { Grants, StageGrants } from '../../platform/stage';

const facility = (why: string) => ({ scope: 'facility', why }) as const;
/** A non-clinical role that follows only the alerts raised for it (e.g. authorizations running out). */
const addressee = (why: string) => ({ scope: 'facility', why, audienceOnly: true }) as const;

export const alertGrants = {
  alert: {
    read: {
      administrator: { scope: 'organization', why: 'The clinical director follows safety alerts across the program.' },
      prescriber: facility('Alerts are clinical: they are escalated to the prescriber.'),
      nurse: facility('Acts on overdue checks and abnormal scores.'),
      counselor: facility('Acts on suicide-risk and relapse-risk alerts.'),
      case_manager: facility('Acts on overdose-risk alerts at discharge.'),
      peer_recovery_specialist: { scope: 'care-team', why: 'Sees alerts about the patients they support.' },
      admissions_coordinator: addressee('Follows the alerts raised for coordinators (prior authorizations ending); never clinical alerts (minimum necessary).'),
    },
    // Acknowledging silences an alert: only the roles it is addressed to (the audience is checked too).
    update: {
      prescriber: facility('Acknowledges alerts addressed to prescribers.'),
      nurse: facility('Acknowledges alerts addressed to nurses.'),
      counselor: facility('Acknowledges alerts addressed to counselors.'),
      admissions_coordinator: addressee('Acknowledges the authorization alerts addressed to coordinators, with the action taken.'),
    },
  },
} satisfies StageGrants;

/** Whether this user's grant reaches only the alerts whose audience names their role (declared above, never by role name). */
export function addresseeOnly(ctx: Pick<RequestContext, 'role'>, action: Extract<Action, 'read' | 'update'>): boolean {
  const grants: Grants = alertGrants.alert[action];
  return grants[ctx.role as Role]?.audienceOnly === true;
}
