/**
 * Hot paths at 1 and 8 concurrent clients (issue 13), each beside its floor measured in the same run:
 * the floor is the minimal SQL for the same durable effect (same rows read, same rows written, the
 * same audit rows), sent straight through `pg` with no HTTP, no validation and no JSON — not a replay
 * of the app's statements. The server runs in its own process (as `npm start` with DATABASE_URL), so
 * the load generator does not share its event loop.
 */
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { auditMac, drainAuditChain, scheduleAuditChain, useAuditKey } from '../packages/server/src/platform/audit';
import { createDb } from '../packages/server/src/db/database';
import { cowsEntryBody } from './cows-seed';
import { tokenHash } from '../packages/server/src/platform/auth/tokens';
import { uuidv7 } from '../packages/server/src/db/ids';
import { openPostgres, postgresSessionOptions, prepareRepeatedStatements } from '../packages/server/src/db/engine';
import { benchAuditKey, KeepAliveConnection, signInCookie, startServer, stopServer } from './http-load';

export interface HotPathSetup {
  url: string;
  organizationId: string;
  facilityId: string;
  nurse: { id: string; email: string; password: string };
  patientIds: string[];
  activeCourseIds: string[];
  terms: string[];
  seconds: number;
}

interface Run {
  cpu: CpuPerRequest;
  rps: number;
  p50: number;
  p99: number;
  n: number;
  errors: number;
}

function pct(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

/** CPU milliseconds per request: the server's Node process, every PostgreSQL process, the load generator. */
interface CpuPerRequest {
  server: number;
  postgres: number;
  client: number;
}

/** Process CPU times in ms from /proc (Linux): the server's, each PostgreSQL process's, this process's. */
function cpuNow(serverPid: number | undefined) {
  const ticks = (pid: string | number) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      return 0;
    }
  };
  const postgres = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) postgres.set(pid, ticks(pid));
    } catch {
      // the process ended between the listing and the read
    }
  }
  const own = process.cpuUsage();
  return { server: serverPid ? ticks(serverPid) : 0, postgres, client: (own.user + own.system) / 1000 };
}

/** CPU spent between two readings; a PostgreSQL process that ended in between is not counted. */
function cpuSpent(before: ReturnType<typeof cpuNow>, after: ReturnType<typeof cpuNow>, requests: number): CpuPerRequest {
  let postgres = 0;
  for (const [pid, t] of after.postgres) postgres += t - (before.postgres.get(pid) ?? 0);
  const n = Math.max(1, requests);
  return { server: (after.server - before.server) / n, postgres: postgres / n, client: (after.client - before.client) / n };
}

/** `clients` loops for `seconds` after a one-second warm-up; throughput, latency and CPU per request of what completed. */
async function load(clients: number, seconds: number, op: (i: number, client: number) => Promise<boolean>, serverPid?: number): Promise<Run> {
  let i = 0;
  const warmEnd = Date.now() + 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (Date.now() < warmEnd) await op(i++, c);
    }),
  );
  const times: number[] = [];
  let errors = 0;
  const start = performance.now();
  const cpuBefore = cpuNow(serverPid);
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      while (performance.now() < end) {
        const t = performance.now();
        const ok = await op(i++, c);
        if (ok) times.push(performance.now() - t);
        else errors++;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const cpuAfter = cpuNow(serverPid);
  const cpu = cpuSpent(cpuBefore, cpuAfter, times.length + errors);
  times.sort((a, b) => a - b);
  return { cpu, rps: times.length / elapsed, p50: pct(times, 50), p99: pct(times, 99), n: times.length, errors };
}

/**
 * Waits until the server's start-up work (every background job runs once at start: sweeps, the audit
 * anchor) has finished, so it is not counted against the first hot path measured: until its process
 * uses under 5% of a core over half a second, for at most 30 s.
 */
async function serverQuiet(pid: number | undefined) {
  for (let i = 0; i < 60 && pid; i++) {
    const before = cpuNow(pid).server;
    await new Promise((r) => setTimeout(r, 500));
    if (cpuNow(pid).server - before < 25) return;
  }
}

