import type { StageManifest } from '../../platform/stage';
import { assessmentRoutes } from './assessments';
import { diagnosisRoutes } from './diagnoses';
import { instrumentRoutes } from './instruments';
import { placementRoutes } from './placement';

const facility = (why: string) => ({ scope: 'facility', why }) as const;
const director = (why: string) => ({ scope: 'organization', why }) as const;

/**
 * Assessment: the intake biopsychosocial assessment, screening instruments given over time (scored by
 * the clinical package), the intake point-of-care urine screen and baseline labs, the problem list and
 * psychiatric medications, and level-of-care placement. The front desk and peers see none of it.
 */
export const assessmentStage: StageManifest = {
  name: 'assessment',
  tables: [
    'asm_assessments',
    'asm_amendments',
    'asm_instrument_results',
    'asm_drug_screens',
    'asm_lab_orders',
    'asm_diagnoses',
    'asm_psych_medications',
    'asm_placements',
  ],
  routes: [...instrumentRoutes, ...assessmentRoutes, ...diagnosisRoutes, ...placementRoutes],
  grants: {
    // Assessments, instruments, the intake screen and baseline labs.
    assessment: {
      read: {
        administrator: director('The clinical director reviews assessments and screening results across the program.'),
        prescriber: facility('Diagnoses and prescribes from the assessment and the screens.'),
        nurse: facility('Gives screens and follows suicide risk and withdrawal on the unit.'),
        counselor: facility('Writes the assessment and the plan from it.'),
        case_manager: facility('Housing, employment, legal and family sections shape the aftercare they arrange.'),
      },
      create: {
        prescriber: facility('Gives instruments and records the intake screen at the admission exam.'),
        nurse: facility('Gives screens, reads the point-of-care cup and orders baseline labs at intake.'),
        counselor: facility('Starts the intake assessment and gives the screening instruments.'),
      },
      update: {
        prescriber: facility('Completes, signs and amends assessments.'),
        nurse: facility('Completes intake sections and marks baseline labs resulted.'),
        counselor: facility('Completes, signs and amends the biopsychosocial assessment.'),
      },
    },
    // The problem list and psychiatric medications.
    diagnosis: {
      read: {
        administrator: director('Reviews diagnoses across the program (reporting, audits).'),
        prescriber: facility('Owns the diagnoses and medications.'),
        nurse: facility('Gives medications knowing what they treat.'),
        counselor: facility('Plans treatment for each diagnosis.'),
        case_manager: facility('Arranges aftercare that treats co-occurring conditions.'),
      },
      create: {
        prescriber: facility('Diagnoses and records psychiatric medications.'),
        counselor: facility('Records a provisional diagnosis from the assessment for the prescriber to sign.'),
      },
      update: {
        prescriber: facility('Corrects diagnoses and stops medications.'),
        counselor: facility('Corrects a diagnosis they recorded (a new entry, signed again).'),
      },
    },
    placement: {
      read: {
        administrator: director('Reviews placement decisions and overrides.'),
        prescriber: facility('Signs placement decisions.'),
        nurse: facility('Knows why the patient is at this level.'),
        counselor: facility('Rates the six dimensions and plans to the level.'),
        case_manager: facility('Prepares step-downs from the placement.'),
      },
      create: {
        prescriber: facility('Decides the level of care.'),
        counselor: facility('Licensed clinician: rates the dimensions and decides the level with the team.'),
      },
    },
    // A prescriber's co-signature on diagnoses and placements.
    'clinical-signature': {
      create: { prescriber: facility('Diagnoses and level-of-care decisions need the prescriber’s signature.') },
    },
    'prescriber-worklist': {
      read: { prescriber: facility('Diagnoses and placements waiting for my signature, my facilities only.') },
    },
  },
};
