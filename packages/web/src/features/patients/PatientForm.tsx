import { useState } from 'react';
import { ApiError } from '../../api/client';
import type { Allergy, Facility } from '../../api/types';
import { Field } from '../../components/Field';
import { photoDataUrl } from './photo';

export interface PatientFormValues {
  legalGivenName: string;
  legalFamilyName: string;
  preferredName: string;
  birthDate: string;
  sexAtBirth: string;
  genderIdentity: string;
  phone: string;
  email: string;
  address: string;
  preferredLanguage: string;
  emergencyName: string;
  emergencyRelationship: string;
  emergencyPhone: string;
  photo: string | null;
  allergies: Allergy[];
  facilityId: string;
}

export const emptyPatient: PatientFormValues = {
  legalGivenName: '',
  legalFamilyName: '',
  preferredName: '',
  birthDate: '',
  sexAtBirth: '',
  genderIdentity: '',
  phone: '',
  email: '',
  address: '',
  preferredLanguage: 'en',
  emergencyName: '',
  emergencyRelationship: '',
  emergencyPhone: '',
  photo: null,
  allergies: [],
  facilityId: '',
};

/** The API body from the form: empty optional fields are left out or null. */
export function toPatientBody(v: PatientFormValues, includeFacility: boolean) {
  const opt = (s: string) => (s.trim() ? s.trim() : null);
  return {
    legalGivenName: v.legalGivenName.trim(),
    legalFamilyName: v.legalFamilyName.trim(),
    preferredName: opt(v.preferredName),
    birthDate: v.birthDate,
    sexAtBirth: v.sexAtBirth,
    genderIdentity: opt(v.genderIdentity),
    phone: opt(v.phone),
    email: opt(v.email),
    address: opt(v.address),
    preferredLanguage: v.preferredLanguage.trim() || 'en',
    emergencyContact: v.emergencyName.trim()
      ? { name: v.emergencyName.trim(), relationship: v.emergencyRelationship.trim() || undefined, phone: v.emergencyPhone.trim() }
      : null,
    photo: v.photo,
    allergies: v.allergies.filter((a) => a.substance.trim()),
    ...(includeFacility ? { facilityId: v.facilityId } : {}),
  };
}

