import type { Alert } from '../../api/types';

export interface ProtocolMedication {
  key: string;
  name: string;
  kind: 'standing' | 'prn';
  doseMg: number;
  route: string;
  frequency: string;
  indication?: string;
  maxDailyMg?: number;
  hold?: { systolicBelow?: number; diastolicBelow?: number; heartRateBelow?: number; vitalsMaxAgeMinutes: number };
  induction: boolean;
}

export interface Protocol {
  id: string;
  name: string;
  kind: string;
  active: boolean;
  config: { instruments: string[]; medications: ProtocolMedication[]; induction: { minCows: number; minHoursShortActing: number; minHoursLongActing: number } | null; expectedDays: { min: number; max: number }; schedule: { peakWindowHours: number } };
}

export interface Vitals {
  systolic: number | null;
  diastolic: number | null;
  heartRate: number | null;
  respiratoryRate: number | null;
  temperatureC: number | null;
  spo2: number | null;
  pain: number | null;
}

export interface CourseStatus {
  hoursSinceStart: number;
  inPeakWindow: boolean;
  peakWindowHours: number;
  dayOfCourse: number;
  lastCows: { total: number; band: string; observedAt: string } | null;
  cowsTrend: 'rising' | 'falling' | 'steady' | null;
  cowsDelta: number | null;
  lastVitals: (Vitals & { observedAt: string }) | null;
  nextCheck: { dueAt: string; intervalMinutes: number; reason: string; overdue: boolean } | null;
  inductionReadiness: { ready: boolean; cowsMet: boolean; hoursMet: boolean; hoursSinceUse: number | null; hoursRequired: number; reasons: string[] } | null;
  firstDoseAt: string | null;
}

export interface Course {
  id: string;
  episodeId: string;
  patientId: string;
  protocolName: string;
  protocol: Protocol['config'];
  startedAt: string;
  lastUseAt: string | null;
  lastUseKind: string;
  status: 'active' | 'completed';
  completedAt: string | null;
  outcome: string | null;
  nextLevel: string | null;
}

export interface Observation {
  id: string;
  observedAt: string;
  recordedByName: string | null;
  cows: { total: number; band: string; items: Record<string, number>; pulseBpm: number | null } | null;
  sows: { instrument: string; total: number } | null;
  vitals: Vitals;
  note: string | null;
}

export interface MedicationEvent {
  id: string;
  medication: string;
  doseMg: number | null;
  outcome: 'given' | 'held' | 'refused';
  reason: string | null;
  firstDose: boolean;
  overrideReason: string | null;
  occurredAt: string;
  recordedByName: string | null;
  reassessDueAt: string | null;
  reassessedAt: string | null;
  effect: string | null;
}

export interface CourseDetail {
  course: Course;
  status: CourseStatus;
  completion: { day: number; settled: boolean; beyondExpected: boolean; ready: boolean; reasons: string[]; expectedDays: { min: number; max: number } };
  observations: Observation[];
  medications: MedicationEvent[];
}

export interface BoardRow extends CourseStatus {
  hoursSinceAdmission: number;
  inFirst72HoursOfAdmission: boolean;
  courseId: string;
  patientId: string;
  patientName: string;
  mrn: string;
  bed: string | null;
  protocolName: string;
  alerts: Alert[];
  overdoseRisk: boolean;
}
