import type pg from 'pg';

/**
 * One statement per table per batch: rows travel as one JSON array and json_to_recordset turns them
 * into a relation, so a batch of 500 events costs a handful of round trips, not thousands.
 */
/** $1 is the rows as JSON; `params` fill $2, $3, …. */
export async function bulk(client: pg.PoolClient, sql: string, rows: readonly object[], params: readonly unknown[] = []): Promise<void> {
  if (!rows.length) return;
  await client.query(sql, [JSON.stringify(rows), ...params]);
}
