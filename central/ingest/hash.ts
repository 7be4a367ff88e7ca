import { createHash } from 'node:crypto';

/**
 * The content hash of an event: SHA-256 of its canonical JSON (keys sorted at every level, undefined
 * dropped), so a retry of the same event hashes the same whatever its key order on the wire, and
 * jsonb's own key reordering in storage does not matter.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export const eventHash = (event: unknown): string => createHash('sha256').update(canonicalJson(event), 'utf8').digest('hex');
