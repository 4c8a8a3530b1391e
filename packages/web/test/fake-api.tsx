import type { ReactNode } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { vi } from 'vitest';
import type { z } from 'zod';

/** A request the component made: method, path and the JSON body it sent. */
export interface Sent {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

type Answer = { status?: number; body: unknown } | ((sent: Sent) => { status?: number; body: unknown });

/**
 * Stands in for the network (never the database): each route answers JSON checked against the server's
 * own response schema, so a component is tested against what the server really sends.
 */
export function fakeApi(routes: Record<string, Answer>) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit = {}) => {
    const path = String(url).replace(/^.*\/api\/v1/, '');
    const method = init.method ?? 'GET';
    const s: Sent = { method, path, body: init.body ? JSON.parse(String(init.body)) : undefined, headers: (init.headers ?? {}) as Record<string, string> };
    sent.push(s);
    const key = Object.keys(routes).find((k) => k === `${method} ${path}` || k === `${method} ${path.split('?')[0]}`);
    if (!key) return new Response(JSON.stringify({ title: 'Not found', detail: `${method} ${path}` }), { status: 404 });
    const r = routes[key];
    const { status = 200, body } = typeof r === 'function' ? r(s) : r;
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return { sent, fetch };
}

/** A fixture as the server would send it: parsed (and so checked) by the route's response schema. */
export const wire = <S extends z.ZodType>(schema: S, value: z.input<S>): z.output<S> => JSON.parse(JSON.stringify(schema.parse(value)));

export function renderWithQuery(ui: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>);
}
