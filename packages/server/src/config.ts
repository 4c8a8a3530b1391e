import path from 'node:path';
import { z } from 'zod';

/** Everything the operator can set, read and checked once, at start, from the environment. */
export interface Config {
  port: number;
  host: string;
  /** PostgreSQL server; when absent the embedded PGlite database in dataDir is used. */
  databaseUrl?: string;
  dataDir: string;
  /** Demo program seeded on an empty embedded database; production starts empty. */
  demo: boolean;
  adminEmail?: string;
  adminPassword?: string;
  organizationName: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Secure cookies only behind TLS. */
  secureCookies: boolean;
  /** Runs every background job this often instead of its own interval (tests, demos). */
  sweepSeconds?: number;
  /** Audit-chain key (32+ characters); the embedded database keeps its own when unset. */
  auditKey?: string;
  /** Where audit anchors are kept outside the database (default: the data folder, embedded only). */
  auditAnchorFile?: string;
  /**
   * Which proxies' X-Forwarded-For to believe (WAYPOINT_TRUST_PROXY): a hop count ("1") or a comma-
   * separated list of proxy addresses/CIDRs ("10.0.0.5, 10.1.0.0/16"). Unset: none, the socket address counts.
   */
  trustProxy: number | string[] | false;
}

export function parseTrustProxy(value: string | undefined): number | string[] | false {
  const v = value?.trim();
  if (!v || v === '0' || v.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  for (const x of list) {
    if (!/^[0-9a-f:.]+(\/\d{1,3})?$/i.test(x)) throw new Error(`WAYPOINT_TRUST_PROXY: "${x}" is not an address or CIDR (or give a hop count).`);
  }
  return list;
}

/** A setting with a value that cannot work: the message names the variable, the rule and the value. */
export class ConfigError extends Error {}

const blankIsUnset = (v: unknown) => (v === '' ? undefined : v);
const flag = z.preprocess(blankIsUnset, z.enum(['0', '1'], { error: 'must be 1 (on) or 0 (off)' }).optional());
const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
      .transform(Number)
      .pipe(z.number().min(min, `must be a whole number from ${min} to ${max}`).max(max, `must be a whole number from ${min} to ${max}`))
      .optional(),
  );

const environment = z.object({
  PORT: wholeNumber(1, 65_535),
  HOST: z.preprocess(blankIsUnset, z.string().optional()),
  DATABASE_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  ),
  WAYPOINT_DATA_DIR: z.preprocess(blankIsUnset, z.string().optional()),
  WAYPOINT_DEMO: flag,
  WAYPOINT_ADMIN_EMAIL: z.preprocess(blankIsUnset, z.email('must be an email address').optional()),
  WAYPOINT_ADMIN_PASSWORD: z.preprocess(blankIsUnset, z.string().optional()),
  WAYPOINT_ORGANIZATION_NAME: z.preprocess(blankIsUnset, z.string().max(200).optional()),
  LOG_LEVEL: z.preprocess(
    blankIsUnset,
    z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'must be one of fatal, error, warn, info, debug, trace, silent' })
      .optional(),
  ),
  WAYPOINT_SECURE_COOKIES: flag,
  WAYPOINT_SWEEP_SECONDS: wholeNumber(1, 86_400),
  WAYPOINT_AUDIT_KEY: z.preprocess(blankIsUnset, z.string().min(32, 'must be at least 32 characters').optional()),
  WAYPOINT_AUDIT_ANCHOR_FILE: z.preprocess(blankIsUnset, z.string().optional()),
  WAYPOINT_TRUST_PROXY: z.preprocess(blankIsUnset, z.string().optional()),
});

function trustProxyOrFail(value: string | undefined) {
  try {
    return parseTrustProxy(value);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

/** Reads and checks the settings; throws ConfigError naming each bad one (variable, rule, value). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const name = String(i.path[0]);
      const value = env[name];
      const shown = name === 'WAYPOINT_AUDIT_KEY' || name === 'WAYPOINT_ADMIN_PASSWORD' || name === 'DATABASE_URL' ? '' : ` (got "${value}")`;
      return `${name} ${i.message}${shown}`;
    });
    throw new ConfigError(problems.join('; '));
  }
  const e = parsed.data;
  const databaseUrl = e.DATABASE_URL;
  return {
    port: e.PORT ?? 8080,
    host: e.HOST ?? '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(e.WAYPOINT_DATA_DIR ?? 'data'),
    demo: e.WAYPOINT_DEMO ? e.WAYPOINT_DEMO === '1' : !databaseUrl,
    adminEmail: e.WAYPOINT_ADMIN_EMAIL,
    adminPassword: e.WAYPOINT_ADMIN_PASSWORD,
    organizationName: e.WAYPOINT_ORGANIZATION_NAME ?? 'Treatment program',
    // Quiet by default: one line per error and per slow request; LOG_LEVEL=info logs every request.
    logLevel: e.LOG_LEVEL ?? 'warn',
    secureCookies: e.WAYPOINT_SECURE_COOKIES === '1',
    sweepSeconds: e.WAYPOINT_SWEEP_SECONDS,
    auditKey: e.WAYPOINT_AUDIT_KEY,
    auditAnchorFile: e.WAYPOINT_AUDIT_ANCHOR_FILE,
    trustProxy: trustProxyOrFail(env.WAYPOINT_TRUST_PROXY),
  };
}
