import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admittedPatient, buildOrganization, testPassword, type TestOrganization } from './factories';
import { startServer, type TestServer } from './harness';

/**
 * Malformed input never answers 5xx (issue 12 item 7): every operation of the OpenAPI document is sent
 * NUL characters, huge strings, wrong types, non-UUID and 36-character non-UUID ids, forged cursors
 * and huge numbers, as an administrator and as a nurse. Any 5xx fails the test, naming the request.
 */
let server: TestServer;
let org: TestOrganization;
let doc: any;
const known: Record<string, string> = {};

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  nullable?: boolean;
  anyOf?: Schema[];
  oneOf?: Schema[];
};

const forgedCursors = [
  Buffer.from('[{"a":1},{"b":2}]').toString('base64url'),
  Buffer.from('["\\u0000","x"]').toString('base64url'),
  Buffer.from('[1e400, "9999999999999999999999"]').toString('base64url'),
  Buffer.from('["not-a-date","not-a-uuid"]').toString('base64url'),
  Buffer.from('[null]').toString('base64url'),
  '%%%not-base64',
];
const badIds = [
  '%00',
  'a%00b',
  '------------------------------------',
  'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  '0'.repeat(36),
  '9'.repeat(40),
  'x'.repeat(3000),
  '%E0%A4%A',
  '..%2F..%2Fetc',
];
const badValues: unknown[] = [
  '\u0000',
  'a\u0000b',
  'x'.repeat(70_000),
  12345,
  -1,
  1e308,
  2 ** 63,
  1e20,
  true,
  null,
  [],
  {},
  '------------------------------------',
  '2024-13-45T99:99:99Z',
  '9'.repeat(400),
];

function baseValue(name: string, s: Schema | undefined, depth = 0): unknown {
  if (!s || depth > 4) return 'x';
  if (s.anyOf?.length) return baseValue(name, s.anyOf.find((x) => x.type !== 'null') ?? s.anyOf[0], depth);
  if (s.oneOf?.length) return baseValue(name, s.oneOf[0], depth);
  if (s.enum?.length) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'uuid') return known[name] ?? known.patientId;
      if (s.format === 'date-time') return server.clock.now().toISOString();
      if (s.format === 'email') return `fuzz.${Math.random().toString(36).slice(2)}@example.org`;
      if (s.pattern?.includes('\\d{4}-\\d{2}-\\d{2}')) return '1980-01-01';
      return 'fuzz value '.padEnd(Math.max(s.minLength ?? 0, 10), 'x');
    case 'integer':
    case 'number':
      return s.minimum !== undefined ? s.minimum + 1 : 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const k of s.required ?? []) out[k] = baseValue(k, s.properties?.[k], depth + 1);
      return out;
    }
    default:
      return 'x';
  }
}

interface Probe {
  method: string;
  path: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

function probesFor(method: string, template: string, op: any): Probe[] {
  const params: any[] = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name as string);
  const queryParams = params.filter((p) => p.in === 'query');
  const fill = (override?: [string, string]) =>
    template.replace(/\{(\w+)\}/g, (_m, n: string) => (override && override[0] === n ? override[1] : (known[`${pathKind(template, n)}`] ?? known.patientId)));
  const bodySchema: Schema | undefined = op.requestBody?.content?.['application/json']?.schema;
  const base = bodySchema ? baseValue('body', bodySchema) : undefined;
  const withBody = (p: Probe): Probe => (bodySchema && p.body === undefined && p.raw === undefined ? { ...p, body: base } : p);
  const out: Probe[] = [];
  for (const n of pathParams) for (const bad of badIds) out.push(withBody({ method, path: fill([n, bad]) }));
  const path = fill();
  for (const q of queryParams) {
    const values =
      q.name === 'cursor'
        ? forgedCursors
        : ['%00', 'a%00b', 'x'.repeat(5000), '-1', '1e308', '99999999999999999999', '------------------------------------', '[]', '%7B%7D'];
    for (const v of values) out.push(withBody({ method, path: `${path}?${q.name}=${v}` }));
  }
  if (bodySchema) {
    const props = Object.keys(bodySchema.properties ?? {});
    for (const k of props) {
      for (const bad of badValues) out.push({ method, path, body: { ...(base as object), [k]: bad } });
      const inner = bodySchema.properties![k];
      if (inner.type === 'object' && inner.properties) {
        for (const ik of Object.keys(inner.properties))
          for (const bad of ['\u0000', 1e308, 'x'.repeat(70_000), {}])
            out.push({ method, path, body: { ...(base as object), [k]: { ...(baseValue(k, inner) as object), [ik]: bad } } });
      }
      if (inner.type === 'array' && inner.items)
        for (const bad of ['\u0000', {}, [[]], 1e308]) out.push({ method, path, body: { ...(base as object), [k]: [bad] } });
    }
    for (const whole of ['null', '[]', '"x"', '1e999', '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}', '{"\u0000":1}'])
      out.push({ method, path, raw: whole });
  }
  if (method !== 'GET') {
    for (const v of ['"99999999999999999999999"', '"-1"', 'W/"1e400"', '"1.5"']) out.push(withBody({ method, path, headers: { 'if-match': v } }));
    out.push(withBody({ method, path, headers: { 'idempotency-key': 'k'.repeat(5000) } }));
  } else {
    out.push({ method, path });
  }
  return out;
}

