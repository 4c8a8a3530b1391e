import type { BoardRow } from '../../api/types';

/** COWS at or above this is a severe score on the board (moderately severe and severe bands, 25–48). */
export const severeCowsFrom = 25;

/**
 * The unit board's order, most urgent first: an overdue check, then a severe COWS, then ready for the
 * first induction dose, then everyone else; within each, the earliest next check first.
 */
export function urgencyRank(r: Pick<BoardRow, 'nextCheck' | 'lastCows' | 'inductionReadiness' | 'firstDoseAt'>): number {
  if (r.nextCheck?.overdue) return 0;
  if (r.lastCows && r.lastCows.total >= severeCowsFrom) return 1;
  if (r.inductionReadiness?.ready && !r.firstDoseAt) return 2;
  return 3;
}

export function byUrgency<T extends Pick<BoardRow, 'nextCheck' | 'lastCows' | 'inductionReadiness' | 'firstDoseAt'>>(rows: T[]): T[] {
  const due = (r: T) => (r.nextCheck ? Date.parse(r.nextCheck.dueAt) : Number.POSITIVE_INFINITY);
  return [...rows].sort((a, b) => urgencyRank(a) - urgencyRank(b) || due(a) - due(b));
}
