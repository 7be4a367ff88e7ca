import type pg from 'pg';
import type { DivergenceView, ResolveDivergenceResult } from '../../contract/central/api.ts';
import { audit } from '../audit.ts';
import { inTransaction } from '../db/pool.ts';
import { conflict, notFound } from '../errors.ts';
import { rebuildHallIn } from '../projections/index.ts';

/**
 * Resolving a divergence (a hall restored from an old backup, or a second database posting under the
 * same code). `accept_new_history`: the events the centre holds from the diverging seq on are moved to
 * central_events_archive (kept, for the record), the high-water mark goes back to the seq before it,
 * the offered epoch becomes the hall's, its projections are rebuilt from the events that remain, and
 * ingestion resumes: the hall's uplink posts again from the new high-water mark.
 */
interface DivergenceRow {
  id: number;
  hall: string;
  seq: number;
  held_epoch: string | null;
  offered_epoch: string;
  raised_at: Date;
  resolved_at: Date | null;
  resolution: string | null;
}

export const toDivergenceView = (d: DivergenceRow): DivergenceView => ({
  id: d.id,
  hall: d.hall,
  seq: d.seq,
  heldEpoch: d.held_epoch,
  offeredEpoch: d.offered_epoch,
  raisedAt: d.raised_at.toISOString(),
  resolvedAt: d.resolved_at ? d.resolved_at.toISOString() : null,
  resolution: d.resolution,
});

export async function listDivergences(pool: pg.Pool, hall: string): Promise<DivergenceView[]> {
  const rows = await pool.query<DivergenceRow>('SELECT * FROM central_divergences WHERE hall = $1 ORDER BY id DESC', [hall]);
  return rows.rows.map(toDivergenceView);
}

export async function acceptNewHistory(pool: pg.Pool, hall: string, by: string, note?: string): Promise<ResolveDivergenceResult> {
  return inTransaction(pool, async (client) => {
    const h = (await client.query<{ code: string }>('SELECT code FROM central_halls WHERE code = $1 FOR UPDATE', [hall])).rows[0];
    if (!h) throw notFound(`营业厅 ${hall} `);
    const d = (await client.query<DivergenceRow>('SELECT * FROM central_divergences WHERE hall = $1 AND resolved_at IS NULL', [hall])).rows[0];
    if (!d) throw conflict('NO_DIVERGENCE', `营业厅 ${hall} 没有待处理的数据分歧。`);
    const archived = await client.query(
      `WITH moved AS (DELETE FROM central_events WHERE hall = $1 AND seq >= $2 RETURNING *)
       INSERT INTO central_events_archive (divergence, hall, seq, feed_seq, epoch, type, day, at, hash, body, received_at)
       SELECT $3, hall, seq, feed_seq, epoch, type, day, at, hash, body, received_at FROM moved`,
      [hall, d.seq, d.id],
    );
    const highWater = d.seq - 1;
    await client.query('UPDATE central_halls SET high_water = $2, epoch = $3, diverged = false WHERE code = $1', [hall, highWater, d.offered_epoch]);
    await rebuildHallIn(client, hall);
    const resolution = `accept_new_history${note ? `: ${note}` : ''}`;
    const resolved = (
      await client.query<DivergenceRow>(
        'UPDATE central_divergences SET resolved_at = now(), resolved_by = $2, resolution = $3 WHERE id = $1 RETURNING *',
        [d.id, by, resolution],
      )
    ).rows[0]!;
    await audit(client, {
      actor: `user:${by}`,
      action: 'divergence.resolved',
      target: hall,
      detail: { divergence: d.id, seq: d.seq, archived: archived.rowCount ?? 0, highWater, epoch: d.offered_epoch },
    });
    return { divergence: toDivergenceView(resolved), archived: archived.rowCount ?? 0, highWater };
  });
}
