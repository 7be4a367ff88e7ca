import { openText, sealText } from '../common/sealed-text.ts';
import path from 'node:path';
import { loadOrCreateKeyFile } from './secrets-dir.ts';

export const CONTACT_KEY_FILE = 'contact.key';

/** Binds a sealed number to the column, so a value copied elsewhere does not open. */
const AAD = Buffer.from('hallq.cases.contact');

/**
 * The call-back number a citizen leaves with a 差评 (DESIGN.md §6: contact data encrypted at rest,
 * erased when no longer needed). Sealed with AES-256-GCM under a key kept outside the database, like
 * the ID-hash key: HALL_CONTACT_KEY (base64 of 32 bytes), else `<secretsDir>/contact.key`. Supervisors
 * see the masked form; revealing the number is an audited action. The case erases both on 办结.
 */
export class ContactBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new RangeError('the contact key must be 32 bytes (AES-256)');
  }

  static fromSecrets(secretsDir: string, env: NodeJS.ProcessEnv = process.env): ContactBox {
    if (env.HALL_CONTACT_KEY) return new ContactBox(Buffer.from(env.HALL_CONTACT_KEY, 'base64'));
    return new ContactBox(loadOrCreateKeyFile({ file: path.join(secretsDir, CONTACT_KEY_FILE) }));
  }

  seal(phone: string): { sealed: string; masked: string } {
    return { sealed: sealText(this.key, AAD, phone), masked: maskPhone(phone) };
  }

  /** The number; throws on a value sealed under another key or tampered with. */
  open(sealed: string): string {
    return openText(this.key, AAD, sealed);
  }
}

/** 13800138000 → 138****8000; a fixed line 01088886666 → 010*****6666. */
export function maskPhone(phone: string): string {
  const keepHead = phone.startsWith('0') ? (phone.length >= 11 && /^0(10|2\d)/.test(phone) ? 3 : 4) : 3;
  const head = phone.slice(0, keepHead);
  const tail = phone.slice(-4);
  return `${head}${'*'.repeat(Math.max(phone.length - keepHead - 4, 1))}${tail}`;
}
