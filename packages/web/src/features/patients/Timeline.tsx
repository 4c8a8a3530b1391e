import { useInfiniteQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import type { Page, TimelineEvent } from '../../api/types';
import { formatDateTime } from '../../app/vocabulary';

/** Newest first by time, then by id (time-ordered) within the same instant; each event once across pages. */
export function inTimelineOrder(events: TimelineEvent[]): TimelineEvent[] {
  const seen = new Set<string>();
  return events
    .filter((e) => !seen.has(e.id) && seen.add(e.id))
    .sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

const minuteOf = (iso: string) => Math.floor(Date.parse(iso) / 60_000);

export function Timeline({ patientId, timeZone }: { patientId: string; timeZone?: string }) {
  const q = useInfiniteQuery({
    queryKey: ['chart', patientId, 'timeline'],
    queryFn: ({ pageParam }) => api.get<Page<TimelineEvent>>(`/patients/${patientId}/timeline${qs({ limit: 30, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = inTimelineOrder(q.data?.pages.flatMap((p) => p.items) ?? []);
  return (
    <section aria-labelledby="timeline-title" className="card">
      <h2 id="timeline-title">Timeline</h2>
      <ol className="timeline">
        {items.map((e, i) => {
          // Seconds only where a neighbour falls in the same minute, so their order reads right.
          const seconds = [items[i - 1], items[i + 1]].some((n) => n && minuteOf(n.occurredAt) === minuteOf(e.occurredAt));
          return (
            <li key={e.id} className={`event event-${e.kind.split('.')[0]}`}>
              <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt, timeZone, { seconds })}</time>
              <span>{e.summary}</span>
              {e.actorName && <small> — {e.actorName}</small>}
            </li>
          );
        })}
      </ol>
      {q.hasNextPage && (
        <button type="button" className="secondary" onClick={() => q.fetchNextPage()}>
          Load more
        </button>
      )}
    </section>
  );
}
