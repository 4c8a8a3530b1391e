import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { isProtectedLevel } from '@waypoint/clinical/care/levels';
import type { ChartHeader, Me } from '../../api/types';
import { dischargeTypeLabels, dischargeTypes, formatTime, fromLocal, levelLabel, localNow } from '../../app/vocabulary';
import { useFacilityZone } from '../../app/facilityTime';
import type { CourseDetail } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { Problem } from '../../components/Problem';
import { useFacilities } from '../patients/RegisterPatient';
import { reachableFacilities } from '../../app/access';

type Open = null | 'admit' | 'level' | 'discharge';

/** Admit, change level of care, discharge: the backbone actions of an episode of care. */
export function EpisodeActions({ patientId, header, me }: { patientId: string; header: ChartHeader; me: Me }) {
  const [open, setOpen] = useState<Open>(null);
  // A dialog closes itself only: a saved change closes its dialog once the chart has reloaded, and by
  // then the nurse may already have opened the next one (save the step-down, then Discharge at once).
  const close = (which: Open) => () => setOpen((o) => (o === which ? null : o));
  const episode = header.episode;
  return (
    <div className="episode-actions" role="group" aria-label="Episode of care">
      {!episode && me.permissions.includes('episode.create') && (
        <button type="button" onClick={() => setOpen('admit')}>
          Admit
        </button>
      )}
      {episode && me.permissions.includes('episode.update') && (
        <>
          <button type="button" onClick={() => setOpen('level')}>
            Change level of care
          </button>
          <button type="button" className="secondary" onClick={() => setOpen('discharge')}>
            Discharge
          </button>
        </>
      )}
      <AdmitDialog patientId={patientId} open={open === 'admit'} onClose={close('admit')} me={me} />
      {episode && <LevelDialog patientId={patientId} episode={episode} facilityId={header.facility?.id} open={open === 'level'} onClose={close('level')} />}
      {episode && (
        <DischargeDialog
          patientId={patientId}
          episode={episode}
          facilityId={header.facility?.id}
          me={me}
          open={open === 'discharge'}
          onClose={close('discharge')}
        />
      )}
    </div>
  );
}

function useDone(patientId: string, onClose: () => void) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: ['chart', patientId] });
    await queryClient.invalidateQueries({ queryKey: ['census'] });
    onClose();
  };
}

