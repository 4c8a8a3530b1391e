import { useEffect, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, ApiError, request } from '../../api/client';
import type { Patient } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { Problem } from '../../components/Problem';
import { PatientForm, toPatientBody, type PatientFormValues } from './PatientForm';

/** Edits demographics with If-Match: a concurrent edit by someone else is never silently overwritten. */
export function EditPatientDialog({ patientId, open, onClose }: { patientId: string; open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<PatientFormValues | null>(null);
  const [etag, setEtag] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function load() {
    const { data, etag } = await request<Patient>('GET', `/patients/${patientId}`);
    return {
      etag,
      values: {
        legalGivenName: data.legalGivenName,
        legalFamilyName: data.legalFamilyName,
        preferredName: data.preferredName ?? '',
        birthDate: data.birthDate,
        sexAtBirth: data.sexAtBirth,
        genderIdentity: data.genderIdentity ?? '',
        phone: data.phone ?? '',
        email: data.email ?? '',
        address: data.address ?? '',
        preferredLanguage: data.preferredLanguage,
        emergencyName: data.emergencyContact?.name ?? '',
        emergencyRelationship: data.emergencyContact?.relationship ?? '',
        emergencyPhone: data.emergencyContact?.phone ?? '',
        photo: data.photo,
        allergies: data.allergies,
        facilityId: data.facilityId,
      },
    };
  }

  function show(loaded: Awaited<ReturnType<typeof load>>) {
    setEtag(loaded.etag);
    setValues(loaded.values);
    setError(null);
  }

  useEffect(() => {
    if (open) load().then(show, setError);
  }, [open]); // eslint-disable-line react-hooks/exhaustive-deps

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!values) return;
    try {
      await api.patch(`/patients/${patientId}`, toPatientBody(values, false), etag ?? undefined);
      await queryClient.invalidateQueries({ queryKey: ['chart', patientId] });
      onClose();
    } catch (err) {
      setError(err);
    }
  }

  const stale = error instanceof ApiError && error.status === 412;
  return (
    <Dialog title="Edit patient details" open={open} onClose={onClose}>
      {values ? (
        <form onSubmit={submit}>
          <PatientForm values={values} onChange={setValues} error={error} />
          {stale ? (
            <div role="alert" className="problem">
              Someone else changed this record while you were editing.{' '}
              <button type="button" className="small" onClick={() => load().then(show, setError)}>
                Reload their version
              </button>
            </div>
          ) : (
            <Problem error={error} />
          )}
          <div className="actions">
            <button type="submit">Save changes</button>
            <button type="button" className="secondary" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <Problem error={error} />
      )}
    </Dialog>
  );
}
