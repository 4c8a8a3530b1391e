import type { LevelOfCare } from '@waypoint/clinical/care/levels';
import type { Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';
import { changeLevelOfCare, type EpisodeRow } from '../care/service';

/** The episode's level follows the placement decision, through the care stage's service (never its tables). */
export async function setLevelFromPlacement(tx: Tx, ctx: RequestContext, change: { episode: EpisodeRow; toLevel: LevelOfCare; reason: string }): Promise<void> {
  await changeLevelOfCare(tx, ctx, { episode: change.episode, toLevel: change.toLevel, reason: change.reason, field: 'chosenLevel' });
}
