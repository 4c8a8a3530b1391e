import { ConfigError, loadConfig, type Config } from './config';
import { createDb } from './db/database';
import { openEmbedded, openPostgres, type Engine } from './db/engine';
import { DataDirLockedError } from './db/lock';
import { migrate } from './db/migrate';
import { loadTemplate } from './db/template';
import { createFirstAdministrator } from './bootstrap';
import { seedDemo } from './demo/seed';
import { isEmpty } from './modules/admin/service';
import { buildWaypoint } from './app/server';
import { stages } from './app/stages';
import { roleLabels } from '@waypoint/clinical/care/roles';
import { resolveAuditKey } from './platform/audit-key';
import { useAuditKey } from './platform/audit';
import { useAuditAnchorFile, writeAuditAnchors } from './platform/audit-anchor';
import path from 'node:path';

async function main() {
  const started = Date.now();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`Waypoint cannot start: ${err.message}`);
    process.exit(1);
  }
  let engine: Engine;
  try {
    engine = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openEmbedded(config.dataDir, loadTemplate);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(`\nWaypoint cannot start: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const auditKey = resolveAuditKey({ WAYPOINT_AUDIT_KEY: config.auditKey }, config.databaseUrl ? null : config.dataDir);
  useAuditKey(auditKey.key);
  useAuditAnchorFile(config.auditAnchorFile ?? (config.databaseUrl ? null : path.join(config.dataDir, 'audit-anchors.json')));
  if (config.databaseUrl && !config.auditKey)
    console.warn('WAYPOINT_AUDIT_KEY is not set: the audit chain uses a development key. Set a secret of 32+ characters for production.');
  const ran = await migrate(engine);
  if (ran.length) console.log(`Migrations applied: ${ran.join(', ')}`);
  let db = createDb(engine);

  let demoAccounts: { role: string; email: string; password: string }[] | undefined;
  if (config.demo && (await isEmpty(db))) {
    demoAccounts = (await seedDemo(db)).accounts;
    if (engine.kind === 'pglite') {
      // Seeding grew the embedded database's memory, which WebAssembly never gives back: serve from a
      // fresh instance, so a first start idles as lean as a restart (issue 13).
      await engine.close();
      engine = await openEmbedded(config.dataDir, loadTemplate);
      db = createDb(engine);
    }
  } else if (!config.demo) {
    const admin = await createFirstAdministrator(db, config.adminEmail, config.adminPassword, config.organizationName);
    if (admin === 'created') console.log(`First administrator created: ${config.adminEmail}`);
    if (admin === 'missing') console.warn('The database is empty: set WAYPOINT_ADMIN_EMAIL and WAYPOINT_ADMIN_PASSWORD to create the first administrator.');
  }

  const app = await buildWaypoint({ engine, db, logLevel: config.logLevel, secureCookies: config.secureCookies, trustProxy: config.trustProxy });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`\nWaypoint cannot start: port ${config.port} is in use. Stop what uses it, or set PORT to another port.\n`);
      await engine.close();
      process.exit(1);
    }
    throw err;
  }
  const url = `http://localhost:${config.port}`;
  console.log(
    `\nWaypoint is running at ${url} (${engine.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}), ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(`API docs: ${url}/api/docs`);
  if (demoAccounts) {
    console.log('\nDemo program seeded. Sign in as any role (password for all: ' + demoAccounts[0].password + '):');
    for (const a of demoAccounts) console.log(`  ${roleLabels[a.role as keyof typeof roleLabels].padEnd(26)} ${a.email}`);
  } else if (config.demo) {
    console.log(
      'Demo accounts: admin@, prescriber@, nurse@, counselor@, casemanager@, admissions@, peer@, patient@, family@demo.waypoint.test (password waypoint-demo-2026)',
    );
  }

  // The stages' background jobs (overdue checks, escalations, reminders) and the audit anchor, around
  // the clock — and once now, so a restart after downtime shows what became due meanwhile.
  // WAYPOINT_SWEEP_SECONDS shortens every interval (tests).
  const jobs = [...stages.flatMap((s) => s.jobs ?? []), { name: 'audit anchor', everySeconds: 60, run: writeAuditAnchors }];
  const timers = jobs.map((job) => {
    const run = () => job.run(db, new Date()).catch((err: unknown) => app.log.error({ err }, `${job.name} failed`));
    void run();
    const every = config.sweepSeconds ?? job.everySeconds;
    const timer = setInterval(run, every * 1000);
    timer.unref();
    return timer;
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Waypoint…`);
    for (const t of timers) clearInterval(t);
    await app.close();
    await writeAuditAnchors(db, new Date()).catch(() => {});
    await engine.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