function AdmitDialog({ patientId, open, onClose, me }: { patientId: string; open: boolean; onClose: () => void; me: Me }) {
  const facilities = reachableFacilities(me, 'episode.create', useFacilities().data?.items ?? []);
  const [facilityId, setFacilityId] = useState('');
  const [level, setLevel] = useState('');
  const [bed, setBed] = useState('');
  const [admittedAt, setAdmittedAt] = useState(localNow());
  const [lastUse, setLastUse] = useState('');
  const [error, setError] = useState<unknown>(null);
  const done = useDone(patientId, onClose);
  const facility = facilities.find((f) => f.id === (facilityId || (facilities.length === 1 ? facilities[0].id : '')));

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api.create(`/patients/${patientId}/episodes`, {
        facilityId: facility?.id,
        levelOfCare: level,
        bed: bed || null,
        admittedAt: fromLocal(admittedAt),
        lastOpioidUseAt: fromLocal(lastUse) ?? null,
      });
      setError(null);
      await done();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Dialog title="Admit" open={open} onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <Field label="Facility">
          {(p) => (
            <select {...p} value={facility?.id ?? ''} onChange={(e) => setFacilityId(e.target.value)} required>
              <option value="">Choose…</option>
              {facilities.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Level of care">
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
        <Field label="Bed" hint="Leave empty for ambulatory care">
          {(p) => <input {...p} value={bed} onChange={(e) => setBed(e.target.value)} />}
        </Field>
        <Field label="Admitted at">
          {(p) => <input {...p} type="datetime-local" value={admittedAt} onChange={(e) => setAdmittedAt(e.target.value)} required />}
        </Field>
        <Field label="Last opioid use" hint="Needed to time a buprenorphine induction">
          {(p) => <input {...p} type="datetime-local" value={lastUse} onChange={(e) => setLastUse(e.target.value)} />}
        </Field>
        <Problem error={error} />
        <div className="actions">
          <button type="submit">Admit patient</button>
        </div>
      </form>
    </Dialog>
  );
}

function LevelDialog({
  patientId,
  episode,
  facilityId,
  open,
  onClose,
}: {
  patientId: string;
  episode: NonNullable<ChartHeader['episode']>;
  facilityId?: string;
  open: boolean;
  onClose: () => void;
}) {
  const facility = (useFacilities().data?.items ?? []).find((f) => f.id === facilityId);
  const [level, setLevel] = useState('');
  const [reason, setReason] = useState('');
  const [changedAt, setChangedAt] = useState(localNow());
  const [naloxoneGiven, setNaloxone] = useState(false);
  const [medicationOffered, setMedication] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const done = useDone(patientId, onClose);
  const leavingProtected = isProtectedLevel(episode.levelOfCare);

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api.post(`/episodes/${episode.id}/level-changes`, {
        levelOfCare: level,
        reason,
        changedAt: fromLocal(changedAt),
        ...(leavingProtected ? { naloxoneGiven, medicationOffered } : {}),
      });
      setError(null);
      await done();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Dialog title="Change level of care" open={open} onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <p>Now: {levelLabel(episode.levelOfCare)}</p>
        <Field label="New level of care">
          {(p) => (
            <select {...p} value={level} onChange={(e) => setLevel(e.target.value)} required>
              <option value="">Choose…</option>
              {(facility?.levelsOfCare ?? [])
                .filter((l) => l !== episode.levelOfCare)
                .map((l) => (
                  <option key={l} value={l}>
                    {levelLabel(l)}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label="Reason">{(p) => <textarea {...p} value={reason} onChange={(e) => setReason(e.target.value)} required minLength={3} rows={3} />}</Field>
        <Field label="Effective at">
          {(p) => <input {...p} type="datetime-local" value={changedAt} onChange={(e) => setChangedAt(e.target.value)} required />}
        </Field>
        {leavingProtected && (
          <fieldset>
            <legend>Overdose prevention (tolerance is lower now)</legend>
            <label className="check">
              <input type="checkbox" checked={naloxoneGiven} onChange={(e) => setNaloxone(e.target.checked)} /> Naloxone kit and education given
            </label>
            <label className="check">
              <input type="checkbox" checked={medicationOffered} onChange={(e) => setMedication(e.target.checked)} /> Medication for OUD offered
            </label>
          </fieldset>
        )}
        <Problem error={error} />
        <div className="actions">
          <button type="submit">Save level change</button>
        </div>
      </form>
    </Dialog>
  );
}

/** Medication for opioid use disorder, by the protocol medication's key or name. */
const moud = /buprenorphine|methadone|naltrexone/i;

/** Doses given today (the facility's day) in this episode's withdrawal-management course. */
function useGivenToday(patientId: string, episodeId: string, facilityId: string | undefined, enabled: boolean) {
  const tz = useFacilityZone(facilityId);
  const courses = useQuery({
    queryKey: ['chart', patientId, 'withdrawal'],
    queryFn: () => api.get<{ items: { id: string; episodeId: string }[] }>(`/patients/${patientId}/withdrawal`),
    enabled,
  });
  const courseId = courses.data?.items.find((c) => c.episodeId === episodeId)?.id;
  const detail = useQuery({
    queryKey: ['withdrawal', courseId],
    queryFn: () => api.get<CourseDetail>(`/withdrawal/${courseId}`),
    enabled: enabled && !!courseId,
  });
  const day = (iso: string | Date) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
  const today = day(new Date());
  const names = new Map((detail.data?.course.protocol.medications ?? []).map((m) => [m.key, m.name]));
  const given = (detail.data?.medications ?? [])
    .filter((m) => m.outcome === 'given' && day(m.occurredAt) === today)
    .map((m) => ({ ...m, name: names.get(m.medication) ?? m.medication }));
  return { given, tz };
}

function DischargeDialog({
  patientId,
  episode,
  facilityId,
  me,
  open,
  onClose,
}: {
  patientId: string;
  episode: NonNullable<ChartHeader['episode']>;
  facilityId?: string;
  me: Me;
  open: boolean;
  onClose: () => void;
}) {
  const episodeId = episode.id;
  const level = episode.levelOfCare;
  const today = useGivenToday(patientId, episodeId, facilityId, open && me.permissions.includes('withdrawal.read'));
  const givenMoud = today.given.some((m) => moud.test(m.medication) || moud.test(m.name));
  const [type, setType] = useState('');
  const [reason, setReason] = useState('');
  const [at, setAt] = useState(localNow());
  const [naloxoneGiven, setNaloxone] = useState(false);
  const [medicationOffered, setMedication] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const done = useDone(patientId, onClose);
  // Medication for OUD already given today answers "offered or continued" (the nurse can still untick it).
  // Adjusted while rendering (once per opening), not in an effect.
  const [prefilled, setPrefilled] = useState(false);
  if (open && givenMoud && !prefilled) {
    setPrefilled(true);
    setMedication(true);
  }
  if (!open && prefilled) setPrefilled(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api.post(`/episodes/${episodeId}/discharge`, {
        dischargeType: type,
        reason: reason || null,
        dischargedAt: fromLocal(at),
        naloxoneGiven,
        medicationOffered,
      });
      setError(null);
      await done();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Dialog title="Discharge" open={open} onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <p>From: {levelLabel(level)}</p>
        <Field label="Discharge type">
          {(p) => (
            <select {...p} value={type} onChange={(e) => setType(e.target.value)} required>
              <option value="">Choose…</option>
              {dischargeTypes.map((t) => (
                <option key={t} value={t}>
                  {dischargeTypeLabels[t]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Discharge note">{(p) => <textarea {...p} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />}</Field>
        <Field label="Discharged at">{(p) => <input {...p} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} required />}</Field>
        <fieldset>
          <legend>Overdose prevention</legend>
          {today.given.length > 0 && (
            <div className="notice">
              Medication given today:
              <ul>
                {today.given.map((m) => (
                  <li key={m.id}>
                    {m.name}
                    {m.doseMg !== null ? ` ${m.doseMg} mg` : ''} at {formatTime(m.occurredAt, today.tz)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <label className="check">
            <input type="checkbox" checked={naloxoneGiven} onChange={(e) => setNaloxone(e.target.checked)} /> Naloxone kit and education given
          </label>
          <label className="check">
            <input type="checkbox" checked={medicationOffered} onChange={(e) => setMedication(e.target.checked)} /> Medication for OUD offered or continued
          </label>
        </fieldset>
        <Problem error={error} />
        <div className="actions">
          <button type="submit">Discharge patient</button>
        </div>
      </form>
    </Dialog>
  );
}
