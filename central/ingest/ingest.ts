import type pg from 'pg';
import type { UplinkAck, UplinkBatch } from '../../contract/central/uplink.ts';
import type { HallEvent } from '../../contract/events.ts';
import { audit } from '../audit.ts';
import type { CentralBus, IngestedHall, IngestedNotice } from '../bus.ts';
import { ensurePartitions } from '../db/partitions.ts';
import { CentralError, conflict, invalid } from '../errors.ts';
import { runAll, type Sql } from '../projections/bulk.ts';
import { daysOf, planProjection } from '../projections/index.ts';
import { pathCodes } from '../regions/store.ts';
import { FEED_STRIDE } from '../feed.ts';
import { canonicalJson, hashOfCanonical } from './hash.ts';

/**
 * The centre's side of the uplink (contract/central/uplink.ts). One transaction per batch: the hall
 * row is locked (FOR UPDATE, so two instances ingesting the same hall serialise), held seqs are
 * compared by content hash, new events are stored with their feed_seq and projected, and the
 * high-water mark moves — all or nothing. After the commit the batch goes on the bus. A batch that
 * is stored costs two round trips: the lock with every read, then every write with the commit.
 */

interface HallRow {
  code: string;
  name: string;
  region: string;
  path: string;
  high_water: number;
  epoch: string | null;
  diverged: boolean;
}

export interface IngestDeps {
  pool: pg.Pool;
  bus: CentralBus;
}

const divergedError = (hall: string, highWater: number, seq?: number) =>
  conflict('UPLINK_DIVERGED', `中心保存的营业厅 ${hall} 事件与本次上传的内容不一致，已停止接收，请联系管理员处理。`, {
    highWater,
    ...(seq !== undefined ? { seq } : {}),
  });

const lockHallSql = (hall: string): Sql => ({
  text: `SELECT h.code, h.name, h.region, r.path, h.high_water, h.epoch, h.diverged
         FROM central_halls h JOIN central_regions r ON r.code = h.region WHERE h.code = $1 FOR UPDATE OF h`,
  values: [hall],
});

function hallOf(result: pg.QueryResult): HallRow {
  const row = result.rows[0] as HallRow | undefined;
  if (!row) throw new CentralError(401, 'HALL_TOKEN_INVALID', '营业厅令牌无效。');
  return row;
}

async function lockHall(client: pg.PoolClient, hall: string): Promise<HallRow> {
  const sql = lockHallSql(hall);
  return hallOf(await client.query(sql.text, [...sql.values]));
}

const ingestedHall = (h: HallRow): IngestedHall => ({ code: h.code, name: h.name, region: h.region, regionPath: pathCodes(h.path) });

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const validDay = (d: string) => DAY.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
const validInstant = (t: string | null) => t === null || (/^\d{4}-\d{2}-\d{2}T/.test(t) && !Number.isNaN(Date.parse(t)));

/** What the contract's schema leaves as plain strings but PostgreSQL stores as dates and instants. */
function checkShape(batch: UplinkBatch): void {
  batch.events.forEach((e, i) => {
    const t = e.ticket;
    const times = t ? [e.at, t.issuedAt, t.calledAt, t.startedAt, t.finishedAt] : [e.at];
    if (!validDay(e.day) || (t && !validDay(t.day)) || !times.every(validInstant))
      throw invalid(`第 ${i + 1} 个事件（seq ${e.seq}）的日期或时间格式无效。`, { seq: e.seq });
    if (e.hall !== batch.hall) throw invalid(`第 ${i + 1} 个事件属于营业厅 ${e.hall}，不是 ${batch.hall}。`, { seq: e.seq });
    if (i > 0 && e.seq !== batch.events[i - 1]!.seq + 1) throw invalid('批次中的事件序号必须连续递增。', { seq: e.seq });
  });
}

