import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Marks a sealed value; anything else in the column is a plain secret an older version stored. */
const PREFIX = 'aesgcm1:';
/** Binds a sealed secret to its column, so a value copied into another column does not open. */
const AAD = Buffer.from('hallq.webhooks.secret');

/**
 * Webhook secrets at rest (AES-256-GCM). The server needs the plain secret to sign each delivery, so
 * the secret cannot be hashed like a password; it is sealed with a key kept in the secrets directory,
 * apart from hallq.db: a copy of the database or of a backup does not give the secrets away.
 * Format: `aesgcm1:` iv(12) · tag(16) · ciphertext, base64url.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new RangeError('the webhook-secret key must be 32 bytes (AES-256)');
  }

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(AAD);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The plain secret; a value stored before secrets were sealed is returned as it is (the start-up migration seals it). */
  open(stored: string): string {
    if (!SecretBox.isSealed(stored)) return stored;
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(AAD);
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
