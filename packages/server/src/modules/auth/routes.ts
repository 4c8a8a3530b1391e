import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/schema';
import { writeAudit, type AuditEntry } from '../../platform/audit';
import { normalizeEmail } from '../../platform/auth/email';
import { decoyHash, verifyPassword } from '../../platform/auth/passwords';
import { authenticate, endUserSessions, presentedToken, sessionCookie, type Session } from '../../platform/auth/sessions';
import { accountLockout, type SignInThrottles } from '../../platform/auth/throttle';
import { newToken, tokenHash } from '../../platform/auth/tokens';
import { newTotpSecret, totpStep, totpUri } from '../../platform/auth/totp';
import { HttpProblem, problems } from '../../platform/problems';
import { loadMe } from './me';
import { meSchema, mfaEnrolment } from './schemas';
import { noContent } from '../../platform/http/wire';
import type { DecisionTable } from '../../platform/permissions/decision-table';

export interface AuthDeps {
  table: DecisionTable;
  db: Db;
  clock: () => Date;
  throttle: SignInThrottles;
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

  r.post(
    '/api/v1/auth/sign-in',
    { schema: { summary: 'Sign in with email and password', tags, body: signInBody, response: { 200: meSchema } } },
    async (req, reply) => {
      const now = deps.clock();
      // Per address (the client's, through trusted proxies only) and per account: neither a shared
      // proxy address nor one busy attacker locks everyone out, and one account is not guessed from many addresses.
      const account = normalizeEmail(req.body.email);
      const wait = deps.throttle.retryAfter(req.ip, account, now);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new HttpProblem(429, 'Too many attempts', 'Too many failed sign-ins; wait 15 minutes.', { rule: 'throttle' });
      }
      const user = await deps.db
        .selectFrom('users')
        .select(['id', 'organization_id', 'password_hash', 'active', 'locked_until', 'failed_logins', 'role', 'mfa_enabled'])
        .where((eb) => eb(eb.fn('lower', ['email']), '=', normalizeEmail(req.body.email)))
        .executeTakeFirst();
      const ok = await verifyPassword(user?.password_hash ?? (await decoyHash()), req.body.password);
      const who = user && { organizationId: user.organization_id, userId: user.id, role: user.role, ip: req.ip, requestId: String(req.id), now };
      const entry = (outcome: AuditEntry['outcome']): AuditEntry[] => [
        { patientId: null, resourceType: 'session', resourceId: null, action: 'sign-in', outcome },
      ];
      if (user && user.locked_until && user.locked_until > now) {
        // The lock is recorded in the audit log only: the reply is the same as for a wrong password or
        // an unknown e-mail, so it does not tell a caller which e-mails have accounts.
        deps.throttle.recordFailure(req.ip, account, now);
        await deps.db.transaction().execute((tx) => writeAudit(tx, who!, entry('denied')));
        throw problems.unauthenticated('Email or password is not right.');
      }
      if (!user || !ok || !user.active) {
        deps.throttle.recordFailure(req.ip, account, now);
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
        await tx
          .updateTable('users')
          .set({ ...(!user.mfa_enabled && { failed_logins: 0 }), locked_until: null })
          .where('id', '=', user.id)
          .execute();
        await tx
          .insertInto('sessions')
          .values({
            token_hash: tokenHash(token),
            organization_id: user.organization_id,
            user_id: user.id,
            kind: 'session',
            name: null,
            created_at: now,
            last_seen_at: now,
            ended_at: null,
          })
          .execute();
        await writeAudit(tx, who!, entry('success'));
      });
      setCookie(reply, token, deps.secureCookies);
      return loadMe(deps.db, deps.table, await authenticate(deps.db, withToken(req, token), now));
    },
  );

  r.post(
    '/api/v1/auth/sign-out',
    { schema: { summary: 'Sign out: ends this session, or revokes the bearer token presented', tags, response: { 204: noContent } } },
    async (req, reply) => {
      const token = presentedToken(req);
      if (token) {
        const now = deps.clock();
        await deps.db.transaction().execute(async (tx) => {
          const ended = await tx
            .updateTable('sessions')
            .set({ ended_at: now })
            .where('token_hash', '=', tokenHash(token))
            // A wall display's credential is ended only by an administrator, never by the screen itself.
            .where('kind', '!=', 'display')
            .where('ended_at', 'is', null)
            .returning(['organization_id', 'user_id', 'kind', 'token_id'])
            .executeTakeFirst();
          if (!ended) return;
          // Sign-out is audited like sign-in (security.md G.58).
          const user = await tx.selectFrom('users').select('role').where('id', '=', ended.user_id).executeTakeFirst();
          await writeAudit(
            tx,
            { organizationId: ended.organization_id, userId: ended.user_id, role: user?.role ?? null, ip: req.ip, requestId: String(req.id), now },
            [
              // Signing out with a bearer token revokes the token.
              {
                patientId: null,
                resourceType: ended.kind === 'api-token' ? 'api-token' : 'session',
                resourceId: ended.token_id,
                action: 'sign-out',
                outcome: 'success',
              },
            ],
          );
        });
      }
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  r.get('/api/v1/auth/me', { schema: { summary: 'The signed-in user, organization and session', tags, response: { 200: meSchema } } }, async (req) => {
    return loadMe(deps.db, deps.table, await authenticate(deps.db, req, deps.clock()));
  });

  r.post(
    '/api/v1/auth/mfa/verify',
    { schema: { summary: 'Verify a TOTP code for this session', tags, body: codeBody, response: { 200: meSchema } } },
    async (req) => {
      const now = deps.clock();
      const session = await authenticate(deps.db, req, now);
      const user = await deps.db
        .selectFrom('users')
        .select(['mfa_secret', 'mfa_enabled', 'locked_until', 'mfa_last_step'])
        .where('id', '=', session.userId)
        .executeTakeFirstOrThrow();
      if (!user.mfa_enabled || !user.mfa_secret) throw problems.conflict('mfa-not-enrolled', 'Enrol an authenticator first.');
      if (user.locked_until && user.locked_until > now) {
        throw new HttpProblem(423, 'Account locked', `Too many failed attempts. Try again after ${user.locked_until.toISOString()}.`, {
          rule: 'lockout',
          lockedUntil: user.locked_until.toISOString(),
        });
      }
      const step = totpStep(user.mfa_secret, req.body.code, now);
      if (step === null) {
        await recordMfaFailure(deps, session, req, now);
        throw problems.invalid('code', 'totp', 'The code is not right or has expired.');
      }
      // A code is accepted once: one seen (or shoulder-surfed) and replayed within its window is refused.
      if (!(await claimStep(deps.db, session.userId, step))) {
        await recordMfaFailure(deps, session, req, now);
        throw problems.invalid('code', 'totp-used', 'This code has already been used: wait for the next one.');
      }
      await deps.db.updateTable('users').set({ failed_logins: 0 }).where('id', '=', session.userId).execute();
      await markVerified(deps, session, now);
      return loadMe(deps.db, deps.table, { ...session, mfaVerified: true });
    },
  );

  const enrolBody = z.object({ enrolmentCode: z.string().trim().min(8).max(64).optional() }).strict();
  r.post(
    '/api/v1/auth/mfa/enrol',
    {
      schema: {
        summary: 'Start TOTP enrolment: returns a new secret (needs the administrator-issued enrolment code where MFA is required)',
        tags,
        body: enrolBody.optional(),
        response: { 200: mfaEnrolment },
      },
      // Who first: a credential that may not enrol (a wall display) is refused before its body is read.
      preValidation: async (req) => {
        await authenticate(deps.db, req, deps.clock());
      },
    },
    async (req) => {
      const now = deps.clock();
      const session = await authenticate(deps.db, req, now);
      // An enrolled authenticator is never replaced here (the new secret would not be saved anyway).
      if (session.mfaEnabled) throw problems.conflict('mfa-enrolled', 'An authenticator is already enrolled.');
      await requireEnrolmentCode(deps.db, session, req.body?.enrolmentCode, now);
      const secret = newTotpSecret();
      await deps.db.updateTable('users').set({ mfa_secret: secret }).where('id', '=', session.userId).where('mfa_enabled', '=', false).execute();
      return { secret, otpauthUri: totpUri(secret, session.email) };
    },
  );

  r.post(
    '/api/v1/auth/mfa/enrol/confirm',
    { schema: { summary: 'Confirm enrolment with a code', tags, body: codeBody, response: { 200: meSchema } } },
    async (req) => {
      const now = deps.clock();
      const session = await authenticate(deps.db, req, now);
      const user = await deps.db.selectFrom('users').select(['mfa_secret', 'mfa_enabled']).where('id', '=', session.userId).executeTakeFirstOrThrow();
      if (user.mfa_enabled) throw problems.conflict('mfa-enrolled', 'An authenticator is already enrolled.');
      if (!user.mfa_secret) throw problems.conflict('mfa-not-started', 'Start enrolment first.');
      const step = totpStep(user.mfa_secret, req.body.code, now);
      if (step === null) throw problems.invalid('code', 'totp', 'The code is not right or has expired.');
      // Enrolled: the enrolment code is spent, and this step counts as used.
      await deps.db
        .updateTable('users')
        .set({ mfa_enabled: true, mfa_last_step: step, mfa_enrolment_code_hash: null, mfa_enrolment_expires_at: null })
        .where('id', '=', session.userId)
        .execute();
      await markVerified(deps, session, now);
      return loadMe(deps.db, deps.table, { ...session, mfaEnabled: true, mfaVerified: true });
    },
  );
}

/**
 * A wrong second-factor code counts like a wrong password (security.md A.5, A.6): after the same
 * number of failures the account locks and every session of the user ends, so a stolen password
 * cannot be followed by unlimited code guesses.
 */
async function recordMfaFailure(deps: AuthDeps, session: Session, req: FastifyRequest, now: Date) {
  deps.throttle.recordFailure(req.ip, session.email, now);
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

/** Records the step as used unless it (or a later one) was already: true when this request claimed it. */
async function claimStep(db: Db, userId: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ mfa_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', String(step))]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Where the organization requires MFA, binding an authenticator needs the one-time enrolment code an
 * administrator issued (POST /users/:id/mfa-enrolment): a stolen password alone cannot enrol the
 * thief's device. The one exception is the first administrator of an organization where no active
 * administrator has enrolled yet (nobody could issue a code).
 */
async function requireEnrolmentCode(db: Db, session: Session, code: string | undefined, now: Date): Promise<void> {
  const org = await db.selectFrom('organizations').select('mfa_required').where('id', '=', session.organizationId).executeTakeFirstOrThrow();
  if (!org.mfa_required) return;
  if (session.role === 'administrator') {
    const enrolledAdmin = await db
      .selectFrom('users')
      .select('id')
      .where('organization_id', '=', session.organizationId)
      .where('role', '=', 'administrator')
      .where('active', '=', true)
      .where('mfa_enabled', '=', true)
      .executeTakeFirst();
    if (!enrolledAdmin) return;
  }
  const user = await db
    .selectFrom('users')
    .select(['mfa_enrolment_code_hash', 'mfa_enrolment_expires_at'])
    .where('id', '=', session.userId)
    .executeTakeFirstOrThrow();
  const ok = Boolean(
    code &&
    user.mfa_enrolment_code_hash &&
    user.mfa_enrolment_expires_at &&
    user.mfa_enrolment_expires_at > now &&
    tokenHash(code.toUpperCase()) === user.mfa_enrolment_code_hash,
  );
  if (!ok) {
    throw new HttpProblem(403, 'Enrolment code needed', 'Your organization requires an enrolment code from an administrator to set up an authenticator.', {
      rule: 'mfa-enrolment-code',
      errors: [{ field: 'enrolmentCode', rule: 'mfa-enrolment-code', message: 'Enter the enrolment code your administrator gave you.' }],
    });
  }
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
