import pino from 'pino';
import { createPool } from './db/pool.ts';
import { migrate } from './db/migrate.ts';
import { rebuildProjections } from './projections/index.ts';

/**
 * npm run central:rebuild [hall …] — rebuilds the projections (tickets, windows, evaluations, cases,
 * device health, daily aggregates, catalogues) from central_events alone, hall by hall, each in one
 * transaction holding the hall row (ingestion of that hall waits meanwhile). Needs DATABASE_URL.
 */
const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const url = process.env.DATABASE_URL;
if (!url) {
  log.error('DATABASE_URL is not set: point it at the central database (the embedded one is postgres://postgres:hallq-central-local@127.0.0.1:54329/hallq_central while npm run central:server runs)');
  process.exit(2);
}
const pool = createPool(url, 4);
try {
  await migrate(pool);
  const halls = process.argv.slice(2);
  const started = Date.now();
  const result = await rebuildProjections(pool, { ...(halls.length ? { halls } : {}), onHall: (hall, events) => log.info({ hall, events }, 'hall rebuilt') });
  log.info({ ...result, seconds: (Date.now() - started) / 1000 }, 'projections rebuilt');
} finally {
  await pool.end();
}
