import { expect } from 'vitest';
import { admittedPatient } from './factories';
import type { ApiClient } from './harness';

/** A methadone bottle of 10 mg/mL at a facility, with `ml` received into it (none if 0). */
export async function methadoneBottle(client: ApiClient, facilityId: string, ml = 1000): Promise<string> {
  const c = await client.post(`/facilities/${facilityId}/medication-stock`, {
    medication: 'methadone',
    form: 'liquid',
    label: `Methadone 10 mg/mL #${Math.floor(Math.random() * 1e6)}`,
    unit: 'ml',
    strengthMg: 10,
    lot: 'L1',
  });
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  if (ml) {
    const r = await client.post(`/medication-stock/${c.body.id}/receipts`, { quantity: ml, supplier: 'Supplier', orderFormNumber: '222-55' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  return c.body.id as string;
}

/** A patient admitted to residential care (optionally days ago) with a signed daily methadone order. */
export async function methadonePatient(
  nurse: ApiClient,
  prescriber: ApiClient,
  facilityId: string,
  opts: { doseMg?: number; admittedAt?: Date; extra?: Record<string, unknown> } = {},
) {
  const { patient, episode } = await admittedPatient(nurse, facilityId, 'residential', opts.admittedAt ? { admittedAt: opts.admittedAt.toISOString() } : {});
  const order = await prescriber.post(`/patients/${patient.id}/medication-orders`, {
    medication: 'methadone',
    form: 'liquid',
    doseMg: opts.doseMg ?? 30,
    frequency: 'daily',
    ...opts.extra,
  });
  expect(order.status, JSON.stringify(order.body)).toBe(201);
  return { patient, patientId: patient.id, episode, order: order.body };
}
