import { useInfiniteQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import type { Page, TimelineEvent } from '../../api/types';
import { formatDateTime } from '../../app/vocabulary';

export function Timeline({ patientId }: { patientId: string }) {
  const q = useInfiniteQuery({
    queryKey: ['chart', patientId, 'timeline'],
    queryFn: ({ pageParam }) => api.get<Page<TimelineEvent>>(`/patients/${patientId}/timeline${qs({ limit: 30, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="timeline-title" className="card">
      <h2 id="timeline-title">Timeline</h2>
      <ol className="timeline">
        {items.map((e) => (
          <li key={e.id} className={`event event-${e.kind.split('.')[0]}`}>
            <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt)}</time>
            <span>{e.summary}</span>
            {e.actorName && <small> — {e.actorName}</small>}
          </li>
        ))}
      </ol>
      {q.hasNextPage && (
        <button type="button" className="secondary" onClick={() => q.fetchNextPage()}>
          Load more
        </button>
      )}
    </section>
  );
}
