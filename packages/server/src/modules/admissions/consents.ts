import { uuidv7 } from '../../db/ids';
import type { Tx } from '../../db/schema';
import { recordAudit } from '../../platform/audit';
import type { RequestContext } from '../../platform/context';
import { route } from '../../platform/http/route';
import { isUuid, requirePatient } from '../../platform/permissions/access';
import { problems } from '../../platform/problems';
import { addEvent } from '../../platform/timeline';
import { presentConsent } from './present';
import { amendmentInput, consentFormSchema, consentInput, consentSchema, idParams, listOf } from './schemas';

const tags = ['consents'];
const resource = 'admissions-consent' as const;
/** The built-in form texts belong to this nil organization and are offered to every program. */
export const builtInOrganization = '00000000-0000-0000-0000-000000000000';

/** The newest version of each form the organization uses (its own wording overrides the built-in one). */
async function currentForms(tx: Tx, organizationId: string) {
  const rows = await tx
    .selectFrom('adm_consent_forms')
    .selectAll()
    .where('organization_id', 'in', [organizationId, builtInOrganization])
    .orderBy('code')
    .orderBy('version', 'desc')
    .execute();
  const seen = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const prev = seen.get(r.code);
    if (!prev || (prev.organization_id === builtInOrganization && r.organization_id === organizationId)) seen.set(r.code, r);
  }
  return [...seen.values()];
}

async function loadConsents(tx: Tx, organizationId: string, where: { patientId?: string; id?: string }) {
  let q = tx
    .selectFrom('adm_consents as c')
    .innerJoin('users as u', 'u.id', 'c.witnessed_by')
    .leftJoin('adm_consents as n', (j) => j.onRef('n.amends_id', '=', 'c.id'))
    .selectAll('c')
    .select(['u.display_name as witness_name', 'n.id as amended_by_id'])
    .where('c.organization_id', '=', organizationId);
  if (where.patientId) q = q.where('c.patient_id', '=', where.patientId);
  if (where.id) q = q.where('c.id', '=', where.id);
  const rows = await q.orderBy('c.signed_at', 'desc').execute();
  return rows.map((r) => presentConsent(r, r.amended_by_id));
}

async function sign(
  tx: Tx,
  ctx: RequestContext,
  patientId: string,
  form: { code: string; version: number; title: string; body: string },
  signer: { signerName: string; signerRelation: 'patient' | 'guardian' | 'representative' },
  extra: { admissionId: string | null; amendsId: string | null; reason: string | null },
) {
  const id = uuidv7();
  await tx
    .insertInto('adm_consents')
    .values({
      organization_id: ctx.organizationId,
      id,
      patient_id: patientId,
      admission_id: extra.admissionId,
      form_code: form.code,
      form_version: form.version,
      form_title: form.title,
      form_body: form.body,
      signer_name: signer.signerName,
      signer_relation: signer.signerRelation,
      signed_at: ctx.now,
      witnessed_by: ctx.userId,
      amends_id: extra.amendsId,
      amendment_reason: extra.reason,
    })
    .execute();
  await addEvent(tx, ctx, {
    patientId,
    kind: extra.amendsId ? 'consent.amended' : 'consent.signed',
    summary: `${form.title} (version ${form.version}) ${extra.amendsId ? `re-signed as an amendment: ${extra.reason}` : 'signed'} by ${signer.signerName}`,
  });
  recordAudit(ctx, { patientId, resourceType: 'consent', resourceId: id, action: 'create' });
  return (await loadConsents(tx, ctx.organizationId, { id }))[0];
}

