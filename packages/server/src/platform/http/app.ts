import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Engine } from '../../db/engine';
import type { Db } from '../../db/schema';
import { problems } from '../problems';
import { sendProblem } from './errors';
import { registerRoutes } from './register';
import { composeDecisionTable } from '../permissions/decision-table';
import type { StageManifest } from '../stage';
import { registerAuthRoutes } from '../../modules/auth/routes';
import { SignInThrottle } from '../auth/throttle';
import { chainAllAudit, drainAuditChain } from '../audit';

export interface AppOptions {
  engine: Engine;
  db: Db;
  clock?: () => Date;
  logLevel?: string;
  secureCookies?: boolean;
  /** Built web app to serve at / (packages/web/dist); skipped when absent. */
  webDist?: string;
  /** The stages of care, composed at the top (app/stages.ts): their routes and grants. */
  stages: readonly StageManifest[];
}

const defaultWebDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../web/dist');

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const clock = opts.clock ?? (() => new Date());
  const app = Fastify({
    logger: { level: opts.logLevel ?? 'warn', redact: ['req.headers.cookie', 'req.headers.authorization'] },
    genReqId: () => randomUUID(),
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: a cross-site HTML form can send text/plain without a preflight, so it is refused (415)
  // on top of the SameSite=Strict session cookie (security.md D.43).
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((err, req, reply) => sendProblem(err, req, reply));
  // A slow request is one warning line (method, route, status, time) whatever the level; errors are
  // logged where they are answered (errors.ts). Every request is logged only at LOG_LEVEL=info.
  const slowMs = Number(process.env.WAYPOINT_SLOW_REQUEST_MS ?? 500);
  app.addHook('onResponse', async (req, reply) => {
    if (reply.elapsedTime >= slowMs) req.log.warn({ method: req.method, url: req.routeOptions.url ?? req.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'slow request');
  });
  await app.register(cookie);
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
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onSend', async (_req, reply, payload) => {
    // Patient data is never cached by the browser or a proxy.
    reply.header('cache-control', reply.getHeader('cache-control') ?? 'no-store');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });

  app.get('/api/health', { schema: { summary: 'Liveness and database check', tags: ['system'] } }, async () => {
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
  registerAuthRoutes(app, { ...deps, throttle: new SignInThrottle(), secureCookies: opts.secureCookies ?? false });
  registerRoutes(app, deps, opts.stages.flatMap((s) => s.routes));
  registerRoutes(app, deps, opts.stages.flatMap((s) => s.fhirRoutes ?? []), '/fhir/R4');

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
