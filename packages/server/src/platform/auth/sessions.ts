import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../db/schema';
import { HttpProblem, problems } from '../problems';
import type { Role } from '@waypoint/clinical/care/roles';
import { isStaff } from '../permissions/roles';
import { tokenHash } from './tokens';

export const sessionCookie = 'wp_session';
/** Polling requests carry this header; they never keep an idle session alive (security.md B). */
export const backgroundHeader = 'x-waypoint-background';
/** A session ends after this long however active it is (security.md B.15); then sign in again. */
export const absoluteLifetimeMs = 12 * 3_600_000;
/** last_seen_at is written at most this often, so reads do not all become writes. */
const touchEveryMs = 30_000;

export interface Session {
  tokenHash: string;
  kind: 'session' | 'api-token';
  organizationId: string;
  userId: string;
  role: Role;
  displayName: string;
  email: string;
  mfaEnabled: boolean;
  mfaVerified: boolean;
  mfaRequired: boolean;
  patientId: string | null;
  facilityIds: string[];
}

export function presentedToken(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return req.cookies?.[sessionCookie];
}

/**
 * Finds the live session behind the cookie or bearer token. An idle session (past the organization's
 * time-out since the last foreground request) is ended here and answered 401.
 */
export async function authenticate(db: Db, req: FastifyRequest, now: Date): Promise<Session> {
  const token = presentedToken(req);
  if (!token) throw problems.unauthenticated();
  const hash = tokenHash(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .leftJoin('patients as p', 'p.user_id', 'u.id')
    .select([
      's.kind',
      's.organization_id',
      's.user_id',
      's.mfa_verified',
      's.last_seen_at',
      's.created_at',
      's.ended_at',
      'u.role',
      'u.display_name',
      'u.email',
      'u.active',
      'u.mfa_enabled',
      'o.mfa_required',
      'o.idle_timeout_minutes',
      'p.id as patient_id',
      // The facility scope in the same round trip (issue 13: session, user and scope in one query).
      sql<string[]>`array(select uf.facility_id::text from user_facilities uf where uf.organization_id = s.organization_id and uf.user_id = s.user_id)`.as('facility_ids'),
    ])
    .where('s.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row || row.ended_at || !row.active) throw problems.unauthenticated();
  if (row.kind === 'session') {
    if (now.getTime() - row.created_at.getTime() > absoluteLifetimeMs) {
      await db.updateTable('sessions').set({ ended_at: now }).where('token_hash', '=', hash).execute();
      throw new HttpProblem(401, 'Session expired', 'Sessions last at most 12 hours: sign in again.', { rule: 'session-lifetime' });
    }
    const idleMs = now.getTime() - row.last_seen_at.getTime();
    if (idleMs > row.idle_timeout_minutes * 60_000) {
      await db.updateTable('sessions').set({ ended_at: now }).where('token_hash', '=', hash).execute();
      throw new HttpProblem(401, 'Session expired', 'You were signed out after a period of inactivity.', {
        rule: 'idle-timeout',
      });
    }
    if (req.headers[backgroundHeader] !== '1' && idleMs > touchEveryMs) {
      await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', hash).execute();
    }
  }
  const role = row.role as Role;
  return {
    tokenHash: hash,
    kind: row.kind,
    organizationId: row.organization_id,
    userId: row.user_id,
    role,
    displayName: row.display_name,
    email: row.email,
    mfaEnabled: row.mfa_enabled,
    // Bearer tokens are issued by an administrator who passed MFA; they carry no second factor.
    mfaVerified: row.kind === 'api-token' || row.mfa_verified,
    mfaRequired: isStaff(role) && (row.mfa_enabled || row.mfa_required),
    patientId: row.patient_id ?? null,
    facilityIds: row.facility_ids,
  };
}

export async function endUserSessions(db: Db, userId: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ ended_at: now }).where('user_id', '=', userId).where('ended_at', 'is', null).execute();
}

/** An integration's bearer token, issued by an administrator (stored only as its hash). */
export async function issueApiToken(db: Db, t: { tokenHash: string; organizationId: string; userId: string; name: string; now: Date }): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ token_hash: t.tokenHash, organization_id: t.organizationId, user_id: t.userId, kind: 'api-token', name: t.name, mfa_verified: true, created_at: t.now, last_seen_at: t.now, ended_at: null })
    .execute();
}
