import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { formatDate, formatDateTime } from '../../app/vocabulary';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';

interface Item {
  patientId: string;
  patientName: string;
  mrn: string;
  episodeId: string;
  state: string;
  since: string | null;
  waitingFor?: string[];
  reviewDueOn?: string | null;
  versionNumber?: number | null;
}
interface CounselorWorkList {
  assessmentsToFinish: Item[];
  plansToWrite: Item[];
  plansToSign: Item[];
  reviewsOverdue: Item[];
}

/** My work (counselor): assessments to finish, plans to write or sign, overdue reviews — my patients only. */
export function CounselorWork() {
  const work = useQuery({ queryKey: ['worklist', 'counselor'], queryFn: () => api.get<CounselorWorkList>('/worklists/counselor'), refetchInterval: 60_000 });
  const d = work.data;
  return (
    <section aria-labelledby="cw-title">
      <h1 id="cw-title">My work</h1>
      <Problem error={work.error} />
      {!d && !work.error && <p className="loading">Loading…</p>}
      {d && (
        <>
          <WorkTable
            title="Plan reviews overdue"
            items={d.reviewsOverdue}
            detail={(i) => `review was due ${formatDate(i.reviewDueOn)} (version ${i.versionNumber})`}
          />
          <WorkTable
            title="Assessments to finish"
            items={d.assessmentsToFinish}
            detail={(i) => (i.state === 'draft' ? `draft, last saved ${formatDateTime(i.since)}` : `not started; admitted ${formatDateTime(i.since)}`)}
          />
          <WorkTable
            title="Plans to sign"
            items={d.plansToSign}
            detail={(i) => `version ${i.versionNumber}: waiting for ${i.waitingFor?.join(' and ') || 'signatures'}`}
          />
          <WorkTable title="Plans to write" items={d.plansToWrite} detail={(i) => `admitted ${formatDateTime(i.since)}`} />
        </>
      )}
    </section>
  );
}

export function WorkTable<T extends { patientId: string; patientName: string; mrn: string }>({
  title,
  items,
  detail,
}: {
  title: string;
  items: T[];
  detail: (i: T) => string;
}) {
  const id = `wt-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id}>
        {title} <span className="badge">{items.length}</span>
      </h2>
      {items.length === 0 ? (
        <p className="hint">Nothing here.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">MRN</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i, n) => (
              <tr key={`${i.patientId}-${n}`}>
                <td>
                  <Link to={`/patients/${i.patientId}`}>{i.patientName}</Link>
                </td>
                <td>{i.mrn}</td>
                <td>{detail(i)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
