import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/schema';
import { writeAudit, type AuditEntry } from '../../platform/audit';
import { normalizeEmail } from '../../platform/auth/email';
import { decoyHash, verifyPassword } from '../../platform/auth/passwords';
import { authenticate, endUserSessions, presentedToken, sessionCookie, type Session } from '../../platform/auth/sessions';
import { accountLockout, type SignInThrottle } from '../../platform/auth/throttle';
import { newToken, tokenHash } from '../../platform/auth/tokens';
import { newTotpSecret, totpUri, verifyTotp } from '../../platform/auth/totp';
import { HttpProblem, problems } from '../../platform/problems';
import { loadMe } from './me';
import type { DecisionTable } from '../../platform/permissions/decision-table';

export interface AuthDeps {
  table: DecisionTable;
  db: Db;
  clock: () => Date;
  throttle: SignInThrottle;
  secureCookies: boolean;
}

const signInBody = z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(200) });
const codeBody = z.object({ code: z.string().regex(/^\d{6}$/, 'a 6-digit code') });

/**
 * Sign-in, MFA and sign-out. These run their own short transactions (a failed attempt must be
 * counted even though the request fails) instead of the request pipeline's single one.
 */
export function registerAuthRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];

  r.post('/api/v1/auth/sign-in', { schema: { summary: 'Sign in with email and password', tags, body: signInBody } }, async (req, reply) => {
    const now = deps.clock();
    if (deps.throttle.isThrottled(req.ip, now)) {
      reply.header('retry-after', String(deps.throttle.retryAfterSeconds(req.ip, now)));
      throw new HttpProblem(429, 'Too many attempts', 'Too many failed sign-ins from this address; wait 15 minutes.', { rule: 'throttle' });
    }
    const user = await deps.db
      .selectFrom('users')
      .select(['id', 'organization_id', 'password_hash', 'active', 'locked_until', 'failed_logins', 'role', 'mfa_enabled'])
      .where((eb) => eb(eb.fn('lower', ['email']), '=', normalizeEmail(req.body.email)))
      .executeTakeFirst();
    const ok = await verifyPassword(user?.password_hash ?? (await decoyHash()), req.body.password);
    const who = user && { organizationId: user.organization_id, userId: user.id, role: user.role, ip: req.ip, requestId: String(req.id), now };
    const entry = (outcome: AuditEntry['outcome']): AuditEntry[] => [{ patientId: null, resourceType: 'session', resourceId: null, action: 'sign-in', outcome }];
    if (user && user.locked_until && user.locked_until > now) {
      await deps.db.transaction().execute((tx) => writeAudit(tx, who!, entry('denied')));
      throw new HttpProblem(423, 'Account locked', `Too many failed sign-ins. Try again after ${user.locked_until.toISOString()}.`, {
        rule: 'lockout',
        lockedUntil: user.locked_until.toISOString(),
      });
    }
    if (!user || !ok || !user.active) {
      deps.throttle.recordFailure(req.ip, now);
      if (user) {
        const failures = user.failed_logins + 1;
        const lock = failures >= accountLockout.failures;
        await deps.db.transaction().execute(async (tx) => {
          await tx
            .updateTable('users')
            .set({ failed_logins: lock ? 0 : failures, locked_until: lock ? new Date(now.getTime() + accountLockout.minutes * 60_000) : null })
            .where('id', '=', user.id)
            .execute();
          await writeAudit(tx, who!, entry('failure'));
        });
      }
      throw problems.unauthenticated('Email or password is not right.');
    }
    const token = newToken('wps');
    await deps.db.transaction().execute(async (tx) => {
      // With a second factor, the failure count resets only once that is verified too: a correct
      // password does not buy a fresh series of code guesses.
      await tx.updateTable('users').set({ ...(!user.mfa_enabled && { failed_logins: 0 }), locked_until: null }).where('id', '=', user.id).execute();
      await tx
        .insertInto('sessions')
        .values({ token_hash: tokenHash(token), organization_id: user.organization_id, user_id: user.id, kind: 'session', name: null, created_at: now, last_seen_at: now, ended_at: null })
        .execute();
      await writeAudit(tx, who!, entry('success'));
    });
    setCookie(reply, token, deps.secureCookies);
    return loadMe(deps.db, deps.table, await authenticate(deps.db, withToken(req, token), now));
  });

  r.post('/api/v1/auth/sign-out', { schema: { summary: 'Sign out (ends this session)', tags } }, async (req, reply) => {
    const token = presentedToken(req);
    if (token) {
      const now = deps.clock();
      await deps.db.transaction().execute(async (tx) => {
        const ended = await tx
          .updateTable('sessions')
          .set({ ended_at: now })
          .where('token_hash', '=', tokenHash(token))
          .where('kind', '=', 'session')
          .where('ended_at', 'is', null)
          .returning(['organization_id', 'user_id'])
          .executeTakeFirst();
        if (!ended) return;
        // Sign-out is audited like sign-in (security.md G.58).
        const user = await tx.selectFrom('users').select('role').where('id', '=', ended.user_id).executeTakeFirst();
        await writeAudit(tx, { organizationId: ended.organization_id, userId: ended.user_id, role: user?.role ?? null, ip: req.ip, requestId: String(req.id), now }, [
          { patientId: null, resourceType: 'session', resourceId: null, action: 'sign-out', outcome: 'success' },
        ]);
      });
    }
    reply.clearCookie(sessionCookie, { path: '/' });
    return reply.code(204).send();
  });

  r.get('/api/v1/auth/me', { schema: { summary: 'The signed-in user, organization and session', tags } }, async (req) => {
    return loadMe(deps.db, deps.table, await authenticate(deps.db, req, deps.clock()));
  });

  r.post('/api/v1/auth/mfa/verify', { schema: { summary: 'Verify a TOTP code for this session', tags, body: codeBody } }, async (req) => {
    const now = deps.clock();
    const session = await authenticate(deps.db, req, now);
    const user = await deps.db.selectFrom('users').select(['mfa_secret', 'mfa_enabled', 'locked_until']).where('id', '=', session.userId).executeTakeFirstOrThrow();
    if (!user.mfa_enabled || !user.mfa_secret) throw problems.conflict('mfa-not-enrolled', 'Enrol an authenticator first.');
    if (user.locked_until && user.locked_until > now) {
      throw new HttpProblem(423, 'Account locked', `Too many failed attempts. Try again after ${user.locked_until.toISOString()}.`, {
        rule: 'lockout',
        lockedUntil: user.locked_until.toISOString(),
      });
    }
    if (!verifyTotp(user.mfa_secret, req.body.code, now)) {
      await recordMfaFailure(deps, session, req, now);
      throw problems.invalid('code', 'totp', 'The code is not right or has expired.');
    }
    await deps.db.updateTable('users').set({ failed_logins: 0 }).where('id', '=', session.userId).execute();
    await markVerified(deps, session, now);
    return loadMe(deps.db, deps.table, { ...session, mfaVerified: true });
  });

  r.post('/api/v1/auth/mfa/enrol', { schema: { summary: 'Start TOTP enrolment: returns a new secret', tags } }, async (req) => {
    const session = await authenticate(deps.db, req, deps.clock());
    // An enrolled authenticator is never replaced here (the new secret would not be saved anyway).
    if (session.mfaEnabled) throw problems.conflict('mfa-enrolled', 'An authenticator is already enrolled.');
    const secret = newTotpSecret();
    await deps.db.updateTable('users').set({ mfa_secret: secret }).where('id', '=', session.userId).where('mfa_enabled', '=', false).execute();
    return { secret, otpauthUri: totpUri(secret, session.email) };
  });

  r.post('/api/v1/auth/mfa/enrol/confirm', { schema: { summary: 'Confirm enrolment with a code', tags, body: codeBody } }, async (req) => {
    const now = deps.clock();
    const session = await authenticate(deps.db, req, now);
    const user = await deps.db.selectFrom('users').select(['mfa_secret', 'mfa_enabled']).where('id', '=', session.userId).executeTakeFirstOrThrow();
    if (user.mfa_enabled) throw problems.conflict('mfa-enrolled', 'An authenticator is already enrolled.');
    if (!user.mfa_secret) throw problems.conflict('mfa-not-started', 'Start enrolment first.');
    if (!verifyTotp(user.mfa_secret, req.body.code, now)) throw problems.invalid('code', 'totp', 'The code is not right or has expired.');
    await deps.db.updateTable('users').set({ mfa_enabled: true }).where('id', '=', session.userId).execute();
    await markVerified(deps, session, now);
    return loadMe(deps.db, deps.table, { ...session, mfaEnabled: true, mfaVerified: true });
  });
}

