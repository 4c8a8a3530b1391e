import { afterAll, expect, it } from 'vitest';
import { runToExit, startWaypoint, type RunningServer } from './server';

// Data safety: one process per data folder; a restart keeps everything and is quick.
let server: RunningServer | undefined;
afterAll(() => server?.stop());

it('starts on a fresh folder with the demo program, refuses a second process, and restarts', async () => {
  let t = Date.now();
  server = await startWaypoint();
  const firstStart = Date.now() - t;
  // The sign-ins are printed just after the "running" line the start waits for.
  await expect.poll(() => server!.output()).toContain('nurse@demo.waypoint.test');
  const health = await (await fetch(`${server.url}/api/health`)).json();
  expect(health).toEqual({ status: 'ok', database: 'pglite' });

  const second = await runToExit(server.dataDir, 19_999);
  expect(second.code).toBe(1);
  expect(second.output).toContain('is in use by another Waypoint process');
  // The first process is unharmed.
  expect((await fetch(`${server.url}/api/health`)).status).toBe(200);

  await server.stop();
  t = Date.now();
  server = await startWaypoint({ dataDir: server.dataDir });
  const restart = Date.now() - t;
  expect(server.output()).not.toContain('Demo program seeded');
  const signIn = await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.waypoint.test', password: 'waypoint-demo-2026' }),
  });
  expect(signIn.status).toBe(200);
  console.log(`first start ${firstStart} ms, restart ${restart} ms (process start included)`);
});
