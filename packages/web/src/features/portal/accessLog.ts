import { roleLabels } from '../../app/vocabulary';

export interface AccessEntry {
  at: string;
  who: string;
  role: string | null;
  action: string;
  what: string;
}

export interface AccessGroup {
  key: string;
  sentence: string;
  day: string;
  latest: string;
}

const verbs: Record<string, string> = { read: 'viewed', create: 'added to', update: 'changed', delete: 'removed from' };

/**
 * The access log in plain words: one line per person, role, kind of access and day
 * ("Nurse Ana Ruiz viewed your chart 3 times on Tue, Nov 24"), newest first.
 */
export function groupAccessLog(entries: AccessEntry[], locale?: string): AccessGroup[] {
  const dayKey = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });
  const dayLabel = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short' });
  const groups = new Map<string, { who: string; role: string | null; verb: string; count: number; day: string; latest: string }>();
  for (const e of entries) {
    const verb = verbs[e.action] ?? 'opened';
    const day = dayKey.format(new Date(e.at));
    const key = `${day}|${e.who}|${e.role ?? ''}|${verb}`;
    const g = groups.get(key);
    if (g) {
      g.count += 1;
      if (e.at > g.latest) g.latest = e.at;
    } else groups.set(key, { who: e.who, role: e.role, verb, count: 1, day, latest: e.at });
  }
  return [...groups.entries()]
    .sort(([, a], [, b]) => (a.latest < b.latest ? 1 : -1))
    .map(([key, g]) => {
      const role = g.role ? ((roleLabels as Record<string, string>)[g.role] ?? g.role.replace(/_/g, ' ')) : '';
      const times = g.count === 1 ? 'once' : `${g.count} times`;
      return {
        key,
        day: g.day,
        latest: g.latest,
        sentence: `${role ? `${role} ` : ''}${g.who} ${g.verb} your chart ${times} on ${dayLabel.format(new Date(g.latest))}`,
      };
    });
}
