/** Shapes of the medication API (mirroring the route response schemas in modules/medication). */
export interface Finding {
  ruleId: string;
  severity: 'hard-stop' | 'warning';
  message: string;
  overrideBy: string[];
  source: string;
  overridden?: boolean | { role: string; by: string | null; reason: string | null };
  overrideReason?: string | null;
}

export interface Order {
  id: string;
  patientId: string;
  facilityId: string;
  medication: string;
  name: string;
  form: string;
  route: string;
  doseMg: number;
  firstDayDosesMg: number[] | null;
  splitDosesMg: number[] | null;
  frequency: string;
  scheduleTimes: string[];
  titration: { day: string; doseMg: number }[];
  startDay: string;
  endDay: string | null;
  status: 'pending_cosign' | 'active' | 'held' | 'stopped';
  statusReason: string | null;
  entry: string;
  orderedBy: string;
  ruleSet: string;
  findings: Finding[];
  instructions: string | null;
  version: number;
  createdAt: string;
}

export interface DoseOut {
  id: string;
  patientId: string;
  orderId: string | null;
  kind: string;
  dosingDay: string;
  medication: string;
  form: string;
  doseMg: number | null;
  volumeMl: number | null;
  units: number | null;
  containerId: string | null;
  observed: boolean;
  reason: string | null;
  givenBy: string;
  givenAt: string;
  balanceAfter?: number | null;
}

export interface SearchHit {
  id: string;
  mrn: string;
  name: string;
  birthDate: string;
  hasPhoto: boolean;
  medication: string | null;
  doseMg: number | null;
  orderStatus: string | null;
}

export interface Stop {
  rule: string;
  severity: 'stop' | 'caution';
  message: string;
  overrideBy: string[];
}

export interface DoseScreen {
  patient: { id: string; mrn: string; name: string; preferredName: string | null; birthDate: string; photo: string | null };
  facility: { id: string; name: string; timeZone: string };
  dosingDay: string;
  order: Order | null;
  dueMg: number | null;
  firstMethadoneDay: boolean;
  missedInARow: number;
  stops: Stop[];
  dosesToday: DoseOut[];
  containers: { id: string; label: string; form: string; unit: string; strengthMg: number; balance: number; volumeForDue: number | null }[];
}

export interface Container {
  id: string;
  facilityId: string;
  medication: string;
  form: string;
  label: string;
  lot: string | null;
  unit: string;
  strengthMg: number;
  balance: number;
  balanceMg: number;
  status: string;
}

export interface LedgerEntry {
  id: string;
  kind: string;
  quantity: number;
  mg: number;
  balanceAfter: number;
  doseId: string | null;
  supplier: string | null;
  orderFormNumber: string | null;
  reason: string | null;
  recordedBy: string;
  secondSigner: string | null;
  occurredAt: string;
}

export interface Bottle {
  doseId: string;
  day: string;
  doseMg: number;
  volumeMl: number | null;
  units: number | null;
  label: { patient: string; mrn: string; medication: string; dose: string; date: string; program: string; instructions: string };
}

export interface TakeHomePlan {
  id: string;
  orderId: string;
  ruleSet: string;
  treatmentDay: number;
  days: string[];
  closureDays: string[];
  criteria: string[];
  allowedDays: number | null;
  findings: Finding[];
  rationale: string;
  decidedAt: string;
}

export interface TakeHomes {
  eligibility: {
    medication: string;
    treatmentDay: number;
    ruleSet: string;
    ruleSource: string;
    scheduleMaxDays: number | null;
    programMaxDays: number | null;
    allowedDays: number | null;
    nextStep: { fromDay: number; maxDays: number } | null;
    criteria: string[];
  };
  plans: TakeHomePlan[];
  checks: { id: string; kind: string; outcome: string; note: string | null; recordedAt: string }[];
}

export const criterionLabels: Record<string, string> = {
  no_active_use_or_unsafe_conditions: 'No active substance use or condition that raises overdose risk',
  regular_attendance: 'Regular attendance for observed dosing',
  no_serious_behavioral_problems: 'No serious behavioural problems',
  no_recent_diversion: 'No known recent diversion',
  safe_transport_and_storage: 'Take-homes can be carried and stored safely',
  other_relevant_criteria_considered: 'Other relevant criteria considered',
};
