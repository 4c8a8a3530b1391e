import { ClinicalInputError } from '../errors';
import { analytes, type Analyte } from './analytes';

export interface AnalyteResult {
  analyte: Analyte;
  /** Measured concentration, ng/mL; null = not detected. */
  ngMl: number | null;
  /** The cutoff the lab used: results always carry it (U3). */
  cutoffNgMl: number;
  method: 'immunoassay' | 'lc-ms-ms' | 'gc-ms';
}

export interface ScreenOptions {
  /** Norbuprenorphine : buprenorphine below this suggests adulteration. 0.02 common; 0.2 / 0.26 more sensitive. */
  norbupRatioFlag: number;
}
export const defaultScreenOptions: ScreenOptions = { norbupRatioFlag: 0.02 };

export type Medication = 'methadone' | 'buprenorphine' | 'naltrexone' | null;

export interface Interpretation {
  analyte: Analyte;
  status: 'positive' | 'presumptive-positive' | 'negative';
  expected: boolean | null;
}

export interface ScreenFinding {
  code: 'possible-adulteration' | 'medication-absent' | 'heroin-use' | 'fentanyl-exposure' | 'unexpected-substance' | 'consistent-with-ingestion';
  message: string;
}

const opioidAgonists: Analyte[] = ['opiates', '6-mam', 'fentanyl', 'norfentanyl', 'oxycodone'];

/**
 * Reads a panel against the patient's own medication (clinical.md §10.3): expected and unexpected
 * results, parent-without-metabolite adulteration patterns, 6-MAM as heroin-specific, fentanyl.
 * Immunoassay positives stay presumptive until confirmed (U4). Findings never justify discharge alone.
 */
export function interpretScreen(results: AnalyteResult[], medication: Medication, options: ScreenOptions = defaultScreenOptions) {
  const byAnalyte = new Map<Analyte, AnalyteResult>();
  for (const r of results) {
    if (!(r.analyte in analytes))
      throw new ClinicalInputError('analyte', 'known-analyte', `analyte: ${String(r.analyte)} is not on the panel.`, Object.keys(analytes));
    if (!(r.cutoffNgMl > 0))
      throw new ClinicalInputError(`${r.analyte}.cutoffNgMl`, 'required', `${r.analyte}.cutoffNgMl: every result carries the cutoff the lab used.`);
    if (r.ngMl !== null && !(r.ngMl >= 0))
      throw new ClinicalInputError(`${r.analyte}.ngMl`, 'non-negative', `${r.analyte}.ngMl: a concentration, or null when not detected.`);
    byAnalyte.set(r.analyte, r);
  }
  const positive = (a: Analyte) => {
    const r = byAnalyte.get(a);
    return !!r && r.ngMl !== null && r.ngMl >= r.cutoffNgMl;
  };
  const interpretations: Interpretation[] = results.map((r) => {
    const pos = positive(r.analyte);
    const expectedPositive =
      (medication === 'methadone' && (r.analyte === 'methadone' || r.analyte === 'eddp')) ||
      (medication === 'buprenorphine' && (r.analyte === 'buprenorphine' || r.analyte === 'norbuprenorphine'));
    return {
      analyte: r.analyte,
      status: pos ? (r.method === 'immunoassay' ? 'presumptive-positive' : 'positive') : 'negative',
      expected: expectedPositive ? pos : pos ? false : null,
    };
  });
  const findings: ScreenFinding[] = [];
  if (medication === 'buprenorphine' && byAnalyte.has('buprenorphine')) {
    const bup = byAnalyte.get('buprenorphine')!.ngMl ?? 0;
    const norbup = byAnalyte.get('norbuprenorphine')?.ngMl ?? 0;
    if (bup > 0 && (norbup === 0 || norbup / bup < options.norbupRatioFlag)) {
      findings.push({
        code: 'possible-adulteration',
        message:
          'Buprenorphine without norbuprenorphine: possible adulteration — confirm by LC-MS/MS and talk with the patient (rule out a very recent first dose, assay sensitivity, dilute urine)',
      });
    } else if (bup > 0 && norbup > 0) {
      findings.push({
        code: 'consistent-with-ingestion',
        message: `Norbuprenorphine/buprenorphine ratio ${(norbup / bup).toFixed(2)}: consistent with ingestion`,
      });
    } else if (!positive('buprenorphine')) {
      findings.push({ code: 'medication-absent', message: 'Buprenorphine not detected in a patient prescribed it' });
    }
  }
  if (medication === 'methadone' && byAnalyte.has('methadone')) {
    if (positive('methadone') && byAnalyte.has('eddp') && !positive('eddp')) {
      findings.push({ code: 'possible-adulteration', message: 'Methadone without EDDP: possible adulteration — confirm and discuss' });
    } else if (!positive('methadone')) {
      findings.push({ code: 'medication-absent', message: 'Methadone not detected in a patient prescribed it' });
    }
  }
  if (positive('6-mam')) findings.push({ code: 'heroin-use', message: '6-MAM detected: specific for recent heroin use' });
  if (positive('fentanyl') || positive('norfentanyl')) {
    findings.push({
      code: 'fentanyl-exposure',
      message: positive('norfentanyl')
        ? 'Fentanyl exposure (norfentanyl present: ingested)'
        : 'Fentanyl detected; norfentanyl would show ingestion rather than spiking',
    });
  }
  for (const a of opioidAgonists.filter((x) => x !== '6-mam' && x !== 'fentanyl' && x !== 'norfentanyl')) {
    if (positive(a)) findings.push({ code: 'unexpected-substance', message: `${analytes[a].label} detected` });
  }
  for (const a of ['benzodiazepines', 'cocaine', 'amphetamines', 'cannabinoids'] as const) {
    if (positive(a)) findings.push({ code: 'unexpected-substance', message: `${analytes[a].label} detected` });
  }
  const negativeForTargets = results.every((r) => {
    const i = interpretations.find((x) => x.analyte === r.analyte)!;
    return i.status === 'negative' || i.expected === true;
  });
  return { interpretations, findings, negativeForTargets };
}
