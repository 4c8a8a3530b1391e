import { scale, scoreInstrument, type InstrumentDefinition } from './definition';

const frequency = scale(['Not at all', 'Several days', 'More than half the days', 'Nearly every day']);

// PHQ-9, Kroenke, Spitzer & Williams, J Gen Intern Med 2001;16:606-613 [S11]. Panel LOINC 44249-1,
// total 44261-6 (never the total under the panel code); item codes from the HL7 BH IG [S13].
export const phq9: InstrumentDefinition = {
  id: 'phq-9',
  name: 'Patient Health Questionnaire (PHQ-9)',
  code: { system: 'http://loinc.org', code: '44261-6', display: 'Patient Health Questionnaire 9 item (PHQ-9) total score' },
  panelCode: { system: 'http://loinc.org', code: '44249-1', display: 'PHQ-9 quick depression assessment panel' },
  source: 'Kroenke 2001 [S11]; LOINC via HL7 [S13]',
  items: [
    ['interest', 'Little interest or pleasure', '44250-9'],
    ['down', 'Feeling down or hopeless', '44255-8'],
    ['sleep', 'Sleep trouble', '44259-0'],
    ['energy', 'Tired, little energy', '44254-1'],
    ['appetite', 'Poor appetite or overeating', '44251-7'],
    ['self_worth', 'Feeling bad about yourself', '44258-2'],
    ['concentration', 'Trouble concentrating', '44252-5'],
    ['psychomotor', 'Slowed down or restless', '44253-3'],
    ['self_harm', 'Better off dead or self-harm thoughts', '44260-8'],
  ].map(([id, label, loinc]) => ({ id, label, answers: frequency, code: { system: 'http://loinc.org' as const, code: loinc, display: label } })),
  bands: [
    { min: 0, max: 4, label: 'minimal' },
    { min: 5, max: 9, label: 'mild' },
    { min: 10, max: 14, label: 'moderate' },
    { min: 15, max: 19, label: 'moderately severe' },
    { min: 20, max: 27, label: 'severe' },
  ],
};

/** PHQ-9 with the item-9 safety flag: any answer above 0 needs clinician review and a suicide-risk assessment, whatever the total. */
export function scorePhq9(answers: Record<string, unknown>) {
  const score = scoreInstrument(phq9, answers);
  return { ...score, suicideRiskFlag: score.items.self_harm > 0 };
}
