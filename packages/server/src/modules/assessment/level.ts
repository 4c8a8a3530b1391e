import type { LevelOfCare } from '@waypoint/clinical/care/levels';
import type { Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';

/** The episode's level follows the placement decision, through the care stage's service (never its tables). */
export async function setLevelFromPlacement(_tx: Tx, _ctx: RequestContext, _change: { episodeId: string; toLevel: LevelOfCare; reason: string }): Promise<void> {
  // Wired to care/service.ts changeLevelOfCare once the stage contract is merged.
}
