/**
 * Urine analytes with their LOINC codes (HL7 CDC Opioid Prescribing IG value sets, clinical.md §10.2)
 * [S46] and default cutoffs. Workplace cutoffs are HHS 2025 (90 FR 4662) [S45]; clinical assay cutoffs
 * (buprenorphine, EDDP, benzodiazepines) are assay-specific and UNVERIFIED: take them from the lab.
 */
export const analytes = {
  opiates: { label: 'Opiates (morphine/codeine)', screenLoinc: '19295-5', confirmLoinc: '18390-5', cutoffNgMl: 300 },
  '6-mam': { label: '6-Acetylmorphine (heroin)', screenLoinc: '19321-9', confirmLoinc: '19322-7', cutoffNgMl: 10 },
  fentanyl: { label: 'Fentanyl', screenLoinc: '59673-4', confirmLoinc: '40839-3', cutoffNgMl: 1 },
  norfentanyl: { label: 'Norfentanyl', screenLoinc: '95797-7', confirmLoinc: '43200-5', cutoffNgMl: 1 },
  buprenorphine: { label: 'Buprenorphine', screenLoinc: '93494-3', confirmLoinc: '16208-1', cutoffNgMl: 5 },
  norbuprenorphine: { label: 'Norbuprenorphine', screenLoinc: '82371-6', confirmLoinc: '58362-5', cutoffNgMl: 5 },
  methadone: { label: 'Methadone', screenLoinc: '19550-3', confirmLoinc: '16199-2', cutoffNgMl: 300 },
  eddp: { label: 'EDDP (methadone metabolite)', screenLoinc: '93495-0', confirmLoinc: '58428-4', cutoffNgMl: 100 },
  oxycodone: { label: 'Oxycodone', screenLoinc: '19642-8', confirmLoinc: '19643-6', cutoffNgMl: 100 },
  benzodiazepines: { label: 'Benzodiazepines', screenLoinc: '14316-4', confirmLoinc: '16195-0', cutoffNgMl: 200 },
  cocaine: { label: 'Cocaine (benzoylecgonine)', screenLoinc: '14314-9', confirmLoinc: '14315-6', cutoffNgMl: 150 },
  amphetamines: { label: 'Amphetamines', screenLoinc: '19261-7', confirmLoinc: '16369-1', cutoffNgMl: 500 },
  cannabinoids: { label: 'Cannabinoids (THC)', screenLoinc: '18282-4', confirmLoinc: '19382-1', cutoffNgMl: 50 },
} as const;
export type Analyte = keyof typeof analytes;

/** Opiate immunoassay LOINC codes differ by cutoff: > 300 is 70151-6, > 2000 is 21431-2 [S46]. */
export function opiateScreenLoinc(cutoffNgMl: number): string {
  return cutoffNgMl === 300 ? '70151-6' : cutoffNgMl === 2000 ? '21431-2' : '19295-5';
}
