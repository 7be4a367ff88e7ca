import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Db } from './db.ts';
import type { Clock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import { businessDay, msUntilLocalMidnight } from '../common/hall-time.ts';

export const BACKUP_DIR = 'backups';

/** Online backup with SQLite's backup API: consistent while the hall keeps writing. */
export async function backupDatabase(db: Db, file: string): Promise<string> {
  // A backup holds what hallq.db holds: its folder 0700 and the file 0600, as the data folder.
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  await db.backup(file);
  chmodSync(file, 0o600);
  return file;
}

/** Removes nightly backups older than `keepDays`, judged by the date in their names. */
export function pruneBackups(dir: string, keepDays: number, today: string): string[] {
  const cutoff = new Date(`${today}T00:00:00Z`).getTime() - keepDays * 86_400_000;
  const removed: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = /^hallq-(\d{4}-\d{2}-\d{2})\.db$/.exec(name);
    if (m && new Date(`${m[1]}T00:00:00Z`).getTime() < cutoff) {
      rmSync(path.join(dir, name));
      removed.push(name);
    }
  }
  return removed;
}

/** A nightly backup shortly after local midnight, kept for a configurable number of days. */
export class BackupScheduler {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
    private readonly keepDays: number,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly log: Logger,
  ) {}

  start(): void {
    // Ten minutes past midnight, after the day has rolled over.
    const delay = msUntilLocalMidnight(this.clock.now(), this.timeZone) + 10 * 60_000;
    this.timer = setTimeout(() => {
      // A failed backup (a full disk) is logged, never an unhandled rejection that would stop the server.
      this.runOnce()
        .catch((error: unknown) => this.log.error({ err: error }, 'nightly backup failed'))
        .finally(() => this.start());
    }, delay);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  async runOnce(): Promise<string> {
    const day = businessDay(this.clock.now(), this.timeZone);
    const dir = path.join(this.dataDir, BACKUP_DIR);
    const file = await backupDatabase(this.db, path.join(dir, `hallq-${day}.db`));
    const removed = pruneBackups(dir, this.keepDays, day);
    this.log.info({ file, removed: removed.length }, 'nightly backup written');
    return file;
  }
}
