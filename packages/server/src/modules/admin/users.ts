import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import { normalizeEmail } from '../../platform/auth/email';
import { hashPassword, passwordRule } from '../../platform/auth/passwords';
import { endUserSessions } from '../../platform/auth/sessions';
import type { RequestContext } from '../../platform/context';
import { route } from '../../platform/http/route';
import { linkPortalUser } from '../patients/service';
import { problems } from '../../platform/problems';
import { roles } from '@waypoint/clinical/care/roles';
import { userSchema, users } from './schemas';
import { tokenRoutes } from './tokens';
import { tokenHash } from '../../platform/auth/tokens';
import { passwordProblem } from '../../platform/auth/password-policy';

const tags = ['administration'];

async function presentUser(tx: Tx, organizationId: string, userId: string) {
  const u = await tx.selectFrom('users').selectAll().where('id', '=', userId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!u) throw problems.notFound('User');
  const f = await tx.selectFrom('user_facilities').select('facility_id').where('user_id', '=', u.id).execute();
  const p = await tx.selectFrom('patients').select('id').where('user_id', '=', u.id).executeTakeFirst();
  return {
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    role: u.role,
    active: u.active,
    mfaEnabled: u.mfa_enabled,
    facilityIds: f.map((x) => x.facility_id),
    patientId: p?.id ?? null,
    version: u.version,
  };
}

async function setFacilities(tx: Tx, ctx: RequestContext, userId: string, facilityIds: string[]) {
  if (facilityIds.length) {
    const found = await tx.selectFrom('facilities').select('id').where('organization_id', '=', ctx.organizationId).where('id', 'in', facilityIds).execute();
    if (found.length !== new Set(facilityIds).size)
      throw problems.invalid('facilityIds', 'facility-exists', 'facilityIds: one or more facilities do not exist.');
  }
  await tx.deleteFrom('user_facilities').where('user_id', '=', userId).execute();
  if (facilityIds.length) {
    await tx
      .insertInto('user_facilities')
      .values([...new Set(facilityIds)].map((f) => ({ organization_id: ctx.organizationId, user_id: userId, facility_id: f })))
      .execute();
  }
}

function assertPasswordPolicy(password: string, who: { email: string; displayName: string }) {
  const problem = passwordProblem(password, who);
  if (problem) throw problems.invalid('password', problem.rule, problem.message);
}

const password = z.string().min(passwordRule.min, `at least ${passwordRule.min} characters`).max(passwordRule.max);

