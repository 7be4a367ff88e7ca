import type pg from 'pg';
import { PROJECTION_TABLES } from '../../central/projections/index.ts';

/** Every row of every projection table, ordered by all its columns, as comparable JSON. */
export async function snapshotProjections(pool: pg.Pool): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of PROJECTION_TABLES) {
    const rows = await pool.query(`SELECT to_jsonb(t) AS r FROM ${table} t`);
    out[table] = rows.rows.map((r) => JSON.stringify(sortKeys(r.r))).sort();
  }
  return out;
}

function sortKeys(v: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]));
}

/** The tables whose rows differ, with the first differing rows: empty when equal. */
export function diffSnapshots(a: Record<string, string[]>, b: Record<string, string[]>): { table: string; onlyA: string[]; onlyB: string[] }[] {
  const diffs: { table: string; onlyA: string[]; onlyB: string[] }[] = [];
  for (const table of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const setA = new Set(a[table] ?? []);
    const setB = new Set(b[table] ?? []);
    const onlyA = [...setA].filter((r) => !setB.has(r));
    const onlyB = [...setB].filter((r) => !setA.has(r));
    if (onlyA.length || onlyB.length || (a[table]?.length ?? 0) !== (b[table]?.length ?? 0)) diffs.push({ table, onlyA: onlyA.slice(0, 3), onlyB: onlyB.slice(0, 3) });
  }
  return diffs;
}
