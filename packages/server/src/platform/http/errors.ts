import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ClinicalInputError } from '@waypoint/clinical/errors';
import { HttpProblem } from '../problems';

/**
 * Every error leaves as RFC 9457 problem+json naming the field and the rule. An unexpected error is
 * logged with its stack and answered 500 without one.
 */
export function sendProblem(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const problem = toProblem(err);
  if (problem.status >= 500) req.log.error({ err }, 'unexpected error');
  const body = problem.body(req.url.split('?')[0]);
  return reply.code(problem.status).type('application/problem+json').send(body);
}

function toProblem(err: unknown): HttpProblem {
  if (err instanceof HttpProblem) return err;
  if (err instanceof ClinicalInputError) {
    return new HttpProblem(422, 'Invalid input', err.message, {
      errors: [{ field: err.field, rule: err.rule, message: err.message, ...(err.allowed ? { allowed: err.allowed } : {}) }],
    });
  }
  const e = err as FastifyError & { validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(e)) {
    const errors = e.validation!.map((v) => {
      const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || (e.validationContext ?? 'body');
      return { field, in: e.validationContext, rule: v.keyword, message: `${field}: ${v.message}` };
    });
    return new HttpProblem(400, 'Invalid request', errors.map((x) => x.message).join('; '), { errors });
  }
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    // Fastify's own 4xx: malformed JSON, body too large, unsupported media type.
    return new HttpProblem(e.statusCode, e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ? 'Malformed JSON' : 'Bad request', e.message, {
      rule: e.code,
    });
  }
  const pg = err as { code?: string; constraint?: string };
  if (pg.code === '23505') return new HttpProblem(409, 'Conflict', 'This would duplicate an existing record.', { rule: pg.constraint });
  if (pg.code === '40001' || pg.code === '40P01') return new HttpProblem(503, 'Busy', 'Please retry.', { rule: 'serialization' });
  return new HttpProblem(500, 'Internal error', 'Something went wrong on our side; it has been logged.');
}
