import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import type { Engine } from '../../db/engine';
import type { Db } from '../../db/schema';
import { HttpProblem, problems } from '../problems';
import { sendProblem } from './errors';
import { checkOrigin } from './origin';
import { registerRoutes } from './register';
import { webDistDir } from '../paths';
import { responseSerializer } from './wire';
import { securityHeaders } from './security-headers';
import { composeDecisionTable } from '../permissions/decision-table';
import type { StageManifest } from '../stage';
import { registerAuthRoutes } from '../../modules/auth/routes';
import { SignInThrottles } from '../auth/throttle';
import { chainAllAudit, drainAuditChain } from '../audit';

export interface AppOptions {
  engine: Engine;
  db: Db;
  clock?: () => Date;
  logLevel?: string;
  secureCookies?: boolean;
  /** A response field its schema does not name is an error (the tests), not silently dropped. */
  strictResponses?: boolean;
  /** Proxies whose X-Forwarded-For is believed (hop count or addresses/CIDRs); none by default. */
  trustProxy?: number | string[] | false;
  /** Built web app to serve at / (packages/web/dist); skipped when absent. */
  webDist?: string;
  /** The stages of care, composed at the top (app/stages.ts): their routes and grants. */
  stages: readonly StageManifest[];
}

const defaultWebDist = webDistDir;

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const clock = opts.clock ?? (() => new Date());
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'warn', redact: ['req.headers.cookie', 'req.headers.authorization'] },
    genReqId: () => randomUUID(),
    bodyLimit: 2 * 1024 * 1024,
    // Fastify types trustProxy per overload; a plain value of the accepted kinds.
    trustProxy: (opts.trustProxy ?? false) as boolean,
    // The router's own refusals (a malformed percent-encoding, an over-long path segment) and Node's
    // (a malformed request line, headers too large) leave as problem+json like every other error.
    frameworkErrors: (err, req, reply) =>
      sendProblem(
        new HttpProblem((err as { statusCode?: number }).statusCode ?? 400, 'Bad request', err.message, { rule: (err as { code?: string }).code }),
        req,
        reply,
      ),
    clientErrorHandler: clientError,
  });
  app.setValidatorCompiler(validatorCompiler);
  // Every response is encoded through its route's zod schema (documented in OpenAPI the same way).
  app.setSerializerCompiler(responseSerializer(opts.strictResponses ?? false));
  // JSON only: a cross-site HTML form can send text/plain without a preflight, so it is refused (415)
  // on top of the SameSite=Strict session cookie (security.md D.43).
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((err, req, reply) => sendProblem(err, req, reply));
  // A slow request is one warning line (method, route, status, time) whatever the level; errors are
  // logged where they are answered (errors.ts). Every request is logged only at LOG_LEVEL=info.
  const slowMs = Number(process.env.WAYPOINT_SLOW_REQUEST_MS ?? 500);
  app.addHook('onResponse', async (req, reply) => {
    if (reply.elapsedTime >= slowMs)
      req.log.warn({ method: req.method, url: req.routeOptions.url ?? req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'slow request');
  });
  await app.register(cookie);
  // Security headers (security.md D): a CSP the built web app runs under (its scripts and styles are
  // files of its own origin; photos are data: URLs), never framed, HSTS only behind TLS.
  const security = securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    hsts: opts.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(security);
    done();
  });
  app.addHook('onRequest', async (req) => {
    checkOrigin(req);
    // Source maps are not published, even if a build made them.
    if (req.method === 'GET' && /\.map$/i.test(req.url.split('?')[0])) throw problems.notFound('Route');
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Waypoint API', version: '1', description: 'Opioid treatment program API. All patient data is protected by 42 CFR Part 2.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'wp_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformStaticCSP: (header) => header.replace("frame-ancestors 'self'", "frame-ancestors 'none'").replace(/\s*upgrade-insecure-requests;/, ''),
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    // Patient data is never cached by the browser or a proxy.
    reply.header('cache-control', reply.getHeader('cache-control') ?? 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });

  const health = z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgres']) });
  app.get('/api/health', { schema: { summary: 'Liveness and database check', tags: ['system'], response: { 200: health } } }, async () => {
    await opts.engine.pool.query('select 1');
    return { status: 'ok', database: opts.engine.kind };
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Audit rows are linked into their chain right after each commit (register.ts); this sweep picks up
  // whatever else is waiting: rows of sign-ins, and rows committed just before a crash (at start).
  let sweeping: Promise<unknown> = chainAllAudit(opts.db).catch((err) => app.log.error({ err }, 'audit chaining failed'));
  const chainSweep = setInterval(() => {
    sweeping = chainAllAudit(opts.db).catch((err) => app.log.error({ err }, 'audit chaining failed'));
  }, 2000);
  chainSweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(chainSweep);
    await sweeping;
    await drainAuditChain(opts.db);
  });

  const table = composeDecisionTable(opts.stages);
  const deps = { db: opts.db, clock, table };
  registerAuthRoutes(app, { ...deps, throttle: new SignInThrottles(), secureCookies: opts.secureCookies ?? false });
  registerRoutes(
    app,
    deps,
    opts.stages.flatMap((s) => s.routes),
  );
  registerRoutes(
    app,
    deps,
    opts.stages.flatMap((s) => s.fhirRoutes ?? []),
    '/fhir/R4',
  );

  const webDist = opts.webDist ?? defaultWebDist;
  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, cacheControl: false });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api') || req.url.startsWith('/fhir') || !hasWeb || req.method !== 'GET') {
      return sendProblem(problems.notFound('Route'), req, reply);
    }
    // The single-page app owns every other path.
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return app;
}

/** Node's own refusals, before any request object exists: written to the socket as problem+json. */
function clientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'HPE_URI_TOO_LONG' ? 414 : 400;
  const title = STATUS_CODES[status] ?? 'Bad Request';
  const body = JSON.stringify(
    new HttpProblem(status, title, status === 431 ? 'The request headers are too large.' : 'The request could not be read.', {
      rule: err.code ?? 'client-error',
    }).body(),
  );
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