/**
 * A wrong second-factor code counts like a wrong password (security.md A.5, A.6): after the same
 * number of failures the account locks and every session of the user ends, so a stolen password
 * cannot be followed by unlimited code guesses.
 */
async function recordMfaFailure(deps: AuthDeps, session: Session, req: FastifyRequest, now: Date) {
  deps.throttle.recordFailure(req.ip, now);
  await deps.db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('users')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('id', '=', session.userId)
      .returning('failed_logins')
      .executeTakeFirstOrThrow();
    if (row.failed_logins >= accountLockout.failures) {
      await tx
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: new Date(now.getTime() + accountLockout.minutes * 60_000) })
        .where('id', '=', session.userId)
        .execute();
      await endUserSessions(tx, session.userId, now);
    }
    await writeAudit(tx, { ...session, ip: req.ip, requestId: String(req.id), now }, [
      { patientId: null, resourceType: 'session', resourceId: null, action: 'sign-in', outcome: 'failure' },
    ]);
  });
}

async function markVerified(deps: AuthDeps, session: Session, now: Date) {
  await deps.db.transaction().execute(async (tx) => {
    await tx.updateTable('sessions').set({ mfa_verified: true }).where('token_hash', '=', session.tokenHash).execute();
    await writeAudit(tx, { ...session, ip: null, requestId: null, now }, [
      { patientId: null, resourceType: 'session', resourceId: null, action: 'sign-in', outcome: 'success' },
    ]);
  });
}

function setCookie(reply: FastifyReply, token: string, secure: boolean) {
  reply.setCookie(sessionCookie, token, { path: '/', httpOnly: true, sameSite: 'strict', secure });
}

function withToken(req: FastifyRequest, token: string): FastifyRequest {
  return { ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } } as FastifyRequest;
}
