/**
 * central-ingest: events per second from many halls' uplink batches into PostgreSQL (the centre in a
 * child process: HTTP, validation, content hashes, the (hall, seq) store and every projection, one
 * transaction per batch), against `COPY` of the very rows it stored into the same table in the same
 * run (pg-copy-streams). Halls: CENTRAL_BENCH_HALLS (1,000); each posts a real hall's morning
 * (CENTRAL_BENCH_EVENTS_PER_HALL events, 60) in batches of CENTRAL_BENCH_BATCH (30), 16 in flight.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { log, nowMs, resultHeader, round, type BenchResult } from './lib.ts';
import { asHall, chunks, pooled, postBatch, realMorning, registerBenchHalls, startBenchCentre } from './central-setup.ts';

export async function benchCentralIngest(): Promise<BenchResult> {
  const hallCount = Number(process.env.CENTRAL_BENCH_HALLS ?? 1000);
  const perHall = Number(process.env.CENTRAL_BENCH_EVENTS_PER_HALL ?? 60);
  const batchSize = Number(process.env.CENTRAL_BENCH_BATCH ?? 30);
  log(`central-ingest: ${hallCount} halls × ${perHall} events, batches of ${batchSize}, 16 in flight, against COPY of the same rows`);
  const morning = (await realMorning()).slice(0, perHall);
  const b = await startBenchCentre('hallq_bench_ingest');
  try {
    const halls = await registerBenchHalls(b.pool, hallCount);
    // Warm-up: the partitions for the day, the connection pool, the JIT of the projection code.
    const warm = halls.slice(0, 4);
    for (const h of warm) for (const batch of chunks(asHall(morning, h.code), batchSize)) await postBatch(b.centre.url, h, 'bench', batch);
    const measured = halls.slice(4);
    const perHallBatches = measured.map((h) => ({ h, batches: chunks(asHall(morning, h.code), batchSize) }));
    const total = perHallBatches.reduce((n, x) => n + x.batches.reduce((m, c) => m + c.length, 0), 0);
    // Each hall posts its batches in order (as its uplink does); halls post concurrently.
    const t0 = nowMs();
    await pooled(
      perHallBatches.map(({ h, batches }) => async () => {
        for (const batch of batches) await postBatch(b.centre.url, h, 'bench', batch);
      }),
      16,
    );
    const ingestMs = nowMs() - t0;
    const stored = (await b.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM central_events WHERE hall LIKE 'BENCH%' AND hall <> ALL($1)", [warm.map((h) => h.code)])).rows[0]!.n;
    if (stored !== total) throw new Error(`the centre stored ${stored} of ${total} events`);

    // Baseline: the rows the centre stored, copied out, deleted, and COPYed back into the same table.
    const client = await b.pool.connect();
    let copyMs: number;
    try {
      const cols = 'hall, seq, feed_seq, epoch, type, day, at, hash, body';
      const where = `hall LIKE 'BENCH%' AND hall NOT IN (${warm.map((h) => `'${h.code}'`).join(',')})`;
      const parts: Buffer[] = [];
      const out = client.query(copyTo(`COPY (SELECT ${cols} FROM central_events WHERE ${where} ORDER BY hall, seq) TO STDOUT`));
      for await (const chunk of out) parts.push(chunk as Buffer);
      const data = Buffer.concat(parts);
      await client.query(`DELETE FROM central_events WHERE ${where}`);
      await client.query('VACUUM central_events').catch(() => undefined);
      const t1 = nowMs();
      await pipeline(Readable.from([data]), client.query(copyFrom(`COPY central_events (${cols}) FROM STDIN`)));
      copyMs = nowMs() - t1;
      const back = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM central_events WHERE ${where}`)).rows[0]!.n;
      if (back !== total) throw new Error(`COPY restored ${back} of ${total} rows`);
    } finally {
      client.release();
    }
    const ingestPerSecond = round(total / (ingestMs / 1000), 0);
    const copyPerSecond = round(total / (copyMs / 1000), 0);
    const ratio = round(ingestPerSecond / copyPerSecond, 3);
    log(`  ingest ${total} events in ${round(ingestMs / 1000, 2)} s: ${ingestPerSecond} events/s`);
    log(`  COPY   ${total} rows   in ${round(copyMs / 1000, 2)} s: ${copyPerSecond} rows/s`);
    log(`  ratio ${ratio} (target ≥ 0.5)`);
    return {
      ...resultHeader(),
      server: 'child process (central/main.ts), PostgreSQL on 127.0.0.1',
      figures: { halls: measured.length, events: total, eventsPerHall: perHall, batchSize, ingestMs: round(ingestMs, 0), eventsPerSecond: ingestPerSecond },
      baseline: { copyMs: round(copyMs, 0), rowsPerSecond: copyPerSecond },
      ratio: { name: 'ingest events/s ÷ COPY rows/s', value: ratio },
      target: { text: '≥ 0.5', met: ratio >= 0.5 },
      notes: [
        'ingestion includes HTTP, zod validation, SHA-256 content hashes, the (hall, seq) insert and every projection (tickets, daily aggregates, evaluations, cases, windows, devices) in one transaction per batch',
        'the baseline COPYs only the event rows: no projection',
      ],
    };
  } finally {
    await b.close();
  }
}
