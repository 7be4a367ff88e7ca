import { createHmac } from 'node:crypto';
import path from 'node:path';
import { maskIdNumber, validateIdNumber } from '../../drivers/idnumber/id-number.ts';
import { QueueError } from '../queue/errors.ts';
import type { ProtectedIdentity } from '../queue/identity.ts';
import { loadOrCreateKeyFile } from './secrets-dir.ts';

export const ID_KEY_FILE = 'id-hash.key';

export interface IdKeyOptions {
  /** The secrets directory (server/auth/secrets-dir.ts); the key file is created here. */
  secretsDir: string;
  /** The data folder, where older versions kept `id-hash.key`: such a key is moved to `secretsDir`. */
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** Told when a key was moved out of the data folder. */
  onMoved?: (from: string, to: string) => void;
}

/**
 * DESIGN.md §6: an ID number is validated, then kept only as a keyed hash (for limits and appointment
 * matching) and a masked form. The key is never in the database and, by default, not in the data
 * folder either: a copied data folder (or backup) alone cannot be brute-forced against the ID space.
 * Sources, first found wins: HALL_ID_KEY (the key itself), HALL_ID_HASH_KEY_FILE (a file path), else
 * `<secretsDir>/id-hash.key` (an older `<dataDir>/id-hash.key` is moved there first).
 */
export function loadOrCreateIdKey({ secretsDir, dataDir, env = process.env, onMoved }: IdKeyOptions): Buffer {
  if (env.HALL_ID_KEY) return Buffer.from(env.HALL_ID_KEY, 'utf8');
  const file = env.HALL_ID_HASH_KEY_FILE ? path.resolve(env.HALL_ID_HASH_KEY_FILE) : path.join(secretsDir, ID_KEY_FILE);
  return loadOrCreateKeyFile({ file, legacyFile: path.join(dataDir, ID_KEY_FILE), ...(onMoved ? { onMoved } : {}) });
}

/** Characters of an ID number left visible by default: the last four (HALL_ID_MASK_KEEP changes it, 0–4). */
export const DEFAULT_ID_MASK_KEEP = 4;

/** HALL_ID_MASK_KEEP as a number of characters, 0–4; anything else is a configuration error. */
export function idMaskKeepFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HALL_ID_MASK_KEEP;
  if (raw === undefined || raw === '') return DEFAULT_ID_MASK_KEEP;
  if (!/^[0-4]$/.test(raw.trim())) throw new RangeError(`HALL_ID_MASK_KEEP must be a whole number from 0 to 4 (characters of an ID number left visible), got "${raw}"`);
  return Number(raw.trim());
}

/**
 * 张三 → 张*, 张三丰 → 张*丰, 欧阳娜娜 → 欧**娜; Latin names keep their first letter. A one-character
 * name is masked whole: keeping its one character would show the name itself.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export class IdentityProtector {
  constructor(
    private readonly key: Buffer,
    /** How many trailing characters of an ID number the masked form keeps. */
    private readonly maskKeep = DEFAULT_ID_MASK_KEEP,
  ) {}

  hash(normalizedIdNumber: string): string {
    return createHmac('sha256', this.key).update(normalizedIdNumber).digest('hex');
  }

  /** Validates (GB 11643) and protects; throws ID_INVALID with a Chinese message on a bad number. */
  protect(idNumber: string, name?: string, today: Date = new Date()): ProtectedIdentity {
    const result = validateIdNumber(idNumber, today);
    if (!result.ok) throw new QueueError('ID_INVALID');
    return {
      idHash: this.hash(result.normalized),
      idMasked: maskIdNumber(result.normalized, this.maskKeep),
      nameMasked: name ? maskName(name) : null,
      birthDate: result.birthDate,
    };
  }
}
