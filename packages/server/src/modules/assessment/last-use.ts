import type { Tx } from '../../db/schema';
import type { RequestContext } from '../../platform/context';
import { recordLastUse } from '../care/service';
import type { Sections } from './schemas';

const opioidWords = /opioid|opiate|heroin|fentanyl|oxycodone|hydrocodone|morphine|codeine|methadone|buprenorphine|tramadol|hydromorphone|oxymorphone|kratom/i;

/** The most recent opioid use in the substance-use history (a substance with an opioid kind, or named as an opioid). */
export function latestOpioidUse(sections: Sections): { at: Date; kind: 'short_acting' | 'long_acting' | 'unknown' } | null {
  let best: { at: Date; kind: 'short_acting' | 'long_acting' | 'unknown' } | null = null;
  for (const s of sections.substanceUse?.substances ?? []) {
    if (!s.lastUseAt || !(s.opioidKind || opioidWords.test(s.substance))) continue;
    const at = new Date(s.lastUseAt);
    if (!best || at > best.at) best = { at, kind: s.opioidKind ?? 'unknown' };
  }
  return best;
}

/** Last use feeds withdrawal management's induction readiness, through the care stage's service. */
export async function feedLastUse(
  tx: Tx,
  ctx: RequestContext,
  episode: { id: string; status: string; last_opioid_use_at: Date | null },
  sections: Sections,
): Promise<void> {
  const last = latestOpioidUse(sections);
  if (!last || episode.status !== 'active') return;
  if (episode.last_opioid_use_at && episode.last_opioid_use_at.getTime() === last.at.getTime()) return;
  await recordLastUse(tx, ctx, episode.id, last.at);
}
