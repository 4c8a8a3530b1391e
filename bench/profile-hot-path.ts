/**
 * Where a hot path's Node time goes: serves the bench database in this process and sends one hot
 * path's request N times, so `node --cpu-prof --import tsx bench/profile-hot-path.ts board` writes a
 * CPU profile of just that work. Needs a kept bench organization (BENCH_KEEP=1 npm run bench).
 * Usage: PROFILE_ORG=<organization id> node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-hot-path.ts board|header|search|cows [N]
 */
import { serveKeptOrganization } from './kept-organization';
import { cowsEntryBody } from './cows-seed';

const [path = 'board', n = '400'] = process.argv.slice(2);

async function main() {
  const { client, facilityId, patientId, courses, close } = await serveKeptOrganization(process.env.PROFILE_ORG!);
  const send = {
    board: () => client.get(`/facilities/${facilityId}/withdrawal-board`),
    header: () => client.get(`/patients/${patientId}/header`),
    search: () => client.get(`/patients?q=smi&limit=50`),
    cows: () => client.post(`/withdrawal/${courses[0].id}/observations`, cowsEntryBody),
  }[path]!;
  const t = performance.now();
  for (let i = 0; i < Number(n); i++) {
    const res = await send();
    if (res.status >= 300) throw new Error(`${path}: HTTP ${res.status}`);
  }
  console.error(`${path}: ${n} requests, ${((performance.now() - t) / Number(n)).toFixed(2)} ms each`);
  await close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
