import { cows, scoreCows } from '@waypoint/clinical/instruments/cows';

/**
 * A real COWS for a seeded flowsheet row: items from the form's allowed answers that add up to the
 * wanted total (pulse scored from 88 bpm), with the band the clinical package gives. Seeded rows must
 * be rows the app could have written: the flowsheet's items are parsed when read.
 */
export function seededCows(total: number): { items: Record<string, number>; total: number; band: string } {
  const items: Record<string, number> = { pulse: 1 };
  let left = total - 1;
  for (const item of cows.items.slice(1)) {
    const fits = item.answers.map((a) => a.value).filter((v) => v <= Math.max(left, 0));
    const value = Math.max(...fits);
    items[item.id] = value;
    left -= value;
  }
  const score = scoreCows(items, 88);
  return { items: score.items, total: score.total, band: score.band! };
}

/** Totals 0…19 as seeded rows (index = total), for bulk SQL that picks one by `(h * 7) % 20`. */
export const seededCowsByTotal = Array.from({ length: 20 }, (_, t) => seededCows(Math.max(t, 1)));

/** The flowsheet entry every hot-path bench records: a COWS of 10 (mild) with vitals. */
export const cowsEntryBody = {
  cows: {
    items: {
      pulse: 1,
      sweating: 1,
      restlessness: 1,
      pupil: 1,
      bone_joint_aches: 1,
      runny_nose_tearing: 1,
      gi_upset: 1,
      tremor: 1,
      yawning: 1,
      anxiety_irritability: 1,
      gooseflesh: 0,
    },
  },
  vitals: { systolic: 124, diastolic: 80, heartRate: 88, spo2: 97 },
};
