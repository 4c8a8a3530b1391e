import { useEffect, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../api/client';
import type { Facility, Me, Patient, PatientSummary } from '../../api/types';
import { navigate } from '../../app/router';
import { formatDate, levelLabel } from '../../app/vocabulary';
import { Link } from '../../components/Link';
import { Problem } from '../../components/Problem';
import { emptyPatient, PatientForm, toPatientBody, type PatientFormValues } from './PatientForm';
import { reachableFacilities } from '../../app/access';

export function useFacilities() {
  return useQuery({ queryKey: ['facilities'], queryFn: () => api.get<{ items: Facility[] }>('/facilities'), staleTime: 300_000 });
}

function identified(v: PatientFormValues): boolean {
  return Boolean(v.legalGivenName.trim() && v.legalFamilyName.trim() && /^\d{4}-\d{2}-\d{2}$/.test(v.birthDate));
}

/** Registration with an early duplicate warning, and a 409 with candidates if one slips through. */
export function RegisterPatient({ me }: { me: Me }) {
  const facilities = useFacilities();
  const mine = reachableFacilities(me, 'patient.create', facilities.data?.items ?? []);
  const [entered, setValues] = useState<PatientFormValues>(emptyPatient);
  // Someone who works at one facility registers there unless they choose otherwise.
  const values = !entered.facilityId && mine.length === 1 ? { ...entered, facilityId: mine[0].id } : entered;
  const [error, setError] = useState<unknown>(null);
  const [candidates, setCandidates] = useState<PatientSummary[]>([]);
  const [busy, setBusy] = useState(false);

  // Candidates are shown only while name and birth date are complete.
  const shownCandidates = identified(values) ? candidates : [];

  // Warn as soon as name and birth date are in, before the rest is typed.
  useEffect(() => {
    const { legalGivenName, legalFamilyName, birthDate } = values;
    if (!identified(values)) return;
    const t = setTimeout(() => {
      api
        .post<{ candidates: PatientSummary[] }>('/patients/duplicates', {
          legalGivenName: legalGivenName.trim(),
          legalFamilyName: legalFamilyName.trim(),
          birthDate,
        })
        .then((r) => setCandidates(r.candidates))
        .catch(() => setCandidates([]));
    }, 400);
    return () => clearTimeout(t);
  }, [values.legalGivenName, values.legalFamilyName, values.birthDate]); // eslint-disable-line react-hooks/exhaustive-deps

  async function save(confirmNotDuplicate: boolean) {
    setBusy(true);
    setError(null);
    try {
      const p = await api.create<Patient>('/patients', { ...toPatientBody(values, true), ...(confirmNotDuplicate ? { confirmNotDuplicate: true } : {}) });
      navigate(`/patients/${p.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.rule === 'possible-duplicate') setCandidates(err.body.candidates as PatientSummary[]);
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="register-title">
      <h1 id="register-title">Register patient</h1>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void save(false);
        }}
      >
        <PatientForm values={values} onChange={setValues} facilities={mine} error={error} />
        {shownCandidates.length > 0 && (
          <div className="warning" role="alert" aria-labelledby="dup-title">
            <h2 id="dup-title">Possible duplicate</h2>
            <p>These patients have a similar name and birth date. Open the chart if it is the same person.</p>
            <ul>
              {shownCandidates.map((c) => (
                <li key={c.id}>
                  <Link to={`/patients/${c.id}`}>
                    {c.legalFamilyName}, {c.legalGivenName}
                  </Link>{' '}
                  · {c.mrn} · born {formatDate(c.birthDate)} · {c.activeEpisode ? levelLabel(c.activeEpisode.levelOfCare) : 'not in care'}
                </li>
              ))}
            </ul>
            <button type="button" className="secondary" onClick={() => save(true)} disabled={busy}>
              This is a different person — register anyway
            </button>
          </div>
        )}
        {!(error instanceof ApiError && error.rule === 'possible-duplicate') && <Problem error={error} />}
        <div className="actions">
          <button type="submit" disabled={busy}>
            Register
          </button>
          <Link to="/patients" className="button secondary">
            Cancel
          </Link>
        </div>
      </form>
    </section>
  );
}
