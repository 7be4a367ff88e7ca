import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, type Migration } from './migrations/index.ts';

export type Db = Database.Database;

/** SQLite page cache per connection, in KiB. */
export const PAGE_CACHE_KIB = 8192;

export interface OpenOptions {
  /** Folder holding hallq.db; created if missing. */
  dataDir: string;
  fileName?: string;
  migrations?: readonly Migration[];
}

/**
 * The data folder is 0700 and the database files 0600: they hold ticket history (masked identities,
 * keyed ID hashes), password hashes and the audit log. The database file is created 0600 before
 * SQLite opens it, because SQLite gives its -wal and -shm files the database file's mode; files an
 * older version left group- or world-readable are tightened.
 */
export function protectDataFiles(dataDir: string, fileName = 'hallq.db'): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if ((statSync(dataDir).mode & 0o077) !== 0) chmodSync(dataDir, 0o700);
  const file = path.join(dataDir, fileName);
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(f) && (statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
  }
}

/**
 * Opens the hall database with the durability the ticket path needs: WAL, synchronous=FULL (a printed
 * ticket survives a power cut), foreign keys on, and every pending migration applied.
 */
export function openDatabase({ dataDir, fileName = 'hallq.db', migrations = MIGRATIONS }: OpenOptions): Db {
  protectDataFiles(dataDir, fileName);
  const db = new Database(path.join(dataDir, fileName));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // better-sqlite3 builds SQLite with a 16 MB page cache per connection, which a hall's RSS then grows
  // into as the file grows (bench/memory-soak.ts). Today's tickets and their indexes fit in far less;
  // month-long statistics read more pages, at some extra disk reads.
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  applyMigrations(db, migrations);
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function applyMigrations(db: Db, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const applied: number[] = [];
  const current = schemaVersion(db);
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
