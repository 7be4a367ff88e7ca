import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import { loadOrCreateKeyFile } from './secrets-dir.ts';

export const CONTACT_KEY_FILE = 'contact-data.key';

const PREFIX = 'aesgcm1:';
/** Binds a sealed phone to its column, so a value copied elsewhere does not open. */
const AAD = Buffer.from('hallq.contact.phone');

/**
 * Contact data (phone numbers) at rest, DESIGN.md §6: sealed with AES-256-GCM under a key kept in the
 * secrets directory (`contact-data.key`), never in hallq.db or its backups, so a copied database gives
 * no phone numbers away. A keyed hash (HMAC under a key derived from the same file) finds a booking
 * by code + phone and counts bookings per phone without opening anything.
 * Format: `aesgcm1:` iv(12) · tag(16) · ciphertext, base64url.
 */
export class ContactProtector {
  private readonly hashKey: Buffer;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new RangeError('the contact-data key must be 32 bytes (AES-256)');
    this.hashKey = createHmac('sha256', key).update('contact-hash').digest();
  }

  static load(secretsDir: string): ContactProtector {
    return new ContactProtector(loadOrCreateKeyFile({ file: path.join(secretsDir, CONTACT_KEY_FILE) }));
  }

  hash(phone: string): string {
    return createHmac('sha256', this.hashKey).update(phone).digest('hex');
  }

  seal(phone: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(AAD);
    const body = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The phone number; throws when the value was not sealed with this key (or was altered). */
  open(sealed: string): string {
    if (!sealed.startsWith(PREFIX)) throw new Error('not a sealed contact value');
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(AAD);
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
