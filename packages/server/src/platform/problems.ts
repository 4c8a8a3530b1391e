/**
 * RFC 9457 problem details. A 4xx names the field and the rule; a hard stop names its override.
 * Nothing here ever carries a stack trace to the client.
 */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { field: string; rule: string; message: string }[];
  [extra: string]: unknown;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }

  body(instance?: string): ProblemBody {
    return {
      type: `https://waypoint.dev/problems/${slug(this.title)}`,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extra,
    };
  }
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export const problems = {
  notFound: (what = 'Resource') => new HttpProblem(404, 'Not found', `${what} not found.`),
  forbidden: () => new HttpProblem(403, 'Forbidden', 'Your role does not allow this action.'),
  unauthenticated: (detail = 'Sign in first.') => new HttpProblem(401, 'Unauthenticated', detail),
  invalid: (field: string, rule: string, message: string) => new HttpProblem(422, 'Invalid input', message, { errors: [{ field, rule, message }] }),
  conflict: (rule: string, message: string, extra: Record<string, unknown> = {}) => new HttpProblem(409, 'Conflict', message, { rule, ...extra }),
  emptyEdit: () =>
    new HttpProblem(400, 'Invalid request', 'body: send at least one field to change.', {
      errors: [{ field: 'body', rule: 'non-empty', message: 'Send at least one field to change.' }],
    }),
  preconditionFailed: () =>
    new HttpProblem(412, 'Precondition failed', 'The record changed since you read it: reload and try again.', {
      rule: 'if-match',
    }),
  preconditionRequired: () => new HttpProblem(428, 'Precondition required', 'Send If-Match with the ETag you read.', { rule: 'if-match' }),
};
