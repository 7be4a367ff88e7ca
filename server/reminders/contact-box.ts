import { openText, sealText } from '../common/sealed-text.ts';

/**
 * A citizen's phone number and push subscription at rest (AES-256-GCM), with a key kept in the
 * secrets directory apart from hallq.db. Each value is bound to its ticket and field (the AAD), so a
 * sealed value copied to another ticket's row does not open (format: common/sealed-text.ts).
 */
export class ContactBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new RangeError('the reminder contact key must be 32 bytes (AES-256)');
  }

  private static aad(ticketId: string, field: 'phone' | 'push'): Buffer {
    return Buffer.from(`hallq.reminders.${field}:${ticketId}`);
  }

  seal(plain: string, ticketId: string, field: 'phone' | 'push'): string {
    return sealText(this.key, ContactBox.aad(ticketId, field), plain);
  }

  /** The plain value, or null when it does not open (another key, another ticket, tampered). */
  open(sealed: string, ticketId: string, field: 'phone' | 'push'): string | null {
    try {
      return openText(this.key, ContactBox.aad(ticketId, field), sealed);
    } catch {
      return null;
    }
  }
}
