import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import webPush from 'web-push';
import { ensurePrivateDir, tightenFile } from '../auth/secrets-dir.ts';

export const VAPID_FILE = 'vapid.json';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * The hall's VAPID key pair (RFC 8292), which push services use to know the hall's messages come from
 * the hall that subscribed the browser. Made once into the secrets directory (0600, beside the other
 * keys); replacing it would silence every subscription already given out, so it is never rotated here.
 */
export function loadOrCreateVapidKeys(secretsDir: string): VapidKeys {
  ensurePrivateDir(secretsDir);
  const file = path.join(secretsDir, VAPID_FILE);
  const read = (): VapidKeys => {
    tightenFile(file);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<VapidKeys>;
    if (typeof parsed.publicKey !== 'string' || typeof parsed.privateKey !== 'string') throw new Error(`${VAPID_FILE} in the secrets directory is not a VAPID key pair`);
    return { publicKey: parsed.publicKey, privateKey: parsed.privateKey };
  };
  if (existsSync(file)) return read();
  const keys = webPush.generateVAPIDKeys();
  try {
    // wx: two processes starting at once must not each write their own pair.
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return read();
    throw error;
  }
  return keys;
}
