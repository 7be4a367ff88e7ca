import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { maskIdNumber, validateIdNumber } from '../../drivers/idnumber/id-number.ts';
import { QueueError } from '../queue/errors.ts';
import type { ProtectedIdentity } from '../queue/identity.ts';

/**
 * DESIGN.md §6: an ID number is validated, then kept only as a keyed hash (for limits and appointment
 * matching) and a masked form. The key lives in the data folder (or HALL_ID_KEY), never in the database,
 * so a copied database alone cannot be brute-forced against the 18-digit space.
 */
export function loadOrCreateIdKey(dataDir: string, fromEnv = process.env.HALL_ID_KEY): Buffer {
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  const file = path.join(dataDir, 'id-hash.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

/** 张三 → 张*, 张三丰 → 张*丰, 欧阳娜娜 → 欧**娜; Latin names keep their first letter. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export class IdentityProtector {
  constructor(private readonly key: Buffer) {}

  hash(normalizedIdNumber: string): string {
    return createHmac('sha256', this.key).update(normalizedIdNumber).digest('hex');
  }

  /** Validates (GB 11643) and protects; throws ID_INVALID with a Chinese message on a bad number. */
  protect(idNumber: string, name?: string, today: Date = new Date()): ProtectedIdentity {
    const result = validateIdNumber(idNumber, today);
    if (!result.ok) throw new QueueError('ID_INVALID');
    return {
      idHash: this.hash(result.normalized),
      idMasked: maskIdNumber(result.normalized),
      nameMasked: name ? maskName(name) : null,
    };
  }
}
