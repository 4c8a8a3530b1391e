import { ApiError } from '../api/client';

/** Shows an API error the way a user can act on it: the detail and every field it names. */
export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiError) {
    return (
      <div role="alert" className="problem">
        <strong>{error.title}</strong>
        {error.detail && <span> — {error.detail}</span>}
        {error.body.errors && error.body.errors.length > 1 && (
          <ul>
            {error.body.errors.map((e) => (
              <li key={e.field + e.rule}>{e.message}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <div role="alert" className="problem">
      {(error as Error).message ?? 'Something went wrong.'}
    </div>
  );
}
