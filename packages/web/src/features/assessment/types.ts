/** Shapes of the assessment stage's API answers (mirroring the server's response schemas). */
export interface InstrumentResult {
  id: string;
  instrument: string;
  total: number;
  band: string | null;
  suicideRisk: 'low' | 'moderate' | 'high' | null;
  alertId: string | null;
  administeredAt: string;
  /** DSM-5 OUD results: the ICD-10-CM code the clinical package gave. */
  icd10cm?: string | null;
}

export interface Substance {
  substance: string;
  ageOfFirstUse?: number | null;
  route?: string | null;
  frequency?: string | null;
  amount?: string | null;
  lastUseAt?: string | null;
  opioidKind?: 'short_acting' | 'long_acting' | null;
}

export interface Sections {
  medical?: { summary?: string | null; conditions?: string[] | null };
  substanceUse?: { substances: Substance[]; summary?: string | null };
  mentalHealth?: { summary?: string | null };
  trauma?: { summary?: string | null };
  housing?: { status?: string | null; summary?: string | null };
  employment?: { status?: string | null; summary?: string | null };
  legal?: { summary?: string | null };
  family?: { summary?: string | null };
  strengths?: { summary?: string | null };
}

export interface Assessment {
  id: string;
  episodeId: string;
  status: 'draft' | 'signed';
  sections: Sections;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdByName: string | null;
  signedAt: string | null;
  signedName: string | null;
  amendments: { id: string; section: string; changes: Record<string, unknown>; reason: string; amendedAt: string; amendedByName: string | null }[];
}

export interface Diagnosis {
  id: string;
  icd10Code: string;
  description: string;
  category: 'substance-use' | 'mental-health' | 'medical';
  onsetDate: string | null;
  status: string;
  resolvedDate: string | null;
  diagnosedAt: string;
  diagnosedByName: string | null;
  supersedesId: string | null;
  amendmentReason: string | null;
  signedAt: string | null;
  signedByName: string | null;
}

export interface PsychMedication {
  id: string;
  name: string;
  dose: string;
  frequency: string;
  prescribedBy: string | null;
  startedOn: string | null;
  stoppedOn: string | null;
  stopReason: string | null;
}

export interface Placement {
  id: string;
  ratings: Record<string, number>;
  notes: Record<string, string>;
  suggestion: { level: string; reasons: string[]; referBeyondProgram: string[]; engine: string };
  chosenLevel: string;
  overridden: boolean;
  overrideReason: string | null;
  fromLevel: string;
  levelChanged: boolean;
  decidedAt: string;
  decidedByName: string | null;
  signedAt: string | null;
  signedByName: string | null;
}
