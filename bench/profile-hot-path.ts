/**
 * Where a hot path's Node time goes: serves the bench database in this process and sends one hot
 * path's request N times, so `node --cpu-prof --import tsx bench/profile-hot-path.ts board` writes a
 * CPU profile of just that work. Needs a kept bench organization (BENCH_KEEP=1 npm run bench).
 * Usage: PROFILE_ORG=<organization id> node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-hot-path.ts board|header|search|cows [N]
 */
import type { AddressInfo } from 'node:net';
import { createDb } from '../packages/server/src/db/database';
import { openPostgres } from '../packages/server/src/db/engine';
import { buildWaypoint } from '../packages/server/src/app/server';
import { testPassword } from '../packages/server/test/factories';
import { ApiClient } from '../packages/server/test/harness';

const target = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/waypoint_bench';
const [path = 'board', n = '400'] = process.argv.slice(2);

async function main() {
  const engine = await openPostgres(target, 10);
  const db = createDb(engine);
  const organizationId = process.env.PROFILE_ORG!;
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
  const course = await db
    .selectFrom('wm_courses')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  const app = await buildWaypoint({ engine, db, webDist: '/nonexistent', logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const client = new ApiClient(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  await client.signIn(nurse.email, testPassword);
  const send = {
    board: () => client.get(`/facilities/${facility.id}/withdrawal-board`),
    header: () => client.get(`/patients/${patient.id}/header`),
    search: () => client.get(`/patients?q=smi&limit=50`),
    cows: () =>
      client.post(`/withdrawal/${course.id}/observations`, {
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
      }),
  }[path]!;
  const t = performance.now();
  for (let i = 0; i < Number(n); i++) {
    const res = await send();
    if (res.status >= 300) throw new Error(`${path}: HTTP ${res.status}`);
  }
  console.error(`${path}: ${n} requests, ${((performance.now() - t) / Number(n)).toFixed(2)} ms each`);
  await app.close();
  await engine.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
