import { useState, type FormEvent } from 'react';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { api, qs } from '../../api/client';
import type { AuditEntry, Page, User } from '../../api/types';
import { formatDateTime, fromLocal } from '../../app/vocabulary';
import { Problem } from '../../components/Problem';

/** Who did what to which record, when, from where: filterable, and its hash chain verifiable. */
export function AuditView() {
  const users = useQuery({ queryKey: ['users'], queryFn: () => api.get<{ items: User[] }>('/users') });
  const [draft, setDraft] = useState({ userId: '', patientId: '', from: '', to: '' });
  const [filters, setFilters] = useState(draft);
  const log = useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) =>
      api.get<Page<AuditEntry>>(
        `/audit${qs({ userId: filters.userId, patientId: filters.patientId, from: fromLocal(filters.from), to: fromLocal(filters.to), limit: 50, cursor: pageParam })}`,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const verify = useMutation({
    mutationFn: () =>
      api.post<{
        ok: boolean;
        checked: number;
        firstBrokenSeq: number | null;
        anchorMismatch?: { anchoredSeq: number; anchoredAt: string };
        anchorAltered?: string;
      }>('/audit/verify'),
  });
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">Audit log</h1>
        <button type="button" className="secondary" onClick={() => verify.mutate()} disabled={verify.isPending}>
          Verify chain
        </button>
      </div>
      {verify.data && (
        <p role="status" className={verify.data.ok ? 'notice' : 'problem'}>
          {verify.data.ok
            ? `Chain intact: ${verify.data.checked} entries verified.`
            : verify.data.anchorAltered
              ? `The anchor kept outside the database was altered: ${verify.data.anchorAltered}`
              : verify.data.anchorMismatch
                ? `Entries are missing: the chain ends at #${verify.data.checked}, but on ${formatDateTime(verify.data.anchorMismatch.anchoredAt)} it reached #${verify.data.anchorMismatch.anchoredSeq}.`
                : `Chain broken at entry ${verify.data.firstBrokenSeq}: the log was altered.`}
        </p>
      )}
      <Problem error={verify.error} />
      <form
        className="filters"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <div className="field">
          <label htmlFor="audit-user">User</label>
          <select id="audit-user" value={draft.userId} onChange={(e) => setDraft({ ...draft, userId: e.target.value })}>
            <option value="">Anyone</option>
            {(users.data?.items ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-patient">Patient id</label>
          <input
            id="audit-patient"
            value={draft.patientId}
            onChange={(e) => setDraft({ ...draft, patientId: e.target.value.trim() })}
            placeholder="from the chart URL"
          />
        </div>
        <div className="field">
          <label htmlFor="audit-from">From</label>
          <input id="audit-from" type="datetime-local" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">To</label>
          <input id="audit-to" type="datetime-local" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <button type="submit">Filter</button>
      </form>
      <Problem error={log.error} />
      <table className="table audit-table">
        <caption className="sr-only">Audit entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">User</th>
            <th scope="col">Patient</th>
            <th scope="col">Action</th>
            <th scope="col">Resource</th>
            <th scope="col">Outcome</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={r.outcome !== 'success' ? 'denied' : undefined}>
              <td data-label="#">{r.seq}</td>
              <td data-label="When">{formatDateTime(r.occurredAt)}</td>
              <td data-label="User">
                {r.userName ?? '—'} <small>{r.role}</small>
              </td>
              <td data-label="Patient">{r.patientName ?? '—'}</td>
              <td data-label="Action">{r.action}</td>
              <td data-label="Resource">{r.resourceType}</td>
              <td data-label="Outcome">{r.outcome}</td>
              <td data-label="From">{r.sourceIp ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.hasNextPage && (
        <button type="button" className="secondary" onClick={() => log.fetchNextPage()}>
          Load more
        </button>
      )}
    </section>
  );
}
