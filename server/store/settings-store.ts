import type { z } from 'zod';
import { SupervisionSettings } from '../../contract/admin.ts';
import type { Db } from './db.ts';
import { prepared } from './statements.ts';

const SELECT = 'SELECT value FROM settings WHERE key = ?';
const UPSERT = 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value';

/** A JSON setting in the settings table, parsed with its schema; defaults when absent or unreadable. */
export function readSetting<S extends z.ZodType>(db: Db, key: string, schema: S): z.infer<S> {
  const row = prepared(db, SELECT).get(key) as { value: string } | undefined;
  if (row) {
    const parsed = schema.safeParse(JSON.parse(row.value));
    if (parsed.success) return parsed.data;
  }
  return schema.parse({});
}

export function writeSetting(db: Db, key: string, value: unknown): void {
  prepared(db, UPSERT).run(key, JSON.stringify(value));
}

/** Alert thresholds and 差评 case deadlines (the admin console's supervision settings). */
export const SUPERVISION_KEY = 'supervision';

export function readSupervisionSettings(db: Db): SupervisionSettings {
  return readSetting(db, SUPERVISION_KEY, SupervisionSettings);
}
