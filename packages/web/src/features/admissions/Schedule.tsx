import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, qs } from '../../api/client';
import type { Me } from '../../api/types';
import { formatDate, levelLabel } from '../../app/vocabulary';
import { Field } from '../../components/Field';
import { Problem } from '../../components/Problem';
import { useMyFacilities } from './Inquiries';
import type { Availability, Inquiry } from './types';

/** Free beds by day for a facility and level: the days a coordinator can offer. */
export function BedAvailability({
  facilityId,
  levelOfCare,
  chosen,
  onChoose,
}: {
  facilityId: string;
  levelOfCare: string;
  chosen: string;
  onChoose: (date: string) => void;
}) {
  const avail = useQuery({
    queryKey: ['admissions', 'beds', facilityId, levelOfCare],
    queryFn: () => api.get<Availability>(`/admissions/bed-availability${qs({ facilityId, levelOfCare, days: 14 })}`),
    enabled: !!facilityId && !!levelOfCare,
  });
  if (!facilityId || !levelOfCare) return null;
  if (avail.error) return <Problem error={avail.error} />;
  if (!avail.data) return <p className="loading">Checking beds…</p>;
  if (!avail.data.needsBed) return <p className="hint">{levelLabel(levelOfCare)} needs no bed: any day can be scheduled.</p>;
  return (
    <table className="table bed-availability">
      <caption>Free {levelLabel(levelOfCare)} beds by day (facility days; patients in care and admissions already scheduled are counted)</caption>
      <thead>
        <tr>
          <th scope="col">Day</th>
          <th scope="col">Free</th>
          <th scope="col">Beds</th>
          <th scope="col">In care</th>
          <th scope="col">Scheduled</th>
          <th scope="col">
            <span className="sr-only">Choose</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {avail.data.days.map((d) => (
          <tr key={d.date} className={d.free <= 0 ? 'row-overdue' : undefined} aria-selected={chosen === d.date}>
            <td>{formatDate(d.date)}</td>
            <td>
              <strong>{Math.max(0, d.free)}</strong>
            </td>
            <td>{d.capacity}</td>
            <td>{d.occupied}</td>
            <td>{d.scheduled}</td>
            <td>
              {d.free > 0 ? (
                <button type="button" className="small" onClick={() => onChoose(d.date)} aria-label={`Choose ${formatDate(d.date)}`}>
                  {chosen === d.date ? 'Chosen' : 'Choose'}
                </button>
              ) : (
                'Full'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ScheduleAdmission({ inquiry, me }: { inquiry: Inquiry; me: Me }) {
  const facilities = useMyFacilities(me);
  const [facilityId, setFacilityId] = useState(inquiry.facilityId);
  const facility = facilities.find((f) => f.id === facilityId);
  const [level, setLevel] = useState(inquiry.prescreen?.recommendedLevel ?? inquiry.levelOfCare ?? '');
  const [date, setDate] = useState('');
  const [error, setError] = useState<unknown>(null);
  const qc = useQueryClient();

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api.create('/admissions/scheduled', { patientId: inquiry.patientId, inquiryId: inquiry.id, facilityId, levelOfCare: level, scheduledOn: date });
      setError(null);
      await qc.invalidateQueries({ queryKey: ['admissions'] });
    } catch (err) {
      setError(err);
      await qc.invalidateQueries({ queryKey: ['admissions', 'beds'] });
    }
  }
  return (
    <section className="card" aria-labelledby="schedule-title">
      <h2 id="schedule-title">Schedule admission</h2>
      <form onSubmit={submit} className="stack">
        <div className="form-grid">
          <Field label="Facility" error={error instanceof ApiError ? error.fieldError('facilityId') : undefined}>
            {(p) => (
              <select {...p} value={facilityId} onChange={(e) => setFacilityId(e.target.value)} required>
                {facilities.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Level of care" error={error instanceof ApiError ? error.fieldError('levelOfCare') : undefined}>
            {(p) => (
              <select {...p} value={level} onChange={(e) => setLevel(e.target.value)} required>
                <option value="">Choose…</option>
                {(facility?.levelsOfCare ?? []).map((l) => (
                  <option key={l} value={l}>
                    {levelLabel(l)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label="Admission day"
            hint={facility ? `In ${facility.name}'s time (${facility.timeZone})` : undefined}
            error={error instanceof ApiError ? error.fieldError('scheduledOn') : undefined}
          >
            {(p) => <input {...p} type="date" value={date} onChange={(e) => setDate(e.target.value)} required />}
          </Field>
        </div>
        <BedAvailability facilityId={facilityId} levelOfCare={level} chosen={date} onChoose={setDate} />
        <Problem error={error} />
        <div className="actions">
          <button type="submit">Schedule admission</button>
        </div>
      </form>
    </section>
  );
}
