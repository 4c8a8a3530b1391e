/**
 * What the stage contract and its checks cost per request (issue 11: ≤ 1 ms p99), timed in isolation
 * on the hot paths' real responses so that a busy machine's queueing does not hide it: the access
 * decision (decision table look-up), encoding the response through the route's zod schema (the typed
 * edge), and the JSONB parses a unit board does (each course's protocol). Needs a kept bench
 * organization: `BENCH_KEEP=1 BENCH_HOT_PATHS=0 npm run bench`, then
 *   PROFILE_ORG=<organization id> npx tsx bench/contract-cost.ts
 */
import type { AddressInfo } from 'node:net';
import { createDb } from '../packages/server/src/db/database';
import { openPostgres } from '../packages/server/src/db/engine';
import { buildWaypoint } from '../packages/server/src/app/server';
import { stages } from '../packages/server/src/app/stages';
import { composeDecisionTable, scopeIn } from '../packages/server/src/platform/permissions/decision-table';
import { responseSerializer } from '../packages/server/src/platform/http/wire';
import { parseProtocol } from '../packages/server/src/modules/withdrawal/protocol-config';
import { testPassword } from '../packages/server/test/factories';
import { ApiClient } from '../packages/server/test/harness';
import type { z } from 'zod';
import { summarize } from './stats';

const target = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/waypoint_bench';
const rounds = Number(process.env.BENCH_ITERATIONS ?? 2000);

function time(label: string, fn: () => void) {
  for (let i = 0; i < 200; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return summarize(label, times);
}

async function main() {
  const organizationId = process.env.PROFILE_ORG!;
  const engine = await openPostgres(target, 4);
  const db = createDb(engine);
  const nurse = await db
    .selectFrom('users')
    .select(['email'])
    .where('organization_id', '=', organizationId)
    .where('role', '=', 'nurse')
    .orderBy('email')
    .executeTakeFirstOrThrow();
  const facility = await db.selectFrom('facilities').select('id').where('organization_id', '=', organizationId).orderBy('id').executeTakeFirstOrThrow();
  const patient = await db
    .selectFrom('patients')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('mrn', 'like', 'B%')
    .executeTakeFirstOrThrow();
  const courses = await db
    .selectFrom('wm_courses')
    .select(['id', 'protocol'])
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'active')
    .execute();
  const app = await buildWaypoint({ engine, db, webDist: '/nonexistent', logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const client = new ApiClient(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  await client.signIn(nurse.email, testPassword);
  const observation = await client.post(`/withdrawal/${courses[0].id}/observations`, {
    cows: {
      items: {
        pulse: 1,
        sweating: 1,
        restlessness: 1,
        pupil: 1,
        bone_joint_aches: 1,
        runny_nose_tearing: 1,
        gi_upset: 1,
        tremor: 1,
        yawning: 1,
        anxiety_irritability: 1,
        gooseflesh: 0,
      },
    },
    vitals: { systolic: 124, diastolic: 80, heartRate: 88, spo2: 97 },
  });
  const hotPaths = [
    {
      label: 'Unit board, 40 beds',
      method: 'GET',
      url: '/facilities/:facilityId/withdrawal-board',
      body: (await client.get(`/facilities/${facility.id}/withdrawal-board`)).body,
    },
    { label: 'Patient search, 50 per page', method: 'GET', url: '/patients', body: (await client.get('/patients?q=smi&limit=50')).body },
    { label: 'Chart header', method: 'GET', url: '/patients/:id/header', body: (await client.get(`/patients/${patient.id}/header`)).body },
    { label: 'Record a COWS with vitals', method: 'POST', url: '/withdrawal/:courseId/observations', body: observation.body },
  ];
  const routes = stages.flatMap((s) => s.routes);
  const table = composeDecisionTable(stages);
  const encode = responseSerializer(false);
  const rows = [time('Access decision (decision table look-up)', () => void scopeIn(table, 'nurse', 'withdrawal-board', 'read'))];
  for (const p of hotPaths) {
    const spec = routes.find((r) => r.method === p.method && r.url.replace(/:\w+/g, ':') === p.url.replace(/:\w+/g, ':'));
    if (!spec) throw new Error(`no route ${p.method} ${p.url}`);
    const serialize = encode({ schema: spec.response as z.ZodType, method: p.method, url: spec.url, httpStatus: '200' });
    rows.push(time(`${p.label}: response encoded through its schema`, () => void serialize(p.body)));
  }
  rows.push(time(`Unit board: ${courses.length} course protocols parsed (uncached)`, () => void courses.forEach((c) => parseProtocol(c.protocol))));
  console.log(`\n| Contract work per request (${rounds} rounds) | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|`);
  for (const r of rows) console.log(`| ${r.label} | ${r.p50.toFixed(3)} | ${r.p95.toFixed(3)} | ${r.p99.toFixed(3)} |`);
  await app.close();
  await engine.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
