import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, type Migration } from './migrations/index.ts';

export type Db = Database.Database;

export interface OpenOptions {
  /** Folder holding hallq.db; created if missing. */
  dataDir: string;
  fileName?: string;
  migrations?: readonly Migration[];
}

/**
 * Opens the hall database with the durability the ticket path needs: WAL, synchronous=FULL (a printed
 * ticket survives a power cut), foreign keys on, and every pending migration applied.
 */
export function openDatabase({ dataDir, fileName = 'hallq.db', migrations = MIGRATIONS }: OpenOptions): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, fileName));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
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
