import { scoreCows } from '@waypoint/clinical/instruments/cows';
import { uuidv7 } from '../db/ids';
import type { Db } from '../db/schema';
import { defaultProtocols } from '../modules/withdrawal/protocol-config';

// A plausible withdrawal curve: COWS peaks around 36-48 h, then falls.
function cowsAt(hours: number, seed: number): number {
  const peak = 14 + (seed % 5);
  const v = hours < 40 ? 6 + (peak - 6) * (hours / 40) : peak * Math.exp(-(hours - 40) / 50);
  return Math.max(0, Math.min(30, Math.round(v)));
}

/** Splits a total over the COWS items using allowed values, for a realistic-looking form. */
function cowsItems(total: number): Record<string, number> {
  const order: [string, number[]][] = [
    ['sweating', [4, 3, 2, 1]],
    ['restlessness', [5, 3, 1]],
    ['bone_joint_aches', [4, 2, 1]],
    ['anxiety_irritability', [4, 2, 1]],
    ['yawning', [4, 2, 1]],
    ['runny_nose_tearing', [4, 2, 1]],
    ['gi_upset', [5, 3, 2, 1]],
    ['tremor', [4, 2, 1]],
    ['pupil', [5, 2, 1]],
    ['gooseflesh', [5, 3]],
    ['pulse', [4, 2, 1]],
  ];
  const items: Record<string, number> = Object.fromEntries(order.map(([k]) => [k, 0]));
  let left = total;
  // Spread in rounds so no single item takes everything.
  for (let round = 0; round < 4 && left > 0; round++) {
    for (const [k, values] of order) {
      const room = values.filter((v) => v > items[k] && v - items[k] <= left && v <= (round + 1) * 2);
      if (room.length) {
        const next = Math.min(...room);
        left -= next - items[k];
        items[k] = next;
      }
      if (left === 0) break;
    }
  }
  return items;
}

/** Withdrawal-management courses with a flowsheet for the demo's detox patients, so the unit board has life. */
export async function seedWithdrawal(db: Db, organizationId: string, nurseId: string, now: Date) {
  const protocols = defaultProtocols().map((p) => ({ ...p, id: uuidv7() }));
  const induction = protocols.find((p) => p.kind === 'buprenorphine_induction')!;
  const comfort = protocols.find((p) => p.kind === 'symptom_triggered')!;
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('wm_protocols')
      .values(protocols.map((p) => ({ organization_id: organizationId, id: p.id, name: p.name, kind: p.kind, config: JSON.stringify(p.config) })))
      .execute();
    const episodes = await tx
      .selectFrom('episodes')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('level_of_care', '=', 'withdrawal_management')
      .where('status', '=', 'active')
      .orderBy('admitted_at')
      .execute();
    for (const [i, e] of episodes.entries()) {
      const protocol = i % 3 === 2 ? comfort : induction;
      const courseId = uuidv7();
      await tx
        .insertInto('wm_courses')
        .values({
          organization_id: organizationId,
          id: courseId,
          episode_id: e.id,
          patient_id: e.patient_id,
          facility_id: e.facility_id,
          protocol_id: protocol.id,
          protocol: JSON.stringify(protocol.config),
          started_at: e.admitted_at,
          last_use_at: e.last_opioid_use_at,
          last_use_kind: 'short_acting',
          status: 'active',
          completed_at: null,
          outcome: null,
          next_level: null,
          first_dose_at: null,
          started_by: nurseId,
        })
        .execute();
      const rows = [];
      // Checks every two hours in the first 72 h, four-hourly after; the newest one a little late for some.
      const lateBy = i % 4 === 1 ? 150 : 20;
      for (let t = e.admitted_at.getTime() + 30 * 60_000; t < now.getTime() - lateBy * 60_000;) {
        const hours = (t - e.admitted_at.getTime()) / 3_600_000;
        const total = cowsAt(hours, i);
        const items = cowsItems(total);
        const scored = scoreCows(items);
        const hr = 72 + total * 2 + (i % 7);
        rows.push({
          organization_id: organizationId,
          id: uuidv7(t),
          course_id: courseId,
          patient_id: e.patient_id,
          observed_at: new Date(t),
          recorded_by: nurseId,
          cows_items: JSON.stringify(scored.items),
          cows_total: scored.total,
          cows_band: scored.band,
          pulse_bpm: hr,
          sows_instrument: null,
          sows_items: JSON.stringify(null),
          sows_total: null,
          systolic: 118 + (total % 9) * 2,
          diastolic: 76 + (total % 5),
          heart_rate: hr,
          respiratory_rate: 16,
          temperature_c: 36.8,
          spo2: 97,
          pain: Math.min(10, Math.round(total / 3)),
          note: null,
        });
        t += (hours < 72 ? (total >= 13 ? 60 : 120) : 240) * 60_000;
      }
      if (rows.length) await tx.insertInto('wm_observations').values(rows).execute();
    }
  });
}
