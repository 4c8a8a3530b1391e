import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/schema';
import { writeAudit, type AuditEntry } from '../../platform/audit';
import { normalizeEmail } from '../../platform/auth/email';
import { decoyHash, verifyPassword } from '../../platform/auth/passwords';
import { authenticate, presentedToken, sessionCookie, type Session } from '../../platform/auth/sessions';
import { accountLockout, type SignInThrottle } from '../../platform/auth/throttle';
import { newToken, tokenHash } from '../../platform/auth/tokens';
import { newTotpSecret, totpUri, verifyTotp } from '../../platform/auth/totp';
import { HttpProblem, problems } from '../../platform/problems';
import { loadMe } from './me';

export interface AuthDeps {
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
      throw new HttpProblem(429, 'Too many attempts', 'Too many failed sign-ins from this address; wait 15 minutes.', { rule: 'throttle' });
    }
    const user = await deps.db
      .selectFrom('users')
      .select(['id', 'organization_id', 'password_hash', 'active', 'locked_until', 'failed_logins', 'role'])
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
      await tx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
      await tx
        .insertInto('sessions')
        .values({ token_hash: tokenHash(token), organization_id: user.organization_id, user_id: user.id, kind: 'session', name: null, created_at: now, last_seen_at: now, ended_at: null })
        .execute();
      await writeAudit(tx, who!, entry('success'));
    });
    setCookie(reply, token, deps.secureCookies);
    return loadMe(deps.db, await authenticate(deps.db, withToken(req, token), now));
  });

  r.post('/api/v1/auth/sign-out', { schema: { summary: 'Sign out (ends this session)', tags } }, async (req, reply) => {
    const token = presentedToken(req);
    if (token) {
      await deps.db.updateTable('sessions').set({ ended_at: deps.clock() }).where('token_hash', '=', tokenHash(token)).where('kind', '=', 'session').execute();
    }
    reply.clearCookie(sessionCookie, { path: '/' });
    return reply.code(204).send();
  });

  r.get('/api/v1/auth/me', { schema: { summary: 'The signed-in user, organization and session', tags } }, async (req) => {
    return loadMe(deps.db, await authenticate(deps.db, req, deps.clock()));
  });

  r.post('/api/v1/auth/mfa/verify', { schema: { summary: 'Verify a TOTP code for this session', tags, body: codeBody } }, async (req) => {
    const now = deps.clock();
    const session = await authenticate(deps.db, req, now);
    const user = await deps.db.selectFrom('users').select(['mfa_secret', 'mfa_enabled']).where('id', '=', session.userId).executeTakeFirstOrThrow();
    if (!user.mfa_enabled || !user.mfa_secret) throw problems.conflict('mfa-not-enrolled', 'Enrol an authenticator first.');
    if (!verifyTotp(user.mfa_secret, req.body.code, now)) throw problems.invalid('code', 'totp', 'The code is not right or has expired.');
    await markVerified(deps, session, now);
    return loadMe(deps.db, { ...session, mfaVerified: true });
  });

  r.post('/api/v1/auth/mfa/enrol', { schema: { summary: 'Start TOTP enrolment: returns a new secret', tags } }, async (req) => {
    const session = await authenticate(deps.db, req, deps.clock());
    if (session.mfaEnabled && !session.mfaVerified) throw problems.conflict('mfa-enrolled', 'Verify with your existing authenticator first.');
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
    return loadMe(deps.db, { ...session, mfaEnabled: true, mfaVerified: true });
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
