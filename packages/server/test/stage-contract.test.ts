import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { platformTables, stages } from '../src/app/stages';
import { listMigrations } from '../src/db/migrate';
import { composeDecisionTable } from '../src/platform/permissions/decision-table';

// The stage contract (DESIGN.md): a stage owns its tables and no other stage writes them; other
// stages call its service. Owners come from the manifests; tables from the migrations; writes from
// the query builder's table names (insertInto / updateTable / deleteFrom) and raw SQL in the source.

const src = path.resolve(import.meta.dirname, '../src');

/** Writes that are not a stage's own, each with the reason it is allowed. */
const allowedForeignWrites: Record<string, { tables: string[]; why: string }> = {
  auth: {
    tables: ['users', 'sessions'],
    why: 'Sign-in is the platform’s front door: it opens and ends sessions and keeps the sign-in columns of the user row (failed sign-ins, lockout, second factor).',
  },
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Tables a file writes: query-builder calls and raw SQL statements. */
export function writtenTables(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/\.(?:insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(\s*['"`]([a-z_][a-z0-9_]*)/g)) found.add(m[1]);
  for (const m of code.matchAll(/\b(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?)\s+([a-z_][a-z0-9_]*)\b(?=[\s(]|$)/gi)) {
    const t = m[1].toLowerCase();
    if (
      !['set', 'on', 'of', 'to', 'the', 'a', 'or', 'when', 'and', 'it', 'is', 'them', 'its', 'this', 'that', 'for', 'in', 'nothing', 'from', 'an'].includes(t)
    )
      found.add(t);
  }
  return [...found];
}

function migrationTables(): string[] {
  const tables: string[] = [];
  for (const m of listMigrations())
    for (const x of m.sql.matchAll(/create\s+table\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)/gi)) tables.push(x[1].toLowerCase());
  return tables;
}

describe('the stage contract', () => {
  it('gives every table in the migrations exactly one owner: a stage or the platform', () => {
    const owners = new Map<string, string[]>();
    for (const s of stages) for (const t of s.tables) owners.set(t, [...(owners.get(t) ?? []), s.name]);
    for (const t of platformTables) owners.set(t, [...(owners.get(t) ?? []), 'platform']);
    const problems: string[] = [];
    for (const t of migrationTables()) {
      const o = owners.get(t) ?? [];
      if (o.length !== 1) problems.push(`${t}: ${o.length ? `owned by ${o.join(' and ')}` : 'no owner — list it in its stage manifest’s tables'}`);
    }
    for (const [t, o] of owners)
      if (!migrationTables().includes(t) && t !== 'schema_migrations') problems.push(`${t}: declared by ${o.join(', ')} but no migration creates it`);
    expect(problems).toEqual([]);
  });

  it('names each stage after its folder under modules/, with a manifest there', () => {
    for (const s of stages) {
      if (s.name === 'fhir') continue;
      expect(fs.existsSync(path.join(src, 'modules', s.name, 'manifest.ts')), s.name).toBe(true);
    }
  });

  it('lets no stage write another stage’s tables (they call its service)', () => {
    const ownerOf = new Map<string, string>();
    for (const s of stages) for (const t of s.tables) ownerOf.set(t, s.name);
    for (const t of platformTables) ownerOf.set(t, 'platform');
    const violations: string[] = [];
    const modules = fs.readdirSync(path.join(src, 'modules'));
    for (const stage of modules) {
      for (const file of sourceFiles(path.join(src, 'modules', stage))) {
        for (const t of writtenTables(fs.readFileSync(file, 'utf8'))) {
          const owner = ownerOf.get(t);
          if (!owner || owner === stage) continue;
          if (allowedForeignWrites[stage]?.tables.includes(t)) continue;
          // The platform's tables are written by the platform's own functions (audit, timeline, sessions).
          violations.push(`${path.relative(src, file)} writes ${t}, owned by ${owner}`);
        }
      }
    }
    for (const file of sourceFiles(path.join(src, 'platform'))) {
      for (const t of writtenTables(fs.readFileSync(file, 'utf8'))) {
        const owner = ownerOf.get(t);
        if (owner && owner !== 'platform') violations.push(`${path.relative(src, file)} writes ${t}, owned by ${owner}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('catches a write to another stage’s table, in the query builder and in raw SQL', () => {
    expect(writtenTables(`await tx.updateTable('episodes').set({ level_of_care: 'x' })`)).toEqual(['episodes']);
    expect(writtenTables('await sql`update episodes set bed = null where id = ${id}`.execute(tx)')).toEqual(['episodes']);
    expect(writtenTables(`tx.insertInto('wm_courses as c')`)).toEqual(['wm_courses']);
    expect(writtenTables(`tx.selectFrom('episodes').selectAll()`)).toEqual([]);
  });

  it('composes one decision table: every grant has a reason, and a resource belongs to one stage', () => {
    expect(() => composeDecisionTable(stages)).not.toThrow();
    const twice = [
      { name: 'a', grants: { thing: { read: { nurse: { scope: 'facility' as const, why: 'x' } } } } },
      { name: 'b', grants: { thing: { read: { counselor: { scope: 'facility' as const, why: 'y' } } } } },
    ];
    expect(() => composeDecisionTable(twice)).toThrow(/declared by both/);
    expect(() => composeDecisionTable([{ name: 'a', grants: { thing: { read: { nurse: { scope: 'facility', why: ' ' } } } } }])).toThrow(/no reason/);
  });
});
