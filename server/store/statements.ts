import type Database from 'better-sqlite3';
import type { Db } from './db.ts';

export type Statement = Database.Statement<unknown[], unknown>;

const byDb = new WeakMap<Db, Map<string, Statement>>();

/**
 * The statement for `sql` on this database, prepared on first use and reused after: query functions
 * that take a Db stay as cheap as a statement a class prepared in its constructor. The cache lives
 * and dies with the connection object.
 */
export function prepared(db: Db, sql: string): Statement {
  let cache = byDb.get(db);
  if (!cache) byDb.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare<unknown[], unknown>(sql)));
  return stmt;
}
