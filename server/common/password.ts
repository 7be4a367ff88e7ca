import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt parameters: N=2^15 keeps a login near 50 ms on a small hall server. */
const N = 1 << 15;
const r = 8;
const p = 1;
const KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

/** crypto.scrypt on libuv's thread pool: a login never holds the event loop for its 50 ms. */
function scryptAsync(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, keylen, options, (error, key) => (error ? reject(error) : resolve(key))));
}

const format = (salt: Buffer, hash: Buffer) => `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${hash.toString('base64')}`;

/**
 * Format: scrypt$N$r$p$salt(b64)$hash(b64), so parameters can be raised later without a migration.
 * Synchronous: for seeding a hall from its configuration at start-up only, never on a request.
 */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return format(salt, scryptSync(password.normalize('NFKC'), salt, KEYLEN, { N, r, p, maxmem: MAXMEM }));
}

/** hashPassword off the event loop: what a request (a reset, a new staff member) uses. */
export async function hashPasswordAsync(password: string): Promise<string> {
  const salt = randomBytes(16);
  return format(salt, await scryptAsync(password.normalize('NFKC'), salt, KEYLEN, { N, r, p, maxmem: MAXMEM }));
}

function parse(stored: string): { salt: Buffer; expected: Buffer; options: ScryptOptions } | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [, n, rr, pp, saltB64, hashB64] = parts as [string, string, string, string, string, string];
  return { salt: Buffer.from(saltB64, 'base64'), expected: Buffer.from(hashB64, 'base64'), options: { N: Number(n), r: Number(rr), p: Number(pp), maxmem: MAXMEM } };
}

/** Synchronous check, kept for tools and the benchmark's comparison; requests use verifyPasswordAsync. */
export function verifyPassword(password: string, stored: string): boolean {
  const h = parse(stored);
  if (!h) return false;
  const actual = scryptSync(password.normalize('NFKC'), h.salt, h.expected.length, h.options);
  return actual.length === h.expected.length && timingSafeEqual(actual, h.expected);
}

export async function verifyPasswordAsync(password: string, stored: string): Promise<boolean> {
  const h = parse(stored);
  if (!h) return false;
  const actual = await scryptAsync(password.normalize('NFKC'), h.salt, h.expected.length, h.options);
  return actual.length === h.expected.length && timingSafeEqual(actual, h.expected);
}

/** A fixed hash to verify against when the badge is unknown, so timing does not reveal which badges exist. */
export const DUMMY_HASH = hashPassword('not-a-real-password');
