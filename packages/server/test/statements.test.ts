import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditChainerScope, drainAuditChain } from '../src/platform/audit';
import { admittedPatient, buildOrganization, type TestOrganization } from './factories';
import { methadoneBottle, methadonePatient } from './medication-fixtures';
import { ApiClient, startServer, type TestServer } from './harness';

// Statement budgets of the hot paths (issue 13): counts of SQL statements (round trips) one request
// sends, BEGIN and COMMIT included. Counts, not timings: speed is measured in bench/.

let server: TestServer;
let org: TestOrganization;
let nurse: ApiClient;
let statements: string[] = [];

beforeAll(async () => {
  server = await startServer();
  const pool = server.engine.pool as unknown as { connect: () => Promise<{ query: (...a: unknown[]) => unknown; counted?: boolean }> };
  const connect = pool.connect.bind(pool);
  pool.connect = async () => {
    const client = await connect();
    if (!client.counted) {
      const query = client.query.bind(client);
      client.query = (...args: unknown[]) => {
        // The audit chainer's own short transactions run after the response, off the request's path.
        if (!auditChainerScope.getStore()) statements.push(typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string })?.text));
        return query(...args);
      };
      client.counted = true;
    }
    return client;
  };
  org = await buildOrganization(server.db);
  nurse = await org.signIn('nurse', server.baseUrl);
});
afterAll(() => server?.close());

async function count(fn: () => Promise<{ status: number }>) {
  await drainAuditChain(server.db);
  statements = [];
  const res = await fn();
  const sent = statements;
  expect(res.status, JSON.stringify(res)).toBeLessThan(300);
  return { sent, n: sent.length };
}

const cows = {
  pulse: 1,
  sweating: 2,
  restlessness: 1,
  pupil: 1,
  bone_joint_aches: 2,
  runny_nose_tearing: 1,
  gi_upset: 2,
  tremor: 1,
  yawning: 1,
  anxiety_irritability: 2,
  gooseflesh: 0,
};

describe('statement budgets', () => {
  it('a flowsheet entry (COWS + vitals + alert evaluation + audit + idempotency) takes at most 8 statements', async () => {
    const protocols = (await nurse.get('/wm/protocols')).body.items as { id: string; kind: string }[];
    const { episode } = await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management', { bed: 'S1' });
    const started = await nurse.post(`/episodes/${episode.id}/withdrawal`, {
      protocolId: protocols.find((p) => p.kind === 'buprenorphine_induction')!.id,
      lastUseAt: new Date(server.clock.now().getTime() - 14 * 3_600_000).toISOString(),
      lastUseKind: 'short_acting',
    });
    const course = started.body.course.id as string;
    // Out-of-range vitals raise alerts; a second entry resolves them: both paths within budget.
    const entry = (vitals: Record<string, number>) => () =>
      nurse.post(`/withdrawal/${course}/observations`, { cows: { items: cows }, vitals }, { 'idempotency-key': `stmt-${Math.random()}` });
    const high = await count(entry({ systolic: 190, diastolic: 100, heartRate: 130, respiratoryRate: 16, temperatureC: 37, spo2: 97, pain: 2 }));
    expect(high.n, high.sent.join('\n')).toBeLessThanOrEqual(8);
    const normal = await count(entry({ systolic: 124, diastolic: 80, heartRate: 88, respiratoryRate: 16, temperatureC: 36.8, spo2: 97, pain: 2 }));
    expect(normal.n, normal.sent.join('\n')).toBeLessThanOrEqual(8);
  });

  it('a dose at the window (screen, dose, ledger, timeline, idempotency, audit) takes at most 6 statements', async () => {
    const prescriber = await org.signIn('prescriber', server.baseUrl);
    const { patientId } = await methadonePatient(nurse, prescriber, org.facilityIds[0]);
    const containerId = await methadoneBottle(nurse, org.facilityIds[0]);
    const dose = await count(() =>
      nurse.post('/medication/doses', { patientId, kind: 'regular', containerId }, { 'idempotency-key': `stmt-${Math.random()}` }),
    );
    expect(dose.n, dose.sent.join('\n')).toBeLessThanOrEqual(6);
  });

  it('a read of the chart header or of the unit board takes at most 5 statements', async () => {
    const { patient } = await admittedPatient(nurse, org.facilityIds[0], 'withdrawal_management', { bed: 'S2' });
    const header = await count(() => nurse.get(`/patients/${patient.id}/header`));
    expect(header.n, header.sent.join('\n')).toBeLessThanOrEqual(5);
    const board = await count(() => nurse.get(`/facilities/${org.facilityIds[0]}/withdrawal-board`));
    expect(board.n, board.sent.join('\n')).toBeLessThanOrEqual(5);
  });

  it('the session, user and facility scope take one query', async () => {
    const me = await count(() => nurse.get('/patients?q=zzzz-nobody'));
    const session = me.sent.filter((s) => s.includes('"sessions"') || s.includes('user_facilities'));
    expect(session, me.sent.join('\n')).toHaveLength(1);
  });
});
