import type { Db } from '../db.ts';

/**
 * The tables a screen reads, as compared between a hall and its rebuild from the event log: every
 * column, except secrets and ID hashes, which never travel in events (staff password hashes, device
 * token hashes, webhook secrets, the ID hashes of tickets and appointments, sealed phone numbers).
 */
export const SCREEN_TABLES: readonly { table: string; key: readonly string[]; exclude?: readonly string[]; json?: readonly string[]; where?: string }[] = [
  { table: 'settings', key: ['key'], json: ['value'] },
  { table: 'departments', key: ['code'] },
  { table: 'queues', key: ['code'], json: ['config'] },
  { table: 'items', key: ['code'], json: ['config'] },
  { table: 'windows', key: ['number'], json: ['config'] },
  { table: 'staff', key: ['badge'], exclude: ['password_hash'] },
  { table: 'devices', key: ['code'], exclude: ['token_hash'], json: ['scope'] },
  { table: 'notices', key: ['code'], json: ['targets'] },
  { table: 'tickets', key: ['id'], exclude: ['id_hash'] },
  { table: 'counters', key: ['day', 'queue'] },
  // A booked phone is sealed at rest (and erased after the booking's day); it never travels in an event.
  { table: 'appointments', key: ['id'], exclude: ['id_hash', 'phone_hash', 'phone_sealed'] },
  { table: 'evaluations', key: ['ticket_id'], json: ['dimensions', 'reasons', 'record'] },
  // The sealed call-back number of a 差评 never travels in an event.
  { table: 'cases', key: ['id'], exclude: ['contact_enc'] },
  { table: 'case_history', key: ['id'] },
  { table: 'webhooks', key: ['id'], exclude: ['secret'], json: ['events'] },
  { table: 'events', key: ['seq'], json: ['body'] },
];

export type ScreenTables = Record<string, Record<string, unknown>[]>;

export interface TableDiff {
  table: string;
  key: string;
  /** 'missing' = in the expected hall only, 'extra' = in the rebuild only, 'changed' = columns differ. */
  kind: 'missing' | 'extra' | 'changed';
  columns?: Record<string, { expected: unknown; actual: unknown }>;
}

/** Key order does not matter in a JSON column; values are compared as data. */
function canonical(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.stringify(sortKeys(JSON.parse(text)));
  } catch {
    return text;
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

/** Every compared row of every screen table, in key order. */
export function readScreenTables(db: Db): ScreenTables {
  const out: ScreenTables = {};
  for (const t of SCREEN_TABLES) {
    const rows = db.prepare(`SELECT * FROM ${t.table}${t.where ? ` WHERE ${t.where}` : ''} ORDER BY ${t.key.join(', ')}`).all() as Record<string, unknown>[];
    out[t.table] = rows.map((r) => {
      const row: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r)) {
        if (t.exclude?.includes(k)) continue;
        row[k] = t.json?.includes(k) ? canonical(v) : v;
      }
      return row;
    });
  }
  return out;
}

/** Row-by-row differences between an expected hall and its rebuild; empty when they are the same. */
export function diffScreenTables(expected: ScreenTables, actual: ScreenTables): TableDiff[] {
  const diffs: TableDiff[] = [];
  for (const t of SCREEN_TABLES) {
    const keyOf = (r: Record<string, unknown>) => t.key.map((k) => String(r[k])).join('/');
    const want = new Map((expected[t.table] ?? []).map((r) => [keyOf(r), r]));
    const got = new Map((actual[t.table] ?? []).map((r) => [keyOf(r), r]));
    for (const [key, w] of want) {
      const g = got.get(key);
      if (!g) {
        diffs.push({ table: t.table, key, kind: 'missing' });
        continue;
      }
      const columns: NonNullable<TableDiff['columns']> = {};
      for (const c of new Set([...Object.keys(w), ...Object.keys(g)])) {
        if (!Object.is(w[c], g[c]) && JSON.stringify(w[c]) !== JSON.stringify(g[c])) columns[c] = { expected: w[c], actual: g[c] };
      }
      if (Object.keys(columns).length) diffs.push({ table: t.table, key, kind: 'changed', columns });
    }
    for (const key of got.keys()) if (!want.has(key)) diffs.push({ table: t.table, key, kind: 'extra' });
  }
  return diffs;
}

/** One line per difference, for a test failure or a command's report. */
export function formatDiffs(diffs: readonly TableDiff[], max = 40): string {
  const lines = diffs.slice(0, max).map((d) => {
    if (d.kind !== 'changed') return `${d.table} ${d.key}: ${d.kind === 'missing' ? 'missing from the rebuild' : 'only in the rebuild'}`;
    const cols = Object.entries(d.columns ?? {}).map(([c, v]) => `${c}: ${short(v.expected)} ≠ ${short(v.actual)}`);
    return `${d.table} ${d.key}: ${cols.join('; ')}`;
  });
  if (diffs.length > max) lines.push(`… and ${diffs.length - max} more`);
  return lines.join('\n');
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}
