/**
 * What the stage contract and its checks cost per request (issue 11: ≤ 1 ms p99), timed in isolation
 * on the hot paths' real responses so that a busy machine's queueing does not hide it: the access
 * decision (decision table look-up), encoding the response through the route's zod schema (the typed
 * edge), and the JSONB parses a unit board does (each course's protocol). Needs a kept bench
 * organization: `BENCH_KEEP=1 BENCH_HOT_PATHS=0 npm run bench`, then
 *   PROFILE_ORG=<organization id> npx tsx bench/contract-cost.ts
 */
import { stages } from '../packages/server/src/app/stages';
import { composeDecisionTable, scopeIn } from '../packages/server/src/platform/permissions/decision-table';
import { responseSerializer } from '../packages/server/src/platform/http/wire';
import { parseProtocol } from '../packages/server/src/modules/withdrawal/protocol-config';
import { serveKeptOrganization } from './kept-organization';
import { cowsEntryBody } from './cows-seed';
import type { z } from 'zod';
import { summarize } from './stats';

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
  const { client, facilityId, patientId, courses, close } = await serveKeptOrganization(process.env.PROFILE_ORG!);
  const observation = await client.post(`/withdrawal/${courses[0].id}/observations`, cowsEntryBody);
  const hotPaths = [
    {
      label: 'Unit board, 40 beds',
      method: 'GET',
      url: '/facilities/:facilityId/withdrawal-board',
      body: (await client.get(`/facilities/${facilityId}/withdrawal-board`)).body,
    },
    { label: 'Patient search, 50 per page', method: 'GET', url: '/patients', body: (await client.get('/patients?q=smi&limit=50')).body },
    { label: 'Chart header', method: 'GET', url: '/patients/:id/header', body: (await client.get(`/patients/${patientId}/header`)).body },
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
  await close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
