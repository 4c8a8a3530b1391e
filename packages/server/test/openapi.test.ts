import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

interface Operation {
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

describe('OpenAPI document', () => {
  it('declares a response schema for the success of every operation', async () => {
    const doc = (await (await fetch(`${server.baseUrl}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
    const missing: string[] = [];
    let operations = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        operations++;
        const success = Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
        // 204 has no body by definition; every other success names its body's schema.
        const described = success.some(([code, r]) => {
          if (code === '204') return true;
          const schema = r.content?.['application/json']?.schema;
          return (
            !!schema &&
            Object.keys(schema).length > 0 &&
            (schema.type !== undefined || schema.$ref !== undefined || schema.anyOf !== undefined || schema.oneOf !== undefined)
          );
        });
        if (!described) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(operations).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });

  it('documents a response the way it is sent: instants as date-time strings, enums as their values', async () => {
    const doc = await (await fetch(`${server.baseUrl}/api/openapi.json`)).json();
    const header = doc.paths['/api/v1/patients/{id}/header'].get.responses['200'].content['application/json'].schema;
    const episode = header.properties.episode.anyOf?.[0] ?? header.properties.episode;
    expect(episode.properties.admittedAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(header.properties.patient.properties.sexAtBirth.enum).toEqual(['female', 'male', 'intersex', 'unknown']);
  });
});
