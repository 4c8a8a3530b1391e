/**
 * The load generator's side of an HTTP benchmark, kept cheap: on this 2-core machine every
 * millisecond the generator spends is taken from the server and PostgreSQL, so a request costs the
 * generator one pre-built write and a scan for the end of the response on one kept-alive socket
 * (fetch spends ~1–2 ms of CPU per request here). And the server in its own process, as `npm start`
 * runs it, so its event loop is not shared with the generator's.
 */
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { spawnServer } from '../packages/server/test/helpers/server-process';

export const benchAuditKey = 'bench-audit-key-0123456789abcdef0123456789';

/** Starts the server on `url` and `port` for a bench (no demo, a bench audit key, no sweeps). */
export async function startServer(url: string): Promise<{ child: ChildProcess; port: number }> {
  const { child, port } = await spawnServer({
    DATABASE_URL: url,
    WAYPOINT_DEMO: '0',
    WAYPOINT_AUDIT_KEY: benchAuditKey,
    WAYPOINT_SWEEP_SECONDS: '3600',
  });
  return { child, port };
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
}

/** Signs in over HTTP and returns the session cookie's value. */
export async function signInCookie(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email, password }),
  });
  const cookie = /wp_session=([^;]*)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error(`sign-in for ${email}: HTTP ${res.status}`);
  return cookie;
}

interface Pending {
  resolve: (r: { status: number; body: Buffer }) => void;
  reject: (err: Error) => void;
}

/**
 * One kept-alive HTTP/1.1 connection sending one request at a time (a bench client is a loop of
 * request, response). Responses are read by Content-Length or chunked transfer coding.
 */
export class KeepAliveConnection {
  private socket: net.Socket;
  private buffered: Buffer = Buffer.alloc(0);
  private pending: Pending | null = null;

  constructor(
    private readonly port: number,
    private readonly headers: Record<string, string>,
  ) {
    this.socket = net.connect({ port, host: '127.0.0.1', noDelay: true });
    this.socket.on('data', (chunk) => this.onData(chunk));
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('close', () => this.fail(new Error('connection closed')));
  }

  request(method: 'GET' | 'POST', pathAndQuery: string, body?: unknown, extra: Record<string, string> = {}): Promise<{ status: number; body: Buffer }> {
    if (this.pending) throw new Error('one request at a time per connection');
    const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const lines = [`${method} ${pathAndQuery} HTTP/1.1`, `host: 127.0.0.1:${this.port}`];
    for (const [k, v] of Object.entries({ ...this.headers, ...extra })) lines.push(`${k}: ${v}`);
    if (payload) lines.push('content-type: application/json', `content-length: ${payload.length}`);
    const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(payload ? Buffer.concat([head, payload]) : head);
    });
  }

  close(): void {
    this.socket.removeAllListeners('close');
    this.socket.end();
  }

  private onData(chunk: Buffer) {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : (chunk as Buffer);
    const end = this.buffered.indexOf('\r\n\r\n');
    if (end < 0 || !this.pending) return;
    const head = this.buffered.subarray(0, end).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    let body: Buffer;
    let rest: Buffer;
    if (length) {
      const total = end + 4 + Number(length[1]);
      if (this.buffered.length < total) return;
      body = this.buffered.subarray(end + 4, total);
      rest = this.buffered.subarray(total);
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const last = this.buffered.indexOf('\r\n0\r\n\r\n', end);
      if (last < 0) return;
      body = this.buffered.subarray(end + 4, last);
      rest = this.buffered.subarray(last + 7);
    } else {
      body = Buffer.alloc(0);
      rest = this.buffered.subarray(end + 4);
    }
    this.buffered = rest;
    const p = this.pending;
    this.pending = null;
    p.resolve({ status, body });
  }

  private fail(err: Error) {
    const p = this.pending;
    this.pending = null;
    p?.reject(err);
  }
}