export const consentRoutes = [
  route({
    method: 'GET',
    url: '/admissions/consent-forms',
    summary: 'The consent texts in use (newest version of each), to read before signing',
    tags,
    access: { permission: { resource, action: 'read' } },
    response: listOf(consentFormSchema),
    handler: async ({ tx, ctx }) => {
      const forms = await currentForms(tx, ctx.organizationId);
      return { items: forms.map((f) => ({ code: f.code, version: f.version, title: f.title, body: f.body, effectiveFrom: f.effective_from })) };
    },
  }),

  route({
    method: 'GET',
    url: '/patients/:id/consents',
    summary: 'Signed consents of a patient, newest first (amended ones point to their amendment)',
    tags,
    access: { permission: { resource, action: 'read' } },
    params: idParams,
    response: listOf(consentSchema),
    auditResource: 'patient',
    handler: async ({ tx, ctx, params }) => {
      const p = await requirePatient(tx, ctx, params.id, resource, 'read');
      recordAudit(ctx, { patientId: p.id, resourceType: 'consent', resourceId: null, action: 'read' });
      return { items: await loadConsents(tx, ctx.organizationId, { patientId: p.id }) };
    },
  }),

  route({
    method: 'POST',
    url: '/patients/:id/consents',
    summary: 'Sign a consent: typed-name signature, time and signer, the exact form text kept with it',
    tags,
    access: { permission: { resource, action: 'create' } },
    params: idParams,
    body: consentInput,
    response: consentSchema,
    status: 201,
    idempotent: true,
    auditResource: 'patient',
    handler: async ({ tx, ctx, params, body }) => {
      const p = await requirePatient(tx, ctx, params.id, resource, 'create');
      const form = await tx
        .selectFrom('adm_consent_forms')
        .selectAll()
        .where('organization_id', 'in', [ctx.organizationId, builtInOrganization])
        .where('code', '=', body.formCode)
        .where('version', '=', body.formVersion)
        .orderBy('organization_id', 'desc')
        .executeTakeFirst();
      if (!form) throw problems.invalid('formVersion', 'form-exists', `formVersion: there is no version ${body.formVersion} of ${body.formCode}.`);
      const current = (await currentForms(tx, ctx.organizationId)).find((f) => f.code === body.formCode);
      if (current && current.version !== form.version)
        throw problems.invalid('formVersion', 'current-version', `formVersion: version ${current.version} of this form is in use; read and sign that one.`);
      if (body.admissionId) {
        const a = await tx
          .selectFrom('adm_scheduled_admissions')
          .select('patient_id')
          .where('organization_id', '=', ctx.organizationId)
          .where('id', '=', body.admissionId)
          .executeTakeFirst();
        if (!a || a.patient_id !== p.id) throw problems.invalid('admissionId', 'admission-of-patient', 'admissionId: not an admission of this patient.');
      }
      return sign(tx, ctx, p.id, form, body, { admissionId: body.admissionId ?? null, amendsId: null, reason: null });
    },
  }),

  route({
    method: 'GET',
    url: '/consents/:id',
    summary: 'One signed consent, as signed (for the printable copy)',
    tags,
    access: { permission: { resource, action: 'read' } },
    params: idParams,
    response: consentSchema,
    auditResource: 'consent',
    handler: async ({ tx, ctx, params }) => {
      if (!isUuid(params.id)) throw problems.notFound('Consent');
      const [c] = await loadConsents(tx, ctx.organizationId, { id: params.id });
      if (!c) throw problems.notFound('Consent');
      await requirePatient(tx, ctx, c.patientId, resource, 'read').catch(() => {
        throw problems.notFound('Consent');
      });
      recordAudit(ctx, { patientId: c.patientId, resourceType: 'consent', resourceId: c.id, action: 'read' });
      return c;
    },
  }),

  route({
    method: 'POST',
    url: '/consents/:id/amendments',
    summary: 'Correct a signed consent: a new signature of the same text pointing at the old one, with who, when and why',
    tags,
    access: { permission: { resource, action: 'create' } },
    params: idParams,
    body: amendmentInput,
    response: consentSchema,
    status: 201,
    idempotent: true,
    auditResource: 'consent',
    handler: async ({ tx, ctx, params, body }) => {
      if (!isUuid(params.id)) throw problems.notFound('Consent');
      const [c] = await loadConsents(tx, ctx.organizationId, { id: params.id });
      if (!c) throw problems.notFound('Consent');
      await requirePatient(tx, ctx, c.patientId, resource, 'create').catch(() => {
        throw problems.notFound('Consent');
      });
      if (c.amendedById) throw problems.conflict('amend-latest', 'This consent was already amended: amend the newest one.', { amendedById: c.amendedById });
      return sign(tx, ctx, c.patientId, { code: c.formCode, version: c.formVersion, title: c.formTitle, body: c.formBody }, body, {
        admissionId: c.admissionId,
        amendsId: c.id,
        reason: body.reason,
      });
    },
  }),
];
