import { ConfigError, loadConfig, type Config } from './config';
import { createDb } from './db/database';
import { openEmbedded, openPostgres, type Engine } from './db/engine';
import { DataDirLockedError } from './db/lock';
import { migrate } from './db/migrate';
import { loadTemplate } from './db/template';
import { createFirstAdministrator } from './bootstrap';
import { seedDemo } from './demo/seed';
import { isEmpty } from './platform/provisioning';
import { buildApp } from './platform/http/app';
import { roleLabels } from '@waypoint/clinical/care/roles';
import { sweepWithdrawal } from './modules/withdrawal/sweeper';
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
  if (config.databaseUrl && !config.auditKey) console.warn('WAYPOINT_AUDIT_KEY is not set: the audit chain uses a development key. Set a secret of 32+ characters for production.');
  const ran = await migrate(engine);
  if (ran.length) console.log(`Migrations applied: ${ran.join(', ')}`);
  const db = createDb(engine);

  let demoAccounts: { role: string; email: string; password: string }[] | undefined;
  if (config.demo && (await isEmpty(db))) {
    demoAccounts = (await seedDemo(db)).accounts;
  } else if (!config.demo) {
    const admin = await createFirstAdministrator(db, config.adminEmail, config.adminPassword, config.organizationName);
    if (admin === 'created') console.log(`First administrator created: ${config.adminEmail}`);
    if (admin === 'missing') console.warn('The database is empty: set WAYPOINT_ADMIN_EMAIL and WAYPOINT_ADMIN_PASSWORD to create the first administrator.');
  }

  const app = await buildApp({ engine, db, logLevel: config.logLevel, secureCookies: config.secureCookies });
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
  console.log(`\nWaypoint is running at ${url} (${engine.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}), ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`API docs: ${url}/api/docs`);
  if (demoAccounts) {
    console.log('\nDemo program seeded. Sign in as any role (password for all: ' + demoAccounts[0].password + '):');
    for (const a of demoAccounts) console.log(`  ${roleLabels[a.role as keyof typeof roleLabels].padEnd(26)} ${a.email}`);
  } else if (config.demo) {
    console.log('Demo accounts: admin@, prescriber@, nurse@, counselor@, casemanager@, admissions@, peer@, patient@, family@demo.waypoint.test (password waypoint-demo-2026)');
  }

  // Overdue checks and unacknowledged alerts, around the clock — and once now, so a restart after
  // downtime shows what became overdue meanwhile.
  const runSweep = () => {
    sweepWithdrawal(db, new Date()).catch((err) => app.log.error({ err }, 'withdrawal sweep failed'));
    writeAuditAnchors(db, new Date()).catch((err) => app.log.error({ err }, 'audit anchor write failed'));
  };
  runSweep();
  const sweep = setInterval(runSweep, config.sweepSeconds * 1000);
  sweep.unref();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Waypoint…`);
    clearInterval(sweep);
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
