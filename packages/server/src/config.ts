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
    // Quiet by default: one line per error and per slow request; LOG_LEVEL=info logs every request.
    logLevel: env.LOG_LEVEL ?? 'warn',
    secureCookies: env.WAYPOINT_SECURE_COOKIES === '1',
  };
}
