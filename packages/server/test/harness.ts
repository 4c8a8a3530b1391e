import type { AddressInfo } from 'node:net';
import { createDb } from '../src/db/database';
import { openPgliteFromTemplate, openPostgres, type Engine } from '../src/db/engine';
import type { Db } from '../src/db/schema';
import { loadTemplate } from '../src/db/template';
import { buildWaypoint } from '../src/app/server';

/** A clock the tests move: real time plus an offset, so idle time-outs and schedules are testable. */
export class TestClock {
  private offsetMs = 0;
  now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  advanceMinutes(min: number): void {
    this.advance(min * 60_000);
  }
}

export interface TestServer {
  baseUrl: string;
  db: Db;
  engine: Engine;
  clock: TestClock;
  close(): Promise<void>;
}

/**
 * The real server over real HTTP on a real database: an in-memory PGlite loaded from the migrated
 * template, or the PostgreSQL database in WAYPOINT_TEST_DATABASE_URL (shared; each test builds its
 * own organization, so tests never see each other's rows).
 */
export async function startServer(): Promise<TestServer> {
  const url = process.env.WAYPOINT_TEST_DATABASE_URL;
  const engine = url ? await openPostgres(url, 4) : await openPgliteFromTemplate(await loadTemplate());
  const db = createDb(engine);
  const clock = new TestClock();
  const app = await buildWaypoint({ engine, db, clock: clock.now, webDist: '/nonexistent', logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    engine,
    clock,
    async close() {
      await app.close();
      await db.destroy().catch(() => {});
      await engine.close().catch(() => {});
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** An HTTP client that keeps its session cookie, like a browser tab. */
export class ApiClient {
  private cookie?: string;
  constructor(
    readonly baseUrl: string,
    private bearer?: string,
  ) {}

  async request<T = any>(method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; raw?: string } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] ??= 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const res = await fetch(this.baseUrl + (path.startsWith('/api') || path.startsWith('/fhir') ? path : `/api/v1${path}`), {
      method,
      headers,
      body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
    });
    const set = res.headers.get('set-cookie');
    if (set) {
      const m = /wp_session=([^;]*)/.exec(set);
      if (m) this.cookie = m[1] ? `wp_session=${m[1]}` : undefined;
    }
    const text = await res.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body };
  }

  get = <T = any>(path: string, headers?: Record<string, string>) => this.request<T>('GET', path, { headers });
  post = <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => this.request<T>('POST', path, { body: body ?? {}, headers });
  patch = <T = any>(path: string, body: unknown, headers?: Record<string, string>) => this.request<T>('PATCH', path, { body, headers });
  delete = <T = any>(path: string) => this.request<T>('DELETE', path);

  async signIn(email: string, password: string): Promise<ApiResponse> {
    const res = await this.post('/auth/sign-in', { email, password });
    if (res.status !== 200) throw new Error(`sign-in failed for ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }
}
