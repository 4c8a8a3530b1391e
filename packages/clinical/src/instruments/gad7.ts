import { scale, type InstrumentDefinition } from './definition';

const frequency = scale(['Not at all', 'Several days', 'More than half the days', 'Nearly every day']);

// GAD-7, Spitzer et al., Arch Intern Med 2006;166:1092-1097 [S12]. Panel LOINC 69737-5, total 70274-6,
// item codes from the LOINC-derived form in the HL7 PCO IG [S13].
export const gad7: InstrumentDefinition = {
  id: 'gad-7',
  name: 'Generalized Anxiety Disorder 7 (GAD-7)',
  code: { system: 'http://loinc.org', code: '70274-6', display: 'Generalized anxiety disorder 7 item (GAD-7) total score' },
  panelCode: { system: 'http://loinc.org', code: '69737-5', display: 'Generalized anxiety disorder 7 item (GAD-7)' },
  source: 'Spitzer 2006 [S12]; LOINC [S13]',
  items: [
    ['nervous', 'Nervous, anxious or on edge', '69725-0'],
    ['uncontrolled_worry', 'Cannot stop or control worrying', '68509-9'],
    ['worry_too_much', 'Worrying too much about different things', '69733-4'],
    ['trouble_relaxing', 'Trouble relaxing', '69734-2'],
    ['restless', 'So restless it is hard to sit still', '69735-9'],
    ['irritable', 'Easily annoyed or irritable', '69689-8'],
    ['afraid', 'Afraid something awful might happen', '69736-7'],
  ].map(([id, label, loinc]) => ({ id, label, answers: frequency, code: { system: 'http://loinc.org' as const, code: loinc, display: label } })),
  bands: [
    { min: 0, max: 4, label: 'minimal' },
    { min: 5, max: 9, label: 'mild' },
    { min: 10, max: 14, label: 'moderate' },
    { min: 15, max: 21, label: 'severe' },
  ],
};