export const userRoutes = [
  route({
    method: 'GET',
    url: '/users',
    response: users,
    summary: 'Users of the organization',
    tags,
    access: { permission: { resource: 'user', action: 'read' } },
    query: z.object({ q: z.string().max(100).optional() }),
    handler: async ({ tx, ctx, query }) => {
      let q = tx.selectFrom('users').select('id').where('organization_id', '=', ctx.organizationId);
      if (query.q) q = q.where((eb) => eb.or([eb('display_name', 'ilike', `%${query.q}%`), eb('email', 'ilike', `%${query.q}%`)]));
      const ids = await q.orderBy('display_name').limit(500).execute();
      return { items: await Promise.all(ids.map((u) => presentUser(tx, ctx.organizationId, u.id))) };
    },
  }),
  route({
    method: 'POST',
    url: '/users',
    response: userSchema,
    summary: 'Create a user with a role (a patient or family member is linked to a patient record)',
    tags,
    access: { permission: { resource: 'user', action: 'create' } },
    body: z
      .object({
        email: z.preprocess((v) => (typeof v === 'string' ? normalizeEmail(v) : v), z.email().max(320)),
        displayName: z.string().trim().min(1).max(200),
        role: z.enum(roles),
        password,
        facilityIds: z.array(z.uuid()).max(50).default([]),
        patientId: z.uuid().optional(),
      })
      .strict(),
    status: 201,
    idempotent: true,
    handler: async ({ tx, ctx, body }) => {
      const email = normalizeEmail(body.email);
      assertPasswordPolicy(body.password, { email, displayName: body.displayName });
      const taken = await tx
        .selectFrom('users')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
        .executeTakeFirst();
      if (taken) throw problems.conflict('email-taken', 'email: a user with this email exists.');
      if (body.role === 'patient' && !body.patientId)
        throw problems.invalid('patientId', 'required-for-patient', 'patientId: a patient user is linked to their patient record.');
      const id = uuidv7();
      await tx
        .insertInto('users')
        .values({
          organization_id: ctx.organizationId,
          id,
          email,
          display_name: body.displayName,
          role: body.role,
          password_hash: await hashPassword(body.password),
          mfa_secret: null,
          locked_until: null,
        })
        .execute();
      await setFacilities(tx, ctx, id, body.facilityIds);
      if (body.role === 'patient' && body.patientId) {
        if (!(await linkPortalUser(tx, ctx, body.patientId, id)))
          throw problems.invalid('patientId', 'patient-unlinked', 'patientId: no such patient, or it already has a portal user.');
      }
      recordAudit(ctx, { patientId: body.patientId ?? null, resourceType: 'user', resourceId: id, action: 'create' });
      return presentUser(tx, ctx.organizationId, id);
    },
  }),
  route({
    method: 'PATCH',
    url: '/users/:id',
    response: userSchema,
    summary: 'Change a user’s name, role or facilities',
    tags,
    access: { permission: { resource: 'user', action: 'update' } },
    params: z.object({ id: z.uuid() }),
    body: z
      .object({ displayName: z.string().trim().min(1).max(200), role: z.enum(roles), facilityIds: z.array(z.uuid()).max(50), password })
      .partial()
      .strict(),
    handler: async ({ tx, ctx, params, body }) => {
      const current = await presentUser(tx, ctx.organizationId, params.id);
      if (body.password !== undefined) assertPasswordPolicy(body.password, { email: current.email, displayName: body.displayName ?? current.displayName });
      if (current.id === ctx.userId && body.role && body.role !== 'administrator')
        throw problems.conflict('own-role', 'You cannot remove your own administrator role.');
      await tx
        .updateTable('users')
        .set({
          ...(body.displayName !== undefined && { display_name: body.displayName }),
          ...(body.role !== undefined && { role: body.role }),
          ...(body.password !== undefined && { password_hash: await hashPassword(body.password) }),
          version: current.version + 1,
        })
        .where('id', '=', current.id)
        .execute();
      if (body.facilityIds) await setFacilities(tx, ctx, current.id, body.facilityIds);
      // A role or password change takes effect at once: existing sessions end.
      if (body.role !== undefined || body.password !== undefined) await endUserSessions(tx, current.id, ctx.now);
      recordAudit(ctx, { patientId: null, resourceType: 'user', resourceId: current.id, action: 'update' });
      return presentUser(tx, ctx.organizationId, current.id);
    },
  }),
  route({
    method: 'POST',
    url: '/users/:id/deactivate',
    response: userSchema,
    summary: 'Deactivate a user: all their sessions and tokens end at once',
    tags,
    access: { permission: { resource: 'user', action: 'update' } },
    params: z.object({ id: z.uuid() }),
    handler: async ({ tx, ctx, params }) => {
      const current = await presentUser(tx, ctx.organizationId, params.id);
      if (current.id === ctx.userId) throw problems.conflict('own-account', 'You cannot deactivate yourself.');
      await tx
        .updateTable('users')
        .set({ active: false, version: current.version + 1 })
        .where('id', '=', current.id)
        .execute();
      await endUserSessions(tx, current.id, ctx.now);
      recordAudit(ctx, { patientId: null, resourceType: 'user', resourceId: current.id, action: 'update' });
      return presentUser(tx, ctx.organizationId, current.id);
    },
  }),
  route({
    method: 'POST',
    url: '/users/:id/reactivate',
    response: userSchema,
    summary: 'Reactivate a user',
    tags,
    access: { permission: { resource: 'user', action: 'update' } },
    params: z.object({ id: z.uuid() }),
    handler: async ({ tx, ctx, params }) => {
      const current = await presentUser(tx, ctx.organizationId, params.id);
      await tx
        .updateTable('users')
        .set({ active: true, failed_logins: 0, locked_until: null, version: current.version + 1 })
        .where('id', '=', current.id)
        .execute();
      recordAudit(ctx, { patientId: null, resourceType: 'user', resourceId: current.id, action: 'update' });
      return presentUser(tx, ctx.organizationId, current.id);
    },
  }),
  route({
    method: 'POST',
    url: '/users/:id/mfa-enrolment',
    summary: 'Reset a user’s second factor and issue a one-time enrolment code (72 hours) to set up an authenticator',
    tags,
    access: { permission: { resource: 'user', action: 'update' } },
    params: z.object({ id: z.uuid() }),
    response: z.object({ enrolmentCode: z.string(), expiresAt: z.string() }),
    handler: async ({ tx, ctx, params }) => {
      const current = await presentUser(tx, ctx.organizationId, params.id);
      // Base32 without look-alikes, 12 characters: given to the user in person or by phone.
      const enrolmentCode = [...randomBytes(12)].map((b) => 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[b % 32]).join('');
      const expiresAt = new Date(ctx.now.getTime() + 72 * 3_600_000);
      await tx
        .updateTable('users')
        .set({
          mfa_enabled: false,
          mfa_secret: null,
          mfa_last_step: null,
          mfa_enrolment_code_hash: tokenHash(enrolmentCode),
          mfa_enrolment_expires_at: expiresAt,
          version: current.version + 1,
        })
        .where('id', '=', current.id)
        .where('organization_id', '=', ctx.organizationId)
        .execute();
      // The old authenticator no longer counts: sessions it verified end.
      await endUserSessions(tx, current.id, ctx.now);
      recordAudit(ctx, { patientId: null, resourceType: 'user', resourceId: current.id, action: 'update' });
      return { enrolmentCode, expiresAt: expiresAt.toISOString() };
    },
  }),
  ...tokenRoutes,
];