export async function highWaterOf(pool: pg.Pool, hall: string): Promise<{ hall: string; highWater: number; epoch: string | null; diverged: boolean }> {
  const row = (
    await pool.query<{ high_water: number; epoch: string | null; diverged: boolean }>(
      'UPDATE central_halls SET last_contact_at = now() WHERE code = $1 RETURNING high_water, epoch, diverged',
      [hall],
    )
  ).rows[0];
  if (!row) throw new CentralError(401, 'HALL_TOKEN_INVALID', '营业厅令牌无效。');
  return { hall, highWater: row.high_water, epoch: row.epoch, diverged: row.diverged };
}

export async function ingestBatch(deps: IngestDeps, tokenHall: string, batch: UplinkBatch): Promise<UplinkAck> {
  if (batch.hall !== tokenHall) throw new CentralError(403, 'HALL_MISMATCH', `令牌属于营业厅 ${tokenHall}，批次却是 ${batch.hall} 的。`);
  checkShape(batch);
  const { pool, bus } = deps;
  await ensurePartitions(pool, daysOf(batch.events));
  const canonical = batch.events.map(canonicalJson);
  const hashes = canonical.map(hashOfCanonical);
  const client = await pool.connect();
  let notice: IngestedNotice | undefined;
  let divergence: { hall: HallRow; seq: number; held: { hash: string; epoch: string }; offered: string } | undefined;
  try {
    const first = batch.events[0]!.seq;
    const last = batch.events[batch.events.length - 1]!.seq;
    // Round trip 1: the lock, then (each statement with a fresh snapshot, after the lock is held) the
    // seqs of this batch the centre already holds and the projection rows the batch will change. The
    // rows are read for the whole batch; only its new events are applied to them.
    const plan = planProjection(tokenHall, batch.events);
    const [, locked, heldRows, ...reads] = await runAll(client, [
      { text: 'BEGIN', values: [] },
      lockHallSql(tokenHall),
      { text: 'SELECT seq, hash, epoch FROM central_events WHERE hall = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq', values: [tokenHall, first, last] },
      ...plan.reads,
    ]);
    const hall = hallOf(locked!);
    if (hall.diverged) {
      await client.query('ROLLBACK');
      await pool.query('UPDATE central_halls SET last_contact_at = now() WHERE code = $1', [hall.code]);
      throw divergedError(hall.code, hall.high_water);
    }
    let duplicates = 0;
    if (first <= hall.high_water) {
      const held = (heldRows!.rows as { seq: number; hash: string; epoch: string }[]).filter((h) => h.seq <= hall.high_water);
      const bySeq = new Map(held.map((h) => [h.seq, h]));
      for (let i = 0; i < batch.events.length && batch.events[i]!.seq <= hall.high_water; i++) {
        const seq = batch.events[i]!.seq;
        const h = bySeq.get(seq);
        if (!h || h.hash !== hashes[i]) {
          divergence = { hall, seq, held: h ?? { hash: 'missing', epoch: hall.epoch ?? '' }, offered: hashes[i]! };
          break;
        }
        duplicates++;
      }
    }
    if (divergence) {
      await client.query('ROLLBACK');
    } else {
      const fresh: { event: HallEvent; hash: string; json: string }[] = [];
      batch.events.forEach((event, i) => {
        if (event.seq > hall.high_water) fresh.push({ event, hash: hashes[i]!, json: canonical[i]! });
      });
      if (fresh.length && fresh[0]!.event.seq !== hall.high_water + 1) {
        await client.query('ROLLBACK');
        await pool.query('UPDATE central_halls SET last_contact_at = now() WHERE code = $1', [hall.code]);
        throw conflict('UPLINK_GAP', `中心只收到营业厅 ${hall.code} 的第 ${hall.high_water} 号事件，请从第 ${hall.high_water + 1} 号起上传。`, {
          highWater: hall.high_water,
        });
      }
      const highWater = fresh.length ? fresh[fresh.length - 1]!.event.seq : hall.high_water;
      // Round trip 2: the events, every projection, the high-water mark and the commit.
      const writes: Sql[] = [];
      if (fresh.length)
        writes.push({
          // feed_seq: this transaction's id × 1000 + the place in the batch (migration 0006; see feed.ts).
          text: `INSERT INTO central_events (hall, seq, feed_seq, epoch, type, day, at, hash, body)
               SELECT $2, x.seq, pg_current_xact_id()::text::bigint * ${FEED_STRIDE} + (x.seq - $4), $3, x.type, x.day, x.at, x.hash, x.body
                 FROM json_to_recordset($1::json) AS x(seq bigint, type text, day date, at timestamptz, hash text, body jsonb)
               RETURNING seq, feed_seq`,
          values: [
            // The body is the canonical JSON already made for the hash (jsonb keeps no key order): not serialised twice.
            `[${fresh
              .map((f) => `{"seq":${f.event.seq},"type":${JSON.stringify(f.event.type)},"day":${JSON.stringify(f.event.day)},"at":${JSON.stringify(f.event.at)},"hash":"${f.hash}","body":${f.json}}`)
              .join(',')}]`,
            hall.code,
            batch.epoch,
            fresh[0]!.event.seq,
          ],
        });
      writes.push(...plan.project(reads, fresh.map((f) => f.event)));
      writes.push({ text: 'UPDATE central_halls SET high_water = $2, epoch = $3, last_contact_at = now() WHERE code = $1', values: [hall.code, highWater, batch.epoch] });
      writes.push({ text: 'COMMIT', values: [] });
      const results = await runAll(client, writes);
      const stored = fresh.length ? (results[0]!.rows as { seq: number; feed_seq: number }[]) : [];
      const feed = new Map(stored.map((s) => [s.seq, s.feed_seq]));
      notice = {
        hall: ingestedHall(hall),
        events: fresh.map((f) => ({ feedSeq: feed.get(f.event.seq)!, event: f.event })),
        highWater,
        accepted: fresh.length,
        duplicates,
        summary: summarise(fresh.map((f) => f.event)),
      };
    }
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
  if (divergence) {
    const id = await raiseDivergence(pool, divergence.hall, divergence.seq, divergence.held, divergence.offered, batch.epoch);
    if (id !== null) bus.emit('diverged', { hall: ingestedHall(divergence.hall), seq: divergence.seq, divergenceId: id });
    throw divergedError(divergence.hall.code, divergence.hall.high_water, divergence.seq);
  }
  const done = notice!;
  if (done.accepted) bus.emit('ingested', done);
  return { highWater: done.highWater, accepted: done.accepted, duplicates: done.duplicates };
}

function summarise(events: readonly HallEvent[]): IngestedNotice['summary'] {
  const waiting: Record<string, number> = {};
  const types: Record<string, number> = {};
  for (const e of events) {
    Object.assign(waiting, e.waiting ?? {});
    types[e.type] = (types[e.type] ?? 0) + 1;
  }
  return { waiting, types, lastEventAt: events.length ? events[events.length - 1]!.at : null };
}

/** Marks the hall diverged (ingestion stops), records the divergence and audits it; null if already raised. */
async function raiseDivergence(
  pool: pg.Pool,
  hall: HallRow,
  seq: number,
  held: { hash: string; epoch: string },
  offered: string,
  offeredEpoch: string,
): Promise<number | null> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const locked = await lockHall(client, hall.code);
    if (locked.diverged) {
      await client.query('ROLLBACK');
      return null;
    }
    await client.query('UPDATE central_halls SET diverged = true, last_contact_at = now() WHERE code = $1', [hall.code]);
    const id = (
      await client.query<{ id: number }>(
        `INSERT INTO central_divergences (hall, seq, held_hash, offered_hash, held_epoch, offered_epoch) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [hall.code, seq, held.hash, offered, held.epoch || null, offeredEpoch],
      )
    ).rows[0]!.id;
    await audit(client, {
      actor: `hall:${hall.code}`,
      action: 'uplink.diverged',
      target: hall.code,
      detail: { seq, heldEpoch: held.epoch || null, offeredEpoch, highWater: hall.high_water, divergence: id },
    });
    await client.query('COMMIT');
    return id;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
