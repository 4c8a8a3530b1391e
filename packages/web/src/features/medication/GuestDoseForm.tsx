import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Me } from '../../api/types';
import type { DoseScreen, StaffDirectory } from './types';

const guestMedications = [
  { key: 'methadone', name: 'Methadone', forms: ['liquid', 'tablet'] },
  { key: 'buprenorphine', name: 'Buprenorphine', forms: ['tablet', 'film'] },
  { key: 'buprenorphine_naloxone', name: 'Buprenorphine/naloxone', forms: ['film', 'tablet'] },
] as const;

const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

export interface GuestDoseBody {
  containerId?: string;
  guest: {
    homeProgram: string;
    contact: string;
    verifiedWith: string;
    verifiedBy?: string;
    medication: string;
    form: string;
    doseMg: number;
    lastDoseDay: string;
    visitFrom: string;
    visitTo: string;
  };
}

/**
 * A visiting patient of another program: the nurse calls the home program, verifies the dose with
 * someone there, and gives it from our stock. The visit must include today. Who here verified it is
 * the nurse recording it unless another of the dosing staff made the call.
 */
export function GuestDoseForm({
  screen,
  me,
  pending,
  onSubmit,
  onCancel,
}: {
  screen: DoseScreen;
  me: Me;
  pending: boolean;
  onSubmit: (body: GuestDoseBody) => void;
  onCancel: () => void;
}) {
  const [homeProgram, setHomeProgram] = useState('');
  const [contact, setContact] = useState('');
  const [verifiedWith, setVerifiedWith] = useState('');
  const [verifiedBy, setVerifiedBy] = useState(me.user.id);
  // Whoever the program's grants let dose (never a role name chosen here).
  const staff = useQuery({
    queryKey: ['staff', 'dosing'],
    queryFn: () => api.get<StaffDirectory>('/staff?may=medication-dose.create'),
  });
  const verifiers = [{ id: me.user.id, displayName: me.user.displayName }, ...(staff.data?.items ?? []).filter((s) => s.id !== me.user.id)];
  const [medication, setMedication] = useState<(typeof guestMedications)[number]['key']>('methadone');
  const [form, setForm] = useState('');
  const [doseMg, setDoseMg] = useState('');
  const [lastDoseDay, setLastDoseDay] = useState(dayBefore(screen.dosingDay));
  const [visitFrom, setVisitFrom] = useState(screen.dosingDay);
  const [visitTo, setVisitTo] = useState(screen.dosingDay);
  const [containerId, setContainerId] = useState('');
  const med = guestMedications.find((m) => m.key === medication)!;
  const chosenForm = form && (med.forms as readonly string[]).includes(form) ? form : med.forms[0];
  const bottles = screen.containers.filter((c) => c.medication === medication);
  const bottle = bottles.find((c) => c.id === containerId) ?? bottles[0];
  const mg = Number(doseMg);
  return (
    <form
      className="card guest-dose"
      aria-labelledby="guest-title"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({
          ...(bottle ? { containerId: bottle.id } : {}),
          guest: {
            homeProgram: homeProgram.trim(),
            contact: contact.trim(),
            verifiedWith: verifiedWith.trim(),
            ...(verifiedBy !== me.user.id ? { verifiedBy } : {}),
            medication,
            form: chosenForm,
            doseMg: mg,
            lastDoseDay,
            visitFrom,
            visitTo,
          },
        });
      }}
    >
      <h3 id="guest-title">Guest dose — {screen.patient.name}</h3>
      <div className="field">
        <label htmlFor="guest-program">Home program</label>
        <input id="guest-program" autoFocus value={homeProgram} onChange={(e) => setHomeProgram(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="guest-contact">Home program contact (phone, person)</label>
        <input id="guest-contact" value={contact} onChange={(e) => setContact(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="guest-verified-with">Dose verified with (name at the home program)</label>
        <input id="guest-verified-with" value={verifiedWith} onChange={(e) => setVerifiedWith(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="guest-verified-by">Verified here by</label>
        <select id="guest-verified-by" value={verifiedBy} onChange={(e) => setVerifiedBy(e.target.value)}>
          {verifiers.map((s) => (
            <option key={s.id} value={s.id}>
              {s.id === me.user.id ? `You (${s.displayName})` : s.displayName}
            </option>
          ))}
        </select>
      </div>
      <div className="field inline">
        <label htmlFor="guest-medication">Medication</label>
        <select id="guest-medication" value={medication} onChange={(e) => setMedication(e.target.value as typeof medication)}>
          {guestMedications.map((m) => (
            <option key={m.key} value={m.key}>
              {m.name}
            </option>
          ))}
        </select>
        <label htmlFor="guest-form">Form</label>
        <select id="guest-form" value={chosenForm} onChange={(e) => setForm(e.target.value)}>
          {med.forms.map((f) => (
            <option key={f}>{f}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="guest-dose-mg">Verified dose (mg)</label>
        <input id="guest-dose-mg" inputMode="decimal" value={doseMg} onChange={(e) => setDoseMg(e.target.value)} />
        {bottle?.unit === 'ml' && mg > 0 && (
          <small>
            {' '}
            = {Math.round((mg / bottle.strengthMg) * 1000) / 1000} mL from {bottle.label}
          </small>
        )}
      </div>
      <div className="field inline">
        <label htmlFor="guest-last-dose">Last dose at the home program</label>
        <input id="guest-last-dose" type="date" value={lastDoseDay} onChange={(e) => setLastDoseDay(e.target.value)} />
        <label htmlFor="guest-visit-from">Visit from</label>
        <input id="guest-visit-from" type="date" value={visitFrom} onChange={(e) => setVisitFrom(e.target.value)} />
        <label htmlFor="guest-visit-to">Visit to</label>
        <input id="guest-visit-to" type="date" value={visitTo} onChange={(e) => setVisitTo(e.target.value)} />
      </div>
      <div className="field inline">
        <label htmlFor="guest-container">Stock bottle</label>
        {bottles.length ? (
          <select id="guest-container" value={bottle?.id} onChange={(e) => setContainerId(e.target.value)}>
            {bottles.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label} — {c.balance} {c.unit === 'ml' ? 'mL' : 'units'} left
              </option>
            ))}
          </select>
        ) : (
          <span className="alert alert-warning">No open {med.name.toLowerCase()} container here</span>
        )}
      </div>
      <button type="submit" className="primary" disabled={pending}>
        Record guest dose
      </button>
      <button type="button" className="ghost" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
