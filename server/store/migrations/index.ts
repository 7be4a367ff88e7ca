import { readFileSync } from 'node:fs';

/** Ordered schema migrations. Append only: a released migration is never edited. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const sql = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: sql('./001-initial.sql') },
  { version: 2, name: 'finished-index', sql: sql('./002-finished-index.sql') },
  { version: 3, name: 'supervision', sql: sql('./003-supervision.sql') },
  { version: 4, name: 'agent-scope', sql: sql('./004-agent-scope.sql') },
  { version: 5, name: 'outbox', sql: sql('./005-outbox.sql') },
  { version: 6, name: 'uplink', sql: sql('./006-uplink.sql') },
  { version: 7, name: 'storage-reserve', sql: sql('./007-storage-reserve.sql') },
  { version: 8, name: 'evaluation-records', sql: sql('./008-evaluation-records.sql') },
  { version: 9, name: 'push', sql: sql('./009-push.sql') },
  { version: 10, name: 'booking', sql: sql('./010-booking.sql') },
  { version: 11, name: 'remote-reminders', sql: sql('./011-remote-reminders.sql') },
  { version: 12, name: 'catalogue-english', sql: sql('./012-catalogue-english.sql') },
];
