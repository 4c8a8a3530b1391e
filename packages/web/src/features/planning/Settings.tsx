import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { reviewSettings } from '@waypoint/server/schemas/planning';
import { api, ApiError } from '../../api/client';
import { levelLabel, levelsOfCare } from '../../app/vocabulary';
import { Field } from '../../components/Field';
import { Problem } from '../../components/Problem';

type ReviewSettings = z.infer<typeof reviewSettings>;

/** Days between treatment-plan reviews for each level of care (a program setting): an overdue review reaches the counselor's work list. */
export function ReviewIntervalSettings() {
  const queryClient = useQueryClient();
  const saved = useQuery({ queryKey: ['plan-settings', 'review-intervals'], queryFn: () => api.get<ReviewSettings>('/plan-settings/review-intervals') });
  const [edits, setEdits] = useState<Record<string, string> | null>(null);
  const form = edits ?? (saved.data ? Object.fromEntries(levelsOfCare.map((l) => [l, String(saved.data.reviewDays[l])])) : null);
  const save = useMutation({
    mutationFn: (f: Record<string, string>) =>
      api.put<ReviewSettings>('/plan-settings/review-intervals', {
        // Only the levels changed here: the others keep following Waypoint's default.
        reviewDays: Object.fromEntries(
          Object.entries(f)
            .filter(([l, v]) => v !== String(saved.data?.reviewDays[l as keyof ReviewSettings['reviewDays']]))
            .map(([l, v]) => [l, v.trim() === '' ? null : Number(v)]),
        ),
      }),
    onSuccess: (s) => {
      setEdits(null);
      queryClient.setQueryData(['plan-settings', 'review-intervals'], s);
    },
  });
  const error = (level: string) => (save.error instanceof ApiError ? save.error.fieldError(`reviewDays.${level}`) : undefined);
  return (
    <section aria-labelledby="review-intervals-title" className="card">
      <h2 id="review-intervals-title">Treatment-plan reviews</h2>
      <Problem error={saved.error} />
      {form && saved.data && (
        <form
          className="form-grid"
          aria-label="Days between plan reviews"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(form);
          }}
        >
          {levelsOfCare.map((level) => (
            <Field
              key={level}
              label={`${levelLabel(level)}: days between reviews`}
              hint={`Default ${saved.data.defaults[level]} (1–365).`}
              error={error(level)}
            >
              {(p) => <input {...p} type="number" inputMode="numeric" value={form[level]} onChange={(e) => setEdits({ ...form, [level]: e.target.value })} />}
            </Field>
          ))}
          <div className="actions span-2">
            <button type="submit" disabled={save.isPending}>
              Save review intervals
            </button>
            {save.isSuccess && !edits && <span role="status">Saved.</span>}
          </div>
        </form>
      )}
      {save.error instanceof ApiError && !save.error.body.errors?.length && <Problem error={save.error} />}
    </section>
  );
}
