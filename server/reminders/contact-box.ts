import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'aesgcm1:';

/**
 * A citizen's phone number and push subscription at rest (AES-256-GCM), with a key kept in the
 * secrets directory apart from hallq.db. Each value is bound to its ticket and field (the AAD), so a
 * sealed value copied to another ticket's row does not open. Format: `aesgcm1:` iv · tag · body, base64url.
 */
export class ContactBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new RangeError('the reminder contact key must be 32 bytes (AES-256)');
  }

  private static aad(ticketId: string, field: 'phone' | 'push'): Buffer {
    return Buffer.from(`hallq.reminders.${field}:${ticketId}`);
  }

  seal(plain: string, ticketId: string, field: 'phone' | 'push'): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(ContactBox.aad(ticketId, field));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The plain value, or null when it does not open (another key, another ticket, tampered). */
  open(sealed: string, ticketId: string, field: 'phone' | 'push'): string | null {
    if (!sealed.startsWith(PREFIX)) return null;
    try {
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAAD(ContactBox.aad(ticketId, field));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
