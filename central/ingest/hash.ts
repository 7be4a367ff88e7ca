import { createHash } from 'node:crypto';

/**
 * The content hash of an event: SHA-256 of its canonical JSON (keys sorted at every level, undefined
 * dropped, as JSON.stringify drops them), so a retry of the same event hashes the same whatever its key
 * order on the wire, and jsonb's own key reordering in storage does not matter.
 */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  let ordered = true;
  for (let i = 1; i < keys.length && ordered; i++) ordered = keys[i - 1]! < keys[i]!;
  if (ordered) return value;
  keys.sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = obj[k];
  return out;
}

export const canonicalJson = (value: unknown): string => JSON.stringify(value, sortedKeys) ?? 'null';

/** The hash of an event already in canonical JSON (the ingest stores that same text as the body). */
export const hashOfCanonical = (json: string): string => createHash('sha256').update(json, 'utf8').digest('hex');

export const eventHash = (event: unknown): string => hashOfCanonical(canonicalJson(event));
