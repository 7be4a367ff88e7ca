import type { z } from 'zod';
import { SupervisionSettings } from '../../contract/admin.ts';
import type { Db } from '../store/db.ts';

/** A JSON setting in the settings table, parsed with its schema; defaults when absent or unreadable. */
export function readSetting<S extends z.ZodType>(db: Db, key: string, schema: S): z.infer<S> {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  if (row) {
    const parsed = schema.safeParse(JSON.parse(row.value));
    if (parsed.success) return parsed.data;
  }
  return schema.parse({});
}

export function writeSetting(db: Db, key: string, value: unknown): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
}

export const SUPERVISION_KEY = 'supervision';

export function readSupervisionSettings(db: Db): SupervisionSettings {
  return readSetting(db, SUPERVISION_KEY, SupervisionSettings);
}
