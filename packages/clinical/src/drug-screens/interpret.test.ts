import { describe, expect, it } from 'vitest';
import { analytes, opiateScreenLoinc } from './analytes';
import { interpretScreen } from './interpret';

const codes = (r: ReturnType<typeof interpretScreen>) => r.findings.map((f) => f.code);

describe('drug-screen interpretation (clinical.md §10.3 cases)', () => {
  it('U1: buprenorphine 1,200 with norbuprenorphine not detected → possible adulteration', () => {
    const r = interpretScreen(
      [
        { analyte: 'buprenorphine', ngMl: 1200, cutoffNgMl: 5, method: 'lc-ms-ms' },
        { analyte: 'norbuprenorphine', ngMl: null, cutoffNgMl: 5, method: 'lc-ms-ms' },
      ],
      'buprenorphine',
    );
    expect(codes(r)).toEqual(['possible-adulteration']);
    expect(r.findings[0].message).toContain('LC-MS/MS');
  });
  it('U2: buprenorphine 15, norbuprenorphine 40 → consistent with ingestion (ratio 2.67)', () => {
    const r = interpretScreen(
      [
        { analyte: 'buprenorphine', ngMl: 15, cutoffNgMl: 5, method: 'lc-ms-ms' },
        { analyte: 'norbuprenorphine', ngMl: 40, cutoffNgMl: 5, method: 'lc-ms-ms' },
      ],
      'buprenorphine',
    );
    expect(r.findings[0]).toMatchObject({ code: 'consistent-with-ingestion' });
    expect(r.findings[0].message).toContain('2.67');
    expect(r.negativeForTargets).toBe(true);
    // A stricter configured ratio flags a low ratio.
    expect(
      codes(
        interpretScreen(
          [
            { analyte: 'buprenorphine', ngMl: 100, cutoffNgMl: 5, method: 'lc-ms-ms' },
            { analyte: 'norbuprenorphine', ngMl: 10, cutoffNgMl: 5, method: 'lc-ms-ms' },
          ],
          'buprenorphine',
          { norbupRatioFlag: 0.2 },
        ),
      ),
    ).toEqual(['possible-adulteration']);
  });
  it('U3: the same 500 ng/mL opiate result is positive at a 300 cutoff and negative at 2000', () => {
    expect(interpretScreen([{ analyte: 'opiates', ngMl: 500, cutoffNgMl: 300, method: 'gc-ms' }], null).interpretations[0].status).toBe('positive');
    expect(interpretScreen([{ analyte: 'opiates', ngMl: 500, cutoffNgMl: 2000, method: 'gc-ms' }], null).interpretations[0].status).toBe('negative');
    expect(opiateScreenLoinc(300)).toBe('70151-6');
    expect(opiateScreenLoinc(2000)).toBe('21431-2');
    expect(opiateScreenLoinc(100)).toBe('19295-5');
  });
  it('U4: fentanyl 3 (cutoff 1) by immunoassay is presumptive until confirmed', () => {
    const r = interpretScreen([{ analyte: 'fentanyl', ngMl: 3, cutoffNgMl: 1, method: 'immunoassay' }], 'buprenorphine');
    expect(r.interpretations[0]).toMatchObject({ status: 'presumptive-positive', expected: false });
    expect(codes(r)).toContain('fentanyl-exposure');
    expect(r.negativeForTargets).toBe(false);
  });
  it('methadone without EDDP, a missing medication, 6-MAM and other drugs', () => {
    expect(
      codes(
        interpretScreen(
          [
            { analyte: 'methadone', ngMl: 900, cutoffNgMl: 300, method: 'immunoassay' },
            { analyte: 'eddp', ngMl: 0, cutoffNgMl: 100, method: 'immunoassay' },
          ],
          'methadone',
        ),
      ),
    ).toEqual(['possible-adulteration']);
    expect(codes(interpretScreen([{ analyte: 'methadone', ngMl: null, cutoffNgMl: 300, method: 'immunoassay' }], 'methadone'))).toEqual(['medication-absent']);
    expect(codes(interpretScreen([{ analyte: 'buprenorphine', ngMl: 1, cutoffNgMl: 5, method: 'immunoassay' }], 'buprenorphine'))).toEqual([
      'possible-adulteration',
    ]);
    expect(codes(interpretScreen([{ analyte: 'buprenorphine', ngMl: null, cutoffNgMl: 5, method: 'immunoassay' }], 'buprenorphine'))).toEqual([
      'medication-absent',
    ]);
    const r = interpretScreen(
      [
        { analyte: '6-mam', ngMl: 40, cutoffNgMl: 10, method: 'lc-ms-ms' },
        { analyte: 'cocaine', ngMl: 400, cutoffNgMl: 150, method: 'immunoassay' },
        { analyte: 'oxycodone', ngMl: 200, cutoffNgMl: 100, method: 'immunoassay' },
        { analyte: 'norfentanyl', ngMl: 5, cutoffNgMl: 1, method: 'lc-ms-ms' },
      ],
      null,
    );
    expect(codes(r)).toEqual(['heroin-use', 'fentanyl-exposure', 'unexpected-substance', 'unexpected-substance']);
  });
  it('refuses a result without its cutoff or an unknown analyte', () => {
    expect(() => interpretScreen([{ analyte: 'fentanyl', ngMl: 3, cutoffNgMl: 0, method: 'immunoassay' }], null)).toThrow(/cutoff/);
    expect(() => interpretScreen([{ analyte: 'kratom' as never, ngMl: 3, cutoffNgMl: 1, method: 'immunoassay' }], null)).toThrow(/analyte/);
    expect(() => interpretScreen([{ analyte: 'fentanyl', ngMl: -3, cutoffNgMl: 1, method: 'immunoassay' }], null)).toThrow(/ngMl/);
    expect(analytes.fentanyl.screenLoinc).toBe('59673-4');
  });
});
