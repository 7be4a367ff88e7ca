import type pg from 'pg';

/** Names of departments, queues, items, windows and staff from the centre's copy of each hall's catalogue. */
export interface Labels {
  /** Per hall: entity + code → name. */
  of(hall: string, entity: string, code: string): string | undefined;
  /** Across halls (department, queue and item codes shared by the halls of a region). */
  any(entity: string, code: string): string | undefined;
}

export async function catalogLabels(pool: pg.Pool | pg.PoolClient, halls: readonly string[]): Promise<Labels> {
  const rows = await pool.query<{ hall: string; entity: string; code: string; name: string | null }>(
    `SELECT hall, entity, code, value->>'name' AS name FROM proj_catalog
      WHERE hall = ANY($1) AND entity IN ('departments', 'queues', 'items', 'windows', 'staff')`,
    [halls],
  );
  const per = new Map<string, string>();
  const any = new Map<string, string>();
  for (const r of rows.rows) {
    if (!r.name) continue;
    per.set(`${r.hall}\u0000${r.entity}\u0000${r.code}`, r.name);
    if (!any.has(`${r.entity}\u0000${r.code}`)) any.set(`${r.entity}\u0000${r.code}`, r.name);
  }
  return {
    of: (hall, entity, code) => per.get(`${hall}\u0000${entity}\u0000${code}`),
    any: (entity, code) => any.get(`${entity}\u0000${code}`),
  };
}
