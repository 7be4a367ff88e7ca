import type { HallConfig } from '../../contract/config.ts';
import type { HallConfigSecrets } from '../store/hall-config-store.ts';
import { hashDeviceToken } from './device-tokens.ts';
import { hashPassword } from './password.ts';

/**
 * The hashes of a configuration's plain demo secrets, for `writeHallConfig(db, cfg, now, secrets)`:
 * each staff member's `password` (when no `passwordHash` is given) and each device's `demoToken`.
 */
export function hallConfigSecrets(cfg: HallConfig): HallConfigSecrets {
  const passwordHashes = new Map<string, string>();
  for (const s of cfg.staff) if (s.passwordHash === undefined && s.password !== undefined) passwordHashes.set(s.badge, hashPassword(s.password));
  const deviceTokenHashes = new Map<string, string>();
  for (const d of cfg.devices) if (d.demoToken) deviceTokenHashes.set(d.code, hashDeviceToken(d.demoToken));
  return { passwordHashes, deviceTokenHashes };
}
