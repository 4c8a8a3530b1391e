import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit';
import { route } from '../../platform/http/route';
import { patientScope } from '../../platform/permissions/access';
import { localDay } from '../../platform/time';
import { addDays, authorizationCauses, authWarning } from './authorization-alerts';
import { facilityWhere } from './scope';
import { worklistSchema } from './schemas';

// The most urgent 50 of each queue (each list is in the order it should be worked): a coordinator works
// a queue from the top, and every item shown is an audited disclosure, so 500 open items no longer
// mean 500 disclosures on every one-minute refresh.
const limit = 50;

const patientName = sql<string>`p.legal_family_name || ', ' || p.legal_given_name`;

export const worklistRoutes = [
  route({
    method: 'GET',
    url: '/admissions/worklist',
    summary: 'The admissions coordinator’s work: open inquiries, unverified coverage, expiring authorizations, scheduled admissions (in the user’s scope)',
    tags: ['admissions'],
    access: { permission: { resource: 'admissions-inquiry', action: 'read' } },
    query: z.object({ facilityId: z.uuid().optional() }).strict(),
    response: worklistSchema,
    handler: async ({ tx, ctx, query }) => {
      const facility = query.facilityId ?? ctx.facilityIds[0];
      const tz = facility
        ? ((
            await tx
              .selectFrom('facilities')
              .select('time_zone')
              .where('id', '=', facility)
              .where('organization_id', '=', ctx.organizationId)
              .executeTakeFirst()
          )?.time_zone ?? 'UTC')
        : 'UTC';
      const today = localDay(ctx.now, tz);
      const warning = await authWarning(tx, ctx.organizationId);
      const seesCoverage = !!ctx.scopeFor('coverage', 'read');
      const seesSchedule = !!ctx.scopeFor('admissions-schedule', 'read');
      const byFacility = <T>(q: T, column: string): T => (query.facilityId ? (q as any).where(column, '=', query.facilityId) : q);

      const inquiriesQ = byFacility(
        tx
          .selectFrom('adm_inquiries as i')
          .leftJoin('adm_prescreens as s', 's.inquiry_id', 'i.id')
          .select([
            'i.id',
            'i.given_name',
            'i.family_name',
            'i.facility_id',
            'i.received_at',
            'i.status',
            'i.next_action',
            'i.next_action_due',
            's.urgency',
            'i.callback_phone',
            'i.contact_consent',
            'i.patient_id',
          ])
          .where('i.organization_id', '=', ctx.organizationId)
          .where('i.status', 'in', ['open', 'waitlisted'])
          .where((eb) => facilityWhere(ctx, 'admissions-inquiry', 'read', eb.ref('i.facility_id'))),
        'i.facility_id',
      )
        .orderBy(sql`i.next_action_due asc nulls last`)
        .orderBy('i.received_at')
        .limit(limit + 1);

      const verificationsQ = seesCoverage
        ? tx
            .selectFrom('adm_coverages as c')
            .innerJoin('patients as p', 'p.id', 'c.patient_id')
            .select([
              'c.id',
              'c.patient_id',
              patientName.as('patient_name'),
              'p.mrn',
              'c.kind',
              'c.payer',
              'c.member_id',
              'c.verification_result as result',
              'c.verified_at',
            ])
            .where('c.organization_id', '=', ctx.organizationId)
            .where('c.active', '=', true)
            .where('c.kind', 'in', ['insurance', 'state_funded', 'employee_assistance'])
            .where(sql<boolean>`c.verification_result is distinct from 'active'`)
            .where((eb) => eb.or([eb('c.effective_to', 'is', null), eb('c.effective_to', '>=', today)]))
            .where(patientScope(ctx, 'coverage', 'read') as never)
            .$if(!!query.facilityId, (q) => q.where('p.facility_id', '=', query.facilityId!))
            .orderBy('c.created_at')
            .limit(limit + 1)
        : undefined;

      // Two index-driven halves (ending soon by end date; few left by the remaining-units index), merged.
      const authorizationsQ = (half: 'ending' | 'running-out') =>
        tx
          .selectFrom('adm_authorizations as a')
          .innerJoin('adm_coverages as c', 'c.id', 'a.coverage_id')
          .innerJoin('patients as p', 'p.id', 'a.patient_id')
          .select([
            'a.id',
            'a.patient_id',
            patientName.as('patient_name'),
            'p.mrn',
            'a.auth_number',
            'c.payer',
            'a.level_of_care',
            'a.end_date',
            'a.approved',
            'a.used',
            'a.unit',
            'a.version',
          ])
          .where('a.organization_id', '=', ctx.organizationId)
          .where('a.status', '=', 'active')
          .where((eb) =>
            half === 'ending'
              ? eb('a.end_date', '<=', addDays(today, warning.days))
              : eb.and([eb('a.remaining', '<=', warning.remaining), eb('a.end_date', '>', addDays(today, warning.days))]),
          )
          .where(patientScope(ctx, 'coverage', 'read') as never)
          .$if(!!query.facilityId, (q) => q.where('p.facility_id', '=', query.facilityId!))
          // Ordering the running-out half by date would walk every active authorization by end date.
          .$if(half === 'ending', (q) => q.orderBy('a.end_date'))
          .limit(limit + 1);

      const scheduledQ = seesSchedule
        ? byFacility(
            tx
              .selectFrom('adm_scheduled_admissions as s')
              .innerJoin('patients as p', 'p.id', 's.patient_id')
              .select(['s.id', 's.patient_id', patientName.as('patient_name'), 'p.mrn', 's.facility_id', 's.level_of_care', 's.scheduled_on', 's.inquiry_id'])
              .where('s.organization_id', '=', ctx.organizationId)
              .where('s.status', '=', 'scheduled')
              .where((eb) => facilityWhere(ctx, 'admissions-schedule', 'read', eb.ref('s.facility_id'))),
            's.facility_id',
          )
            .orderBy('s.scheduled_on')
            .limit(limit + 1)
        : undefined;

      // One after another: a transaction is one connection.
      const inq = await inquiriesQ.execute();
      const ver = verificationsQ ? await verificationsQ.execute() : [];
      const auth = seesCoverage
        ? [...(await authorizationsQ('ending').execute()), ...(await authorizationsQ('running-out').execute())].sort((x, y) =>
            x.end_date.localeCompare(y.end_date),
          )
        : [];
      const sch = scheduledQ ? await scheduledQ.execute() : [];
      const cut = <T>(rows: T[]) => ({ more: rows.length > limit, rows: rows.slice(0, limit) });
      const i = cut(inq);
      const v = cut(ver);
      const a = cut(auth);
      const s = cut(sch);
      for (const r of i.rows) recordAudit(ctx, { patientId: r.patient_id, resourceType: 'inquiry', resourceId: r.id, action: 'search' });
      for (const r of v.rows) recordAudit(ctx, { patientId: r.patient_id, resourceType: 'coverage', resourceId: r.id, action: 'search' });
      for (const r of a.rows) recordAudit(ctx, { patientId: r.patient_id, resourceType: 'authorization', resourceId: r.id, action: 'search' });
      for (const r of s.rows) recordAudit(ctx, { patientId: r.patient_id, resourceType: 'scheduled-admission', resourceId: r.id, action: 'search' });
      return {
        today,
        authWarning: warning,
        inquiries: {
          more: i.more,
          items: i.rows.map((r) => ({
            id: r.id,
            name: `${r.family_name}, ${r.given_name}`,
            facilityId: r.facility_id,
            receivedAt: r.received_at.toISOString(),
            status: r.status,
            nextAction: r.next_action,
            nextActionDue: r.next_action_due,
            urgency: r.urgency,
            callbackPhone: r.callback_phone,
            contactConsent: r.contact_consent,
            patientId: r.patient_id,
          })),
        },
        verifications: {
          more: v.more,
          items: v.rows.map((r) => ({
            coverageId: r.id,
            patientId: r.patient_id,
            patientName: r.patient_name,
            mrn: r.mrn,
            kind: r.kind,
            payer: r.payer,
            memberId: r.member_id,
            lastResult: r.result,
            lastVerifiedAt: r.verified_at ? r.verified_at.toISOString() : null,
          })),
        },
        authorizations: {
          more: a.more,
          items: a.rows.map((r) => {
            const c = authorizationCauses({ endDate: r.end_date, approved: r.approved, used: r.used, unit: r.unit }, today, warning);
            return {
              id: r.id,
              patientId: r.patient_id,
              patientName: r.patient_name,
              mrn: r.mrn,
              authNumber: r.auth_number,
              payer: r.payer,
              levelOfCare: r.level_of_care,
              endDate: r.end_date,
              daysLeft: c.daysLeft,
              remaining: c.remaining,
              unit: r.unit,
              version: r.version,
              reasons: c.causes.map((x) => x.message),
            };
          }),
        },
        scheduled: {
          more: s.more,
          items: s.rows.map((r) => ({
            id: r.id,
            patientId: r.patient_id,
            patientName: r.patient_name,
            mrn: r.mrn,
            facilityId: r.facility_id,
            levelOfCare: r.level_of_care,
            scheduledOn: r.scheduled_on,
            inquiryId: r.inquiry_id,
          })),
        },
      };
    },
  }),
];
