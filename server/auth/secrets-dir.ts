import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The secrets directory: the keys that turn a copy of the data folder back into personal data (the
 * ID-hash key) or into working credentials (the webhook-secret key) live here, apart from hallq.db and
 * its backups, so a copied data folder or backup alone gives neither. Mode 0700, files 0600.
 *
 * Default: `<install root>/secrets` (HALL_SECRETS_DIR overrides); embedders that pass no directory
 * (tests) keep the keys in the data folder as before.
 */
export function secretsDirFromEnv(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.HALL_SECRETS_DIR ?? path.join(root, 'secrets'));
}

/** Creates the directory 0700 (or tightens an existing one). */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** Tightens a file to 0600 if it exists (a key or database written by an older version at 0644). */
export function tightenFile(file: string): void {
  if (existsSync(file) && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
}

export interface KeyFileOptions {
  /** Where the key is kept. */
  file: string;
  /** Where an older version kept it (data/id-hash.key): moved to `file` on first use. */
  legacyFile?: string;
  /** Told once when a legacy key was moved, so the operator knows (and can fix their backups). */
  onMoved?: (from: string, to: string) => void;
  bytes?: number;
}

/** Reads a base64 key file, moving a legacy one first or creating a new random key; the file is 0600. */
export function loadOrCreateKeyFile({ file, legacyFile, onMoved, bytes = 32 }: KeyFileOptions): Buffer {
  ensurePrivateDir(path.dirname(file));
  if (!existsSync(file) && legacyFile && path.resolve(legacyFile) !== path.resolve(file) && existsSync(legacyFile)) {
    moveFile(legacyFile, file);
    onMoved?.(legacyFile, file);
  }
  if (existsSync(file)) {
    tightenFile(file);
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  }
  const key = randomBytes(bytes);
  // wx: two processes starting at once must not each write their own key.
  try {
    writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    throw error;
  }
  return key;
}

/** rename, or copy and delete across file systems (a secrets directory on another mount). */
function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    copyFileSync(from, to);
    unlinkSync(from);
  }
  chmodSync(to, 0o600);
}
