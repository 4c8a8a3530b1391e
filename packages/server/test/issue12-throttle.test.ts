import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWaypoint } from '../src/app/server';
import { parseTrustProxy } from '../src/config';
import { buildOrganization, testPassword, type TestOrganization } from './factories';
import { startServer, type TestServer } from './harness';

// Issue 12 item 5: the sign-in throttle counts per account and per client address, and believes
// X-Forwarded-For only from configured proxies.
let server: TestServer;
let org: TestOrganization;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  server = await startServer();
  org = await buildOrganization(server.db);
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await server?.close();
});

async function app(trustProxy: number | string[] | false) {
  const a = await buildWaypoint({ engine: server.engine, db: server.db, webDist: '/nonexistent', logLevel: 'silent', trustProxy, clock: server.clock.now });
  await a.listen({ port: 0, host: '127.0.0.1' });
  apps.push(a);
  const url = `http://127.0.0.1:${(a.server.address() as AddressInfo).port}`;
  return (email: string, password: string, forwardedFor?: string) =>
    fetch(`${url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      body: JSON.stringify({ email, password }),
    });
}

describe('the sign-in throttle', () => {
  it('behind a trusted proxy counts each client address: one address throttled does not lock out another', async () => {
    const signIn = await app(['127.0.0.1']);
    for (let i = 0; i < 20; i++) expect((await signIn(`stuffing.${i}.${Date.now()}@nowhere.test`, 'guess', '203.0.113.7')).status).toBe(401);
    const throttled = await signIn(`stuffing.x.${Date.now()}@nowhere.test`, 'guess', '203.0.113.7');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await signIn(org.users.nurse.email, testPassword, '198.51.100.9')).status).toBe(200);
  });

  it('ignores X-Forwarded-For from an untrusted peer, so rotating it does not evade the limit', async () => {
    const signIn = await app(false);
    for (let i = 0; i < 20; i++) await signIn(`rotate.${i}.${Date.now()}@nowhere.test`, 'guess', `192.0.2.${i}`);
    expect((await signIn(`rotate.y.${Date.now()}@nowhere.test`, 'guess', '192.0.2.200')).status).toBe(429);
  });

  it('counts per account too: one e-mail guessed from many addresses is throttled', async () => {
    const signIn = await app(1);
    const target = `target.${Date.now()}@nowhere.test`;
    for (let i = 0; i < 10; i++) expect((await signIn(target, `guess-${i}`, `198.18.0.${i}`)).status).toBe(401);
    expect((await signIn(target, 'guess-x', '198.18.1.1')).status).toBe(429);
    expect((await signIn(org.users.counselor.email, testPassword, '198.18.1.1')).status).toBe(200);
  });

  it('reads WAYPOINT_TRUST_PROXY as a hop count or a list of addresses and CIDRs', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.5, 10.1.0.0/16')).toEqual(['10.0.0.5', '10.1.0.0/16']);
    expect(() => parseTrustProxy('proxy.example')).toThrow(/WAYPOINT_TRUST_PROXY/);
  });
});
