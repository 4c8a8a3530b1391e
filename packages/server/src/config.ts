import path from 'node:path';

/** Everything the operator can set, read once from the environment. */
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
  logLevel: string;
  /** Secure cookies only behind TLS. */
  secureCookies: boolean;
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
  const list = v.split(',').map((x) => x.trim()).filter(Boolean);
  for (const x of list) {
    if (!/^[0-9a-f:.]+(\/\d{1,3})?$/i.test(x)) throw new Error(`WAYPOINT_TRUST_PROXY: "${x}" is not an address or CIDR (or give a hop count).`);
  }
  return list;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl,
    dataDir: path.resolve(env.WAYPOINT_DATA_DIR ?? 'data'),
    demo: env.WAYPOINT_DEMO ? env.WAYPOINT_DEMO === '1' : !databaseUrl,
    adminEmail: env.WAYPOINT_ADMIN_EMAIL,
    adminPassword: env.WAYPOINT_ADMIN_PASSWORD,
    logLevel: env.LOG_LEVEL ?? 'info',
    secureCookies: env.WAYPOINT_SECURE_COOKIES === '1',
    trustProxy: parseTrustProxy(env.WAYPOINT_TRUST_PROXY),
  };
}
