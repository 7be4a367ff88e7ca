import { openText, SEALED_PREFIX, sealText } from '../common/sealed-text.ts';

/** Binds a sealed secret to its column, so a value copied into another column does not open. */
const AAD = Buffer.from('hallq.webhooks.secret');

/**
 * Webhook secrets at rest (AES-256-GCM). The server needs the plain secret to sign each delivery, so
 * the secret cannot be hashed like a password; it is sealed with a key kept in the secrets directory,
 * apart from hallq.db: a copy of the database or of a backup does not give the secrets away.
 * Format: common/sealed-text.ts.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new RangeError('the webhook-secret key must be 32 bytes (AES-256)');
  }

  static isSealed(value: string): boolean {
    // Anything else in the column is a plain secret an older version stored.
    return value.startsWith(SEALED_PREFIX);
  }

  seal(plain: string): string {
    return sealText(this.key, AAD, plain);
  }

  /** The plain secret; a value stored before secrets were sealed is returned as it is (the start-up migration seals it). */
  open(stored: string): string {
    if (!SecretBox.isSealed(stored)) return stored;
    return openText(this.key, AAD, stored);
  }
}
