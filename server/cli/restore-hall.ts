import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { AuditLog } from '../audit/audit-log.ts';
import type { Clock } from '../common/clock.ts';
import { QueueEngine } from '../queue/engine.ts';
import { advanceCounters, planNumbering, type QueueAdvance } from '../queue/restore-numbering.ts';
import { openDatabase } from '../store/db.ts';

export interface RestoreOptions {
  dataDir: string;
  backupFile: string;
  clock: Clock;
  fileName?: string;
}

export interface RestoreOutcome {
  /** The hall's business day after the restore: the day whose counters moved. */
  day: string;
  /** The backup's last event (when it was taken, at the latest). */
  backupAt: string | null;
  /** Where the replaced database files were moved. */
  replacedDir: string | null;
  /** Whether the replaced database could be read (exact counters) or the counters were estimated. */
  basis: 'replaced-database' | 'estimate';
  advances: QueueAdvance[];
}

type CounterRows = { day: string; queue: string; last_no: number }[];

/** The counters of a database that may be damaged: undefined when it cannot be read or fails its check. */
function readableCounters(file: string): CounterRows | undefined {
  if (!existsSync(file)) return undefined;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    if (db.pragma('quick_check', { simple: true }) !== 'ok') return undefined;
    return db.prepare('SELECT day, queue, last_no FROM counters').all() as CounterRows;
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

const byQueue = (rows: CounterRows, day: string) => new Map(rows.filter((r) => r.day === day).map((r) => [r.queue, r.last_no]));

/**
 * Puts a backup in place of the hall database (the server must be stopped) and moves every queue's
 * counter for the current day past anything the hall may have printed since the backup
 * (queue/restore-numbering.ts), with a `numbering.advanced` event and a `hall.restored` audit entry.
 * The replaced files are kept in `replaced-<time>/` beside the database.
 */
export async function restoreHall({ dataDir, backupFile, clock, fileName = 'hallq.db' }: RestoreOptions): Promise<RestoreOutcome> {
  const source = path.resolve(backupFile);
  if (!existsSync(source)) throw new Error(`No backup at ${source}.`);
  const backup = new Database(source, { readonly: true, fileMustExist: true });
  try {
    if (backup.pragma('quick_check', { simple: true }) !== 'ok') throw new Error(`The backup ${source} fails SQLite's integrity check.`);
    const configured = backup.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'counters'").get();
    if (!configured) throw new Error(`${source} is not a hall database.`);
  } catch (error) {
    backup.close();
    throw error;
  }

  const target = path.join(dataDir, fileName);
  const replaced = readableCounters(target);
  let replacedDir: string | null = null;
  const present = [target, `${target}-wal`, `${target}-shm`].filter((f) => existsSync(f));
  if (present.length) {
    replacedDir = path.join(dataDir, `replaced-${clock.now().toISOString().replace(/[:.]/g, '-')}`);
    mkdirSync(replacedDir, { recursive: true, mode: 0o700 });
    for (const f of present) renameSync(f, path.join(replacedDir, path.basename(f)));
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    await backup.backup(target);
  } finally {
    backup.close();
  }
  chmodSync(target, 0o600);

  const db = openDatabase({ dataDir, fileName });
  try {
    // Opening the engine rolls the day over if the backup is from an earlier day, as a start would.
    const engine = new QueueEngine({ db, clock });
    const day = engine.core.today();
    const last = db.prepare('SELECT MAX(at) AS at FROM events').get() as { at: string | null };
    const backupAt = last.at;
    const peaks = db
      .prepare(`SELECT number_queue AS queue, MAX(n) AS n FROM (
          SELECT number_queue, COUNT(*) AS n FROM tickets GROUP BY number_queue, day, substr(issued_at, 1, 13)
        ) GROUP BY number_queue`)
      .all() as { queue: string; n: number }[];
    const restoredRows = db.prepare('SELECT day, queue, last_no FROM counters').all() as CounterRows;
    const advances = planNumbering({
      day,
      now: clock.now(),
      backupAt: backupAt ? new Date(backupAt) : new Date(0),
      timeZone: engine.catalog.hall.timezone,
      hours: engine.catalog.hall.hours,
      queues: [...engine.catalog.queues.values()],
      restored: byQueue(restoredRows, day),
      replaced: replaced ? byQueue(replaced, day) : undefined,
      peakPerHour: new Map(peaks.map((p) => [p.queue, p.n])),
    });
    const basis = replaced ? 'replaced-database' : 'estimate';
    const audit = new AuditLog(db, clock);
    engine.core.run((tx) => {
      advanceCounters(engine.core, tx, advances, 'restore');
      audit.append({
        actor: 'system:restore',
        role: 'system',
        action: 'hall.restored',
        target: path.basename(source),
        place: null,
        detail: { backupAt, day, basis, counters: advances.map((a) => ({ queue: a.queue, from: a.from, to: a.to })) },
      });
    });
    engine.stop();
    return { day, backupAt, replacedDir, basis, advances };
  } finally {
    db.close();
  }
}