export function PatientForm({
  values,
  onChange,
  facilities,
  error,
}: {
  values: PatientFormValues;
  onChange: (v: PatientFormValues) => void;
  facilities?: Facility[];
  error: unknown;
}) {
  const [photoError, setPhotoError] = useState('');
  const set = (k: keyof PatientFormValues) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
    onChange({ ...values, [k]: e.target.value });
  const err = (field: string) => (error instanceof ApiError ? error.fieldError(field) : undefined);
  return (
    <div className="form-grid">
      <Field label="Legal first name" error={err('legalGivenName')}>
        {(p) => <input {...p} value={values.legalGivenName} onChange={set('legalGivenName')} required autoComplete="off" />}
      </Field>
      <Field label="Legal last name" error={err('legalFamilyName')}>
        {(p) => <input {...p} value={values.legalFamilyName} onChange={set('legalFamilyName')} required autoComplete="off" />}
      </Field>
      <Field label="Preferred name" error={err('preferredName')}>
        {(p) => <input {...p} value={values.preferredName} onChange={set('preferredName')} />}
      </Field>
      <Field label="Birth date" error={err('birthDate')}>
        {(p) => <input {...p} type="date" value={values.birthDate} onChange={set('birthDate')} required max={new Date().toISOString().slice(0, 10)} />}
      </Field>
      <Field label="Sex assigned at birth" error={err('sexAtBirth')}>
        {(p) => (
          <select {...p} value={values.sexAtBirth} onChange={set('sexAtBirth')} required>
            <option value="">Choose…</option>
            <option value="female">Female</option>
            <option value="male">Male</option>
            <option value="intersex">Intersex</option>
            <option value="unknown">Unknown</option>
          </select>
        )}
      </Field>
      <Field label="Gender identity" error={err('genderIdentity')}>
        {(p) => <input {...p} value={values.genderIdentity} onChange={set('genderIdentity')} />}
      </Field>
      <Field label="Phone" error={err('phone')}>
        {(p) => <input {...p} type="tel" value={values.phone} onChange={set('phone')} />}
      </Field>
      <Field label="Email" error={err('email')}>
        {(p) => <input {...p} type="email" value={values.email} onChange={set('email')} />}
      </Field>
      <Field label="Address" error={err('address')}>
        {(p) => <input {...p} value={values.address} onChange={set('address')} />}
      </Field>
      <Field label="Preferred language" hint="A language tag such as en or es" error={err('preferredLanguage')}>
        {(p) => <input {...p} value={values.preferredLanguage} onChange={set('preferredLanguage')} />}
      </Field>
      {facilities && (
        <Field label="Facility" error={err('facilityId')}>
          {(p) => (
            <select {...p} value={values.facilityId} onChange={set('facilityId')} required>
              <option value="">Choose…</option>
              {facilities.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <fieldset className="span-2">
        <legend>Emergency contact</legend>
        <div className="form-grid">
          <Field label="Contact name">{(p) => <input {...p} value={values.emergencyName} onChange={set('emergencyName')} />}</Field>
          <Field label="Relationship">{(p) => <input {...p} value={values.emergencyRelationship} onChange={set('emergencyRelationship')} />}</Field>
          <Field label="Contact phone" error={err('emergencyContact.phone')}>
            {(p) => <input {...p} type="tel" value={values.emergencyPhone} onChange={set('emergencyPhone')} required={!!values.emergencyName} />}
          </Field>
        </div>
      </fieldset>
      <fieldset className="span-2">
        <legend>Allergies</legend>
        {values.allergies.map((a, i) => (
          <div className="allergy-row" key={i}>
            <Field label={`Substance ${i + 1}`}>
              {(p) => (
                <input
                  {...p}
                  value={a.substance}
                  onChange={(e) => onChange({ ...values, allergies: values.allergies.map((x, j) => (j === i ? { ...x, substance: e.target.value } : x)) })}
                />
              )}
            </Field>
            <Field label="Reaction">
              {(p) => (
                <input
                  {...p}
                  value={a.reaction ?? ''}
                  onChange={(e) =>
                    onChange({ ...values, allergies: values.allergies.map((x, j) => (j === i ? { ...x, reaction: e.target.value || undefined } : x)) })
                  }
                />
              )}
            </Field>
            <Field label="Severity">
              {(p) => (
                <select
                  {...p}
                  value={a.severity ?? ''}
                  onChange={(e) =>
                    onChange({
                      ...values,
                      allergies: values.allergies.map((x, j) => (j === i ? { ...x, severity: (e.target.value || undefined) as Allergy['severity'] } : x)),
                    })
                  }
                >
                  <option value="">—</option>
                  <option value="mild">Mild</option>
                  <option value="moderate">Moderate</option>
                  <option value="severe">Severe</option>
                </select>
              )}
            </Field>
            <button
              type="button"
              className="ghost"
              aria-label={`Remove allergy ${i + 1}`}
              onClick={() => onChange({ ...values, allergies: values.allergies.filter((_, j) => j !== i) })}
            >
              Remove
            </button>
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => onChange({ ...values, allergies: [...values.allergies, { substance: '' }] })}>
          Add allergy
        </button>
      </fieldset>
      <Field label="Photo" hint="JPEG or PNG; resized before upload" error={photoError || err('photo')}>
        {(p) => (
          <input
            {...p}
            type="file"
            accept="image/jpeg,image/png"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              setPhotoError('');
              if (!file) return;
              try {
                onChange({ ...values, photo: await photoDataUrl(file) });
              } catch (ex) {
                setPhotoError((ex as Error).message);
              }
            }}
          />
        )}
      </Field>
      {values.photo && <img src={values.photo} alt="Patient photo preview" className="photo-preview" />}
    </div>
  );
}
