import { createHmac } from 'node:crypto';
import { openText, sealText } from '../common/sealed-text.ts';
import path from 'node:path';
import { loadOrCreateKeyFile } from './secrets-dir.ts';

export const CONTACT_KEY_FILE = 'contact-data.key';

/** Binds a sealed phone to its column, so a value copied elsewhere does not open. */
const AAD = Buffer.from('hallq.contact.phone');

/**
 * Contact data (phone numbers) at rest, DESIGN.md §6: sealed with AES-256-GCM under a key kept in the
 * secrets directory (`contact-data.key`), never in hallq.db or its backups, so a copied database gives
 * no phone numbers away. A keyed hash (HMAC under a key derived from the same file) finds a booking
 * by code + phone and counts bookings per phone without opening anything.
 * Format: common/sealed-text.ts.
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
    return sealText(this.key, AAD, phone);
  }

  /** The phone number; throws when the value was not sealed with this key (or was altered). */
  open(sealed: string): string {
    return openText(this.key, AAD, sealed);
  }
}