const cowsItems = cowsEntryBody.cows.items;

export async function benchHotPaths(s: HotPathSetup): Promise<string> {
  useAuditKey(benchAuditKey);
  const { child: server, port } = await startServer(s.url);
  const base = '/api/v1';
  // The floor sends its statements as text (pg's default); it is measured a second time prepared, as
  // the server prepares the statements it repeats (db/engine.ts), so both comparisons are shown.
  const pool = new pg.Pool({ connectionString: s.url, max: 8, options: postgresSessionOptions });
  const preparedPool = new pg.Pool({ connectionString: s.url, max: 8, options: postgresSessionOptions });
  prepareRepeatedStatements(preparedPool);
  let floorPool = pool;
  // The floor's audit rows are linked into the chain as the server's are (the same chainer, in this
  // process): a chained row is part of the durable effect, and unchained floor rows would otherwise be
  // chained by the server during the next HTTP run.
  const chainerEngine = await openPostgres(s.url, 2);
  const chainerDb = createDb(chainerEngine);
  try {
    await serverQuiet(server.pid);
    const cookie = await signInCookie(`http://127.0.0.1:${port}`, s.nurse.email, s.nurse.password);
    const hash = tokenHash(cookie);
    // A cookie session's writes must name this origin (platform/http/origin.ts), as the browser does.
    const connections = Array.from({ length: 8 }, () => new KeepAliveConnection(port, { cookie: `wp_session=${cookie}`, origin: `http://127.0.0.1:${port}` }));
    const get = async (p: string, c: number) => (await connections[c].request('GET', base + p)).status === 200;
    const post = async (p: string, body: unknown, c: number) =>
      (await connections[c].request('POST', base + p, body, { 'idempotency-key': `bench-${uuidv7()}` })).status === 201;

    // ---- Floors: the minimal SQL for the same durable effect ---------------------------------------
    const session = (c: pg.PoolClient) =>
      c.query(
        `select s.user_id, u.role, array(select uf.facility_id from user_facilities uf where uf.organization_id = s.organization_id and uf.user_id = s.user_id) as f
               from sessions s join users u on u.id = s.user_id where s.token_hash = $1 and s.ended_at is null`,
        [hash],
      );
    // The audit rows; with `idempotencyKey`, the stored response in the same statement (its minimal
    // place: one round trip for both).
    const audit = (c: pg.PoolClient, rows: { patientId: string; type: string; resourceId: string; action: string }[], idempotencyKey?: string) => {
      const now = new Date();
      const cols = rows.map((r) => {
        const row = {
          organization_id: s.organizationId,
          id: uuidv7(),
          occurred_at: now,
          user_id: s.nurse.id,
          role: 'nurse',
          patient_id: r.patientId,
          resource_type: r.type,
          resource_id: r.resourceId,
          action: r.action,
          outcome: 'success' as const,
          source_ip: '127.0.0.1',
          request_id: uuidv7(),
        };
        return { ...row, mac: auditMac(row) };
      });
      return c.query(
        `${idempotencyKey ? `with stored as (insert into idempotency_keys (organization_id, user_id, key, method, path, request_hash, status, body) values ($1, $3, $11, 'POST', '/x', 'h', 201, '{}')) ` : ''}insert into audit_log (organization_id, id, occurred_at, user_id, role, patient_id, resource_type, resource_id, action, outcome, source_ip, request_id, mac)
         select $1, id, $2, $3, 'nurse', patient_id, resource_type, resource_id, action, 'success', '127.0.0.1', request_id, mac
         from unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[]) as t(id, patient_id, resource_type, resource_id, action, request_id, mac)`,
        [
          s.organizationId,
          now,
          s.nurse.id,
          cols.map((c) => c.id),
          cols.map((c) => c.patient_id),
          cols.map((c) => c.resource_type),
          cols.map((c) => c.resource_id),
          cols.map((c) => c.action),
          cols.map((c) => c.request_id),
          cols.map((c) => c.mac),
          ...(idempotencyKey ? [idempotencyKey] : []),
        ],
      );
    };
    const tx = async (fn: (c: pg.PoolClient) => Promise<void>) => {
      const c = await floorPool.connect();
      try {
        await session(c);
        await c.query('begin');
        await fn(c);
        await c.query('commit');
        scheduleAuditChain(chainerDb, s.organizationId);
        return true;
      } catch (err) {
        await c.query('rollback').catch(() => {});
        console.error(err);
        return false;
      } finally {
        c.release();
      }
    };
    const boardFloor = () =>
      tx(async (c) => {
        const r = await c.query(
          `select c.id, c.patient_id, p.legal_family_name, e.bed, pr.name, f.name,
             (select json_agg(o) from (select * from wm_observations w where w.organization_id = c.organization_id and w.course_id = c.id order by w.observed_at desc, w.id desc limit 2) o) as recent,
             (select json_agg(a) from alerts a where a.organization_id = c.organization_id and a.patient_id = c.patient_id and a.acknowledged_at is null and a.resolved_at is null) as alerts
           from facilities f join wm_courses c on c.organization_id = f.organization_id and c.facility_id = f.id
             join patients p on p.id = c.patient_id join episodes e on e.id = c.episode_id join wm_protocols pr on pr.id = c.protocol_id
           where f.organization_id = $1 and f.id = $2 and c.status = 'active'`,
          [s.organizationId, s.facilityId],
        );
        await audit(
          c,
          r.rows.map((x) => ({ patientId: x.patient_id, type: 'withdrawal-board', resourceId: x.id, action: 'read' })),
        );
      });
    const headerFloor = (i: number) =>
      tx(async (c) => {
        const r = await c.query(
          // What the header shows: the patient, the active episode at its facility, open alerts (with
          // who acknowledged them), the home facility and the care team.
          `select p.*, (select row_to_json(x) from (select e.*, f.name as facility_name from episodes e join facilities f on f.id = e.facility_id
               where e.organization_id = p.organization_id and e.patient_id = p.id and e.status = 'active') x) as episode,
             (select json_agg(x) from (select a.*, u.display_name from alerts a left join users u on u.id = a.acknowledged_by
               where a.organization_id = p.organization_id and a.patient_id = p.id and a.acknowledged_at is null and a.resolved_at is null) x) as alerts,
             (select f.name from facilities f where f.id = p.facility_id) as facility,
             (select json_agg(x) from (select c.*, u.display_name, u.role from episodes e join care_team_members c on c.organization_id = e.organization_id and c.episode_id = e.id
               join users u on u.id = c.user_id where e.organization_id = p.organization_id and e.patient_id = p.id and e.status = 'active' and c.removed_at is null) x) as care_team
           from patients p where p.organization_id = $1 and p.id = $2`,
          [s.organizationId, s.patientIds[i % s.patientIds.length]],
        );
        await audit(
          c,
          r.rows.map((x) => ({ patientId: x.id, type: 'patient', resourceId: x.id, action: 'read' })),
        );
      });
    const searchFloor = (i: number) =>
      tx(async (c) => {
        const term = s.terms[i % s.terms.length].toLowerCase();
        const date = /^\d{4}-\d{2}-\d{2}$/.test(term);
        const words = date ? [term] : term.split(/\s+/);
        const where = date ? 'p.birth_date = $2::date' : words.map((_, k) => `p.search_name like '%' || $${k + 4}::text || '%'`).join(' and ');
        // The same shape as the app's (modules/patients/matching.ts): two index-ordered walks, the
        // patients registered at the facility and those in care there, each stopping at the page.
        const cols = 'p.id, p.mrn, p.legal_given_name, p.legal_family_name, p.birth_date, p.search_name';
        const match = date ? where : `$2::text is not null and ${where}`;
        const r = await c.query(
          `select * from (
             (select ${cols} from patients p where p.organization_id = $1 and p.facility_id = $3 and ${match} order by p.search_name, p.id limit 51)
             union
             (select ${cols} from episodes e join patients p on p.organization_id = e.organization_id and p.id = e.patient_id
              where e.organization_id = $1 and e.status = 'active' and e.facility_id = $3 and ${match} order by p.search_name, p.id limit 51)
           ) m order by search_name, id limit 51`,
          [s.organizationId, date ? term : '', s.facilityId, ...(date ? [] : words)],
        );
        const ids = r.rows.slice(0, 50).map((x) => x.id);
        if (ids.length)
          await c.query(`select e.* from episodes e where e.organization_id = $2 and e.patient_id = any($1::uuid[]) and e.status = 'active'`, [
            ids,
            s.organizationId,
          ]);
        if (ids.length)
          await audit(
            c,
            ids.map((id) => ({ patientId: id, type: 'patient', resourceId: id, action: 'search' })),
          );
      });
    const flowsheetFloor = (i: number) =>
      tx(async (c) => {
        const courseId = s.activeCourseIds[i % s.activeCourseIds.length];
        const now = new Date();
        const course = (
          await c.query(
            `select c.*, (select json_agg(o) from (select * from wm_observations w where w.organization_id = c.organization_id and w.course_id = c.id order by w.observed_at desc, w.id desc limit 2) o) as before
             from wm_courses c where c.organization_id = $1 and c.id = $2`,
            [s.organizationId, courseId],
          )
        ).rows[0];
        const id = uuidv7();
        // The observation and its timeline line in one statement, as the app sends them.
        await c.query(
          `with observation as (
             insert into wm_observations (organization_id, id, course_id, patient_id, observed_at, recorded_by, cows_items, cows_total, cows_band, systolic, diastolic, heart_rate, spo2)
             values ($1, $2, $3, $4, $5, $6, $7, 10, 'mild', 124, 80, 88, 97) returning *)
           insert into patient_events (organization_id, id, patient_id, episode_id, occurred_at, kind, summary, detail, actor_id)
           select organization_id, $8, patient_id, $9, observed_at, 'withdrawal.observation', 'Flowsheet', '{}', recorded_by from observation`,
          [s.organizationId, id, courseId, course.patient_id, now, s.nurse.id, JSON.stringify(cowsItems), uuidv7(), course.episode_id],
        );
        await c.query(
          `update alerts set resolved_at = $1 where organization_id = $2 and patient_id = $3 and dedupe_key = any($4::text[]) and resolved_at is null`,
          [
            now,
            s.organizationId,
            course.patient_id,
            [`wm-overdue:${courseId}`, `wm-cows-severe:${courseId}`, `wm-cows-rising:${courseId}`, `wm-vitals:${courseId}:systolic:high`],
          ],
        );
        await audit(c, [{ patientId: course.patient_id, type: 'withdrawal-observation', resourceId: id, action: 'create' }], `floor-${uuidv7()}`);
      });

    // Waits until the server's chainer has linked every row of the HTTP run (it runs in the server).
    const settle = async () => {
      for (let i = 0; i < 100; i++) {
        const { rows } = await pool.query('select count(*)::int as n from audit_log where organization_id = $1 and seq is null', [s.organizationId]);
        if (rows[0].n === 0) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    const paths: { label: string; http: (i: number, client: number) => Promise<boolean>; floor: (i: number) => Promise<boolean> }[] = [
      { label: 'Unit board, 40 beds', http: (_, c) => get(`/facilities/${s.facilityId}/withdrawal-board`, c), floor: boardFloor },
      {
        label: 'Patient search, 50 per page',
        http: (i, c) => get(`/patients?q=${encodeURIComponent(s.terms[i % s.terms.length])}&limit=50`, c),
        floor: searchFloor,
      },
      { label: 'Chart header', http: (i, c) => get(`/patients/${s.patientIds[i % s.patientIds.length]}/header`, c), floor: headerFloor },
      {
        label: 'Record a COWS with vitals',
        http: (i, c) => post(`/withdrawal/${s.activeCourseIds[i % s.activeCourseIds.length]}/observations`, cowsEntryBody, c),
        floor: flowsheetFloor,
      },
    ];
    const lines = [
      '| Hot path | clients | HTTP req/s | floor req/s (text) | HTTP/floor | floor req/s (prepared) | HTTP/prepared floor | HTTP p50 ms | HTTP p99 ms | floor p99 ms (text / prepared) | p99 HTTP/floor (text / prepared) | 8 vs 1 client (HTTP) |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ];
    // Where the CPU goes (2 cores shared by the server, PostgreSQL and the load generator): at 8 clients
    // the machine is saturated, so throughput is bounded by the CPU each request costs in all three.
    const cpuLines = [
      '| Hot path | clients | HTTP: server Node | HTTP: PostgreSQL | HTTP: load generator | floor (text): PostgreSQL | floor (text): load generator (pg) | server idle during floor |',
      '|---|---|---|---|---|---|---|---|',
    ];
    // BENCH_PATHS=header,cows runs only the hot paths whose labels contain one of those words.
    const only = process.env.BENCH_PATHS?.toLowerCase().split(',');
    for (const p of paths.filter((x) => !only || only.some((w) => x.label.toLowerCase().includes(w)))) {
      // What autovacuum would have done meanwhile (it is off on this machine's PostgreSQL): the chainer
      // updates every audit row once, and unvacuumed versions slow the next path's chaining.
      await pool.query('vacuum analyze audit_log, audit_chain_heads, sessions, idempotency_keys, patient_events, wm_observations, alerts');
      const byClients: Record<number, Run> = {};
      for (const clients of [1, 8]) {
        // The floor first, unmeasured: whichever ran first would otherwise meet the path's rows cold.
        if (clients === 1) await load(1, 2, p.floor, server.pid);
        const h = await load(clients, s.seconds, p.http, server.pid);
        await settle();
        floorPool = pool;
        const f = await load(clients, s.seconds, p.floor, server.pid);
        floorPool = preparedPool;
        const fp = await load(clients, s.seconds, p.floor, server.pid);
        await drainAuditChain(chainerDb);
        byClients[clients] = h;
        const scale = clients === 8 ? `${(h.rps / byClients[1].rps).toFixed(2)}×` : '';
        lines.push(
          `| ${p.label} | ${clients} | ${h.rps.toFixed(0)} | ${f.rps.toFixed(0)} | ${(h.rps / f.rps).toFixed(2)} | ${fp.rps.toFixed(0)} | ${(h.rps / fp.rps).toFixed(2)} | ${h.p50.toFixed(1)} | ${h.p99.toFixed(1)} | ${f.p99.toFixed(1)} / ${fp.p99.toFixed(1)} | ${(h.p99 / f.p99).toFixed(2)} / ${(h.p99 / fp.p99).toFixed(2)} | ${scale} |`,
        );
        if (h.errors || f.errors || fp.errors)
          lines.push(`| (errors: HTTP ${h.errors}, floor ${f.errors}, prepared floor ${fp.errors}) | | | | | | | | | | | |`);
        console.error(lines[lines.length - 1]);
        const ms = (n: number) => n.toFixed(2);
        cpuLines.push(
          `| ${p.label} | ${clients} | ${ms(h.cpu.server)} | ${ms(h.cpu.postgres)} | ${ms(h.cpu.client)} | ${ms(f.cpu.postgres)} | ${ms(f.cpu.client)} | ${ms(f.cpu.server)} |`,
        );
      }
    }
    return `${lines.join('\n')}\n\nCPU milliseconds per request (from /proc):\n\n${cpuLines.join('\n')}`;
  } finally {
    await drainAuditChain(chainerDb);
    await chainerEngine.close();
    await pool.end();
    await preparedPool.end();
    await stopServer(server);
  }
}
