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
    const errors = e.validation!.flatMap((v) => {
      const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      const field = path || (e.validationContext ?? 'body');
      // An unknown field is named itself, not its parent object.
      const keys = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: unknown }).keys : undefined;
      if (Array.isArray(keys) && keys.length > 0) {
        return keys.map((k) => {
          const name = path ? `${path}.${String(k)}` : String(k);
          return { field: name, in: e.validationContext, rule: v.keyword, message: `${name}: not a known field` };
        });
      }
      // A custom check names its own rule (zod issue params.rule), e.g. "lofexidine.daily-max".
      const rule = (v.params as { params?: { rule?: unknown } } | undefined)?.params?.rule;
      return [{ field, in: e.validationContext, rule: typeof rule === 'string' ? rule : v.keyword, message: `${field}: ${v.message}` }];
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
  // A data exception (class 22) is the input's fault, e.g. a NUL character in a string: 400, not 500.
  if (pg.code?.startsWith('22'))
    return new HttpProblem(400, 'Invalid request', 'The request holds a value the database cannot store (for example a NUL character).', {
      rule: 'invalid-value',
    });
  if (pg.code === '40001' || pg.code === '40P01') return new HttpProblem(503, 'Busy', 'Please retry.', { rule: 'serialization' });
  return new HttpProblem(500, 'Internal error', 'Something went wrong on our side; it has been logged.');
}
