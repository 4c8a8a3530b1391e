/**
 * Every call to the Waypoint API goes through here: JSON, same-origin cookie, problem+json errors,
 * Idempotency-Key on creates, If-Match on edits, and the background header for polling.
 */
export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly body: Record<string, unknown> & { errors?: FieldError[]; rule?: string },
  ) {
    super(detail || title);
  }
  get rule(): string | undefined {
    return this.body.rule;
  }
  fieldError(field: string): string | undefined {
    return this.body.errors?.find((e) => e.field === field || e.field.endsWith(`.${field}`))?.message;
  }
}

/** Called when a request finds the session gone (signed out or idle time-out). */
let onSignedOut: (reason: string) => void = () => {};
export function setSignedOutHandler(fn: (reason: string) => void) {
  onSignedOut = fn;
}

export interface RequestOptions {
  body?: unknown;
  background?: boolean;
  idempotent?: boolean;
  ifMatch?: string;
  /** A display credential sent instead of the session cookie (the wall display). */
  bearer?: string;
}

export interface ApiResult<T> {
  data: T;
  etag: string | null;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.background) headers['x-waypoint-background'] = '1';
  if (opts.idempotent) headers['idempotency-key'] = crypto.randomUUID();
  if (opts.ifMatch) headers['if-match'] = opts.ifMatch;
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: opts.bearer ? 'omit' : 'same-origin',
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const err = new ApiError(res.status, body?.title ?? res.statusText, body?.detail ?? '', body ?? {});
    if (res.status === 401 && !opts.bearer && !path.startsWith('/auth/sign-in'))
      onSignedOut(err.rule === 'idle-timeout' ? 'You were signed out after a period of inactivity.' : '');
    throw err;
  }
  return { data: body as T, etag: res.headers.get('etag') };
}

export const api = {
  get: async <T>(path: string, background = false, bearer?: string) => (await request<T>('GET', path, { background, bearer })).data,
  post: async <T>(path: string, body: unknown = {}, opts: Omit<RequestOptions, 'body'> = {}) => (await request<T>('POST', path, { ...opts, body })).data,
  create: async <T>(path: string, body: unknown) => (await request<T>('POST', path, { body, idempotent: true })).data,
  patch: async <T>(path: string, body: unknown, ifMatch?: string) => (await request<T>('PATCH', path, { body, ifMatch })).data,
  put: async <T>(path: string, body: unknown) => (await request<T>('PUT', path, { body })).data,
  delete: async (path: string) => {
    await request('DELETE', path);
  },
};

export function qs(params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
