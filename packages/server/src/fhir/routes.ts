import { z } from 'zod';
import type { CapabilityStatement, Questionnaire } from '@medplum/fhirtypes';
import { auditC } from '@waypoint/clinical/instruments/audit-c';
import { bam } from '@waypoint/clinical/instruments/bam';
import { barc10 } from '@waypoint/clinical/instruments/barc10';
import { cows } from '@waypoint/clinical/instruments/cows';
import { cssrs } from '@waypoint/clinical/instruments/cssrs';
import { dast10 } from '@waypoint/clinical/instruments/dast10';
import { toQuestionnaire, type InstrumentDefinition } from '@waypoint/clinical/instruments/definition';
import { gad7 } from '@waypoint/clinical/instruments/gad7';
import { mdq } from '@waypoint/clinical/instruments/mdq';
import { pcl5 } from '@waypoint/clinical/instruments/pcl5';
import { phq9 } from '@waypoint/clinical/instruments/phq9';
import { sows } from '@waypoint/clinical/instruments/sows';
import { sowsGossop } from '@waypoint/clinical/instruments/sows-gossop';
import { route } from '../platform/http/route';
import { problems } from '../platform/problems';
import { capabilityStatementSchema, questionnaireBundleSchema, questionnaireSchema } from './schemas';

/** Every instrument's FHIR R4 Questionnaire, generated from the same definition the scorer uses. */
const instruments: InstrumentDefinition[] = [cows, sows, sowsGossop, phq9, gad7, pcl5, cssrs, mdq, auditC, dast10, barc10, bam];
const questionnaires = new Map<string, Questionnaire>(instruments.map((d) => [d.id, toQuestionnaire(d)]));

const tags = ['FHIR R4'];

/**
 * The server's CapabilityStatement. An instance statement must say which installation it describes
 * (FHIR R4 invariant cpb-14: `implementation`), with the base URL it was reached at.
 */
export function capabilityStatement(baseUrl: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-24',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    software: { name: 'Waypoint' },
    implementation: { description: 'Waypoint opioid treatment program server', url: baseUrl },
    rest: [{ mode: 'server', resource: [{ type: 'Questionnaire', interaction: [{ code: 'read' }, { code: 'search-type' }] }] }],
  };
}

export const fhirRoutes = [
  route({
    method: 'GET',
    url: '/metadata',
    response: capabilityStatementSchema,
    summary: 'FHIR R4 CapabilityStatement',
    tags,
    // Public, as FHIR expects (clients discover the server before authenticating); it holds no patient data.
    access: { public: true },
    handler: async ({ req, reply }): Promise<CapabilityStatement> => {
      reply.type('application/fhir+json');
      return capabilityStatement(`${req.protocol}://${req.host}/fhir/R4`);
    },
  }),
  route({
    method: 'GET',
    url: '/Questionnaire',
    response: questionnaireBundleSchema,
    summary: 'Search the instruments’ Questionnaires (a Bundle)',
    tags,
    access: { permission: { resource: 'staff-directory', action: 'read' } },
    handler: async ({ reply }) => {
      reply.type('application/fhir+json');
      return {
        resourceType: 'Bundle' as const,
        type: 'searchset' as const,
        total: questionnaires.size,
        entry: [...questionnaires.values()].map((resource) => ({ resource })),
      };
    },
  }),
  route({
    method: 'GET',
    url: '/Questionnaire/:id',
    response: questionnaireSchema,
    summary: 'One instrument as a FHIR R4 Questionnaire',
    tags,
    access: { permission: { resource: 'staff-directory', action: 'read' } },
    params: z.object({ id: z.string().max(40) }),
    handler: async ({ params, reply }) => {
      const q = questionnaires.get(params.id);
      if (!q) throw problems.notFound('Questionnaire');
      reply.type('application/fhir+json');
      return q;
    },
  }),
];
