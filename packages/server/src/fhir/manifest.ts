import type { StageManifest } from '../platform/stage';
import { fhirRoutes } from './routes';

/** The FHIR R4 facade: standards at the edge, through the same permission and audit pipeline. */
export const fhirStage: StageManifest = {
  name: 'fhir',
  tables: [],
  routes: [],
  fhirRoutes,
  grants: {},
};