/** Which known id a path parameter stands for, from the segment before it. */
function pathKind(template: string, name: string): string {
  if (name === 'memberId') return 'memberId';
  if (name === 'eventId') return 'eventId';
  const seg = template.split('/');
  const i = seg.indexOf(`{${name}}`);
  return (
    {
      patients: 'patientId',
      episodes: 'episodeId',
      facilities: 'facilityId',
      alerts: 'alertId',
      users: 'userId',
      withdrawal: 'courseId',
      protocols: 'protocolId',
      Questionnaire: 'questionnaire',
    }[seg[i - 1]] ?? 'patientId'
  );
}

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
  const nurse = await org.signIn('nurse', server.baseUrl);
  const admin = await org.signIn('administrator', server.baseUrl);
  const { patient, episode } = await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management', { bed: 'F1' });
  const protocols = (await nurse.get('/wm/protocols')).body.items;
  const bup = protocols.find((p: { kind: string }) => p.kind === 'buprenorphine_induction');
  const course = await nurse.post(`/episodes/${episode.id}/withdrawal`, { protocolId: bup.id, lastUseKind: 'unknown' });
  const spare = await admin.post('/users', {
    email: `spare.${Date.now()}@test.waypoint`,
    displayName: 'Spare user',
    role: 'counselor',
    password: testPassword,
    facilityIds: [org.facilityIds[0]],
  });
  Object.assign(known, {
    patientId: patient.id,
    episodeId: episode.id,
    facilityId: org.facilityIds[0],
    courseId: course.body.course.id,
    protocolId: bup.id,
    userId: spare.body.id,
    memberId: spare.body.id,
    eventId: episode.id,
    alertId: episode.id,
    questionnaire: 'cows',
  });
  doc = (await fetch(`${server.baseUrl}/api/openapi.json`)).json();
  doc = await doc;
}, 60_000);
afterAll(() => server?.close());

describe('malformed input to every operation of the OpenAPI document', () => {
  for (const role of ['administrator', 'nurse'] as const) {
    it(`never answers 5xx, as ${role === 'administrator' ? 'an administrator' : 'a nurse'}`, async () => {
      let client = await org.signIn(role, server.baseUrl);
      const failures: string[] = [];
      let sent = 0;
      // Sign-in and sign-out last: they end the session and count toward the throttle.
      const ops: [string, string, any][] = [];
      for (const [path, item] of Object.entries<any>(doc.paths)) for (const [m, op] of Object.entries<any>(item)) ops.push([m.toUpperCase(), path, op]);
      const last = (p: string) => (p.includes('/auth/sign-') ? 1 : 0);
      ops.sort((a, b) => last(a[1]) - last(b[1]));
      for (const [method, template, op] of ops) {
        if (template.endsWith('/auth/sign-out')) continue;
        for (const probe of probesFor(method, template, op)) {
          const res = await client.request(probe.method, probe.path, { body: probe.body, raw: probe.raw, headers: probe.headers });
          sent++;
          if (res.status >= 500)
            failures.push(
              `${probe.method} ${probe.path.slice(0, 120)} ${JSON.stringify(probe.body ?? probe.raw ?? probe.headers ?? '').slice(0, 160)} → ${res.status}`,
            );
          else if (res.status >= 400 && !String(res.headers.get('content-type')).includes('application/problem+json'))
            failures.push(`${probe.method} ${probe.path.slice(0, 120)} → ${res.status} not problem+json`);
          if (res.status === 401 && !template.includes('/auth/')) client = await org.signIn(role, server.baseUrl);
        }
      }
      if (process.env.FUZZ_OUT) (await import('node:fs')).writeFileSync(`${process.env.FUZZ_OUT}.${role}`, failures.join('\n'));
      expect(sent).toBeGreaterThan(1000);
      expect(failures, failures.slice(0, 40).join('\n')).toEqual([]);
    }, 300_000);
  }
});
