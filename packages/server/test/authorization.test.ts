import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stages } from '../src/app/stages';
import { composeDecisionTable, isDeclared, scopeIn } from '../src/platform/permissions/decision-table';
import { roles, type Role } from '@waypoint/clinical/care/roles';
import { buildOrganization, registerPatient, type TestOrganization } from './factories';
import { ApiClient, startServer, type TestServer } from './harness';

// Generated from the decision table: every route × every role. A role the table does not grant is
// refused (403) before the handler runs; a granted role gets past the check. A route without a
// permission entry fails the first test, so nothing ships unguarded.
// Every route of the pipeline, REST and FHIR, with its mount point.
const allRoutes = stages.flatMap((s) => [...s.routes, ...(s.fhirRoutes ?? []).map((r) => ({ ...r, url: `/fhir/R4${r.url}` }))]);
const table = composeDecisionTable(stages);
const scopeFor = (role: Role, resource: string, action: Parameters<typeof scopeIn>[3]) => scopeIn(table, role, resource, action);

let server: TestServer;
let org: TestOrganization;
const clients = {} as Record<Role, ApiClient>;
let patientId: string;

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  for (const role of roles) clients[role] = await org.signIn(role, server.baseUrl);
  patientId = (await registerPatient(clients.administrator, org.facilityIds[0])).id;
});
afterAll(() => server?.close());

function concrete(url: string): string {
  return url.replace(/:(\w+)/g, (_, name) => (name === 'id' && url.startsWith('/patients') ? patientId : '00000000-0000-7000-8000-000000000000'));
}

describe('every route has a decision-table entry', () => {
  it.each(allRoutes.map((r) => [`${r.method} ${r.url}`, r] as const))('%s', (_, r) => {
    expect('permission' in r.access).toBe(true);
    if ('permission' in r.access) {
      const { resource, action } = r.access.permission;
      expect(isDeclared(table, resource, action), `${resource}.${action}`).toBe(true);
    }
  });
});

describe.each(roles)('as %s', (role) => {
  it.each(allRoutes.map((r) => [`${r.method} ${r.url}`, r] as const))('%s', async (_, r) => {
    if (!('permission' in r.access)) return;
    const { resource, action } = r.access.permission;
    const res = await clients[role].request(r.method, concrete(r.url), r.method === 'GET' || r.method === 'DELETE' ? {} : { body: {} });
    if (scopeFor(role, resource, action)) {
      expect(res.status, JSON.stringify(res.body)).not.toBe(403);
      expect(res.status).not.toBe(401);
      expect(res.status).toBeLessThan(500);
    } else {
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});

describe('without a session', () => {
  it.each(allRoutes.map((r) => [`${r.method} ${r.url}`, r] as const))('%s answers 401', async (_, r) => {
    const res = await new ApiClient(server.baseUrl).request(r.method, concrete(r.url), r.method === 'GET' || r.method === 'DELETE' ? {} : { body: {} });
    expect(res.status).toBe(401);
  });
});
