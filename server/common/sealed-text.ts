import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Marks a sealed value in a column. */
export const SEALED_PREFIX = 'aesgcm1:';

/**
 * Text sealed at rest with AES-256-GCM under a key kept outside the database (webhook secrets, phone
 * numbers, push subscriptions). `aad` binds the value to where it belongs (a column, a ticket's row),
 * so a sealed value copied elsewhere does not open. Format: `aesgcm1:` iv(12) · tag(16) · ciphertext,
 * base64url.
 */
export function sealText(key: Buffer, aad: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The plain text; throws on a value that is not sealed, or was sealed under another key or aad, or altered. */
export function openText(key: Buffer, aad: Buffer, sealed: string): string {
  if (!sealed.startsWith(SEALED_PREFIX)) throw new Error('not a sealed value');
  const raw = Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(aad);
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
