import { randomBytes } from 'node:crypto';
import type { HallConfig } from '../../contract/config.ts';
import type { HallConfigSecrets } from '../store/hall-config-store.ts';
import type { SessionStore } from '../store/session-store.ts';
import { hashDeviceToken } from './device-tokens.ts';
import { hashPassword, verifyPasswordAsync } from './password.ts';

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

/**
 * The password hash of an account seeded without its demo password: no password verifies against it
 * (it is not an scrypt hash), so the account cannot sign in until an admin sets a password (or, for the
 * first admin, the first-run page or `npm run setup` does).
 */
export const LOCKED_PASSWORD_HASH = 'locked$no-password-set';

/** Whether a stored hash is a real password (an account that can sign in). */
export const isUsablePasswordHash = (hash: string | undefined): boolean => hash !== undefined && hash.startsWith('scrypt$');

/**
 * A configuration as production mode seeds or imports it: no device keeps a `demoToken` (the admin
 * issues tokens in the console) and no staff member keeps a plain demo `password`. A member new to the
 * database is written locked; one already there keeps the password they have (the store never
 * overwrites a password from a plain one), so `existingBadges` says who is there.
 */
export function withoutDemoSecrets(cfg: HallConfig, existingBadges: ReadonlySet<string> = new Set()): HallConfig {
  return {
    ...cfg,
    devices: cfg.devices.map(({ demoToken: _t, ...d }) => d),
    staff: cfg.staff.map((s) => {
      if (s.passwordHash !== undefined || s.password === undefined) return s;
      const { password: _p, ...rest } = s;
      // An existing member's row keeps its password_hash: a placeholder the store hashes and drops.
      return existingBadges.has(s.badge) ? { ...rest, password: randomBytes(24).toString('base64url') } : { ...rest, passwordHash: LOCKED_PASSWORD_HASH };
    }),
  };
}

/** Plain demo secrets a configuration file carries (what production mode must not find in use). */
export function demoSecretsOf(cfg: HallConfig): { passwords: Map<string, string>; tokens: Map<string, string> } {
  const passwords = new Map<string, string>();
  for (const s of cfg.staff) if (s.password !== undefined) passwords.set(s.badge, s.password);
  const tokens = new Map<string, string>();
  for (const d of cfg.devices) if (d.demoToken) tokens.set(d.code, d.demoToken);
  return { passwords, tokens };
}

export interface DemoSecretsInUse {
  /** Badges whose password is still the one a configuration file gives in plain. */
  staff: string[];
  /** Devices whose token is still a configuration file's `demoToken`. */
  devices: string[];
}

/**
 * Which accounts and devices still use a public demo secret: the plain passwords and `demoToken`s of
 * the given configuration files (the shipped config/hall.yaml and the hall's own), checked against the
 * database. Each staff member is checked against the password the files give that badge (scrypt, about
 * 50 ms each, on the thread pool and in parallel), each token by its hash.
 */
export async function demoSecretsInUse(sessions: SessionStore, sources: readonly HallConfig[]): Promise<DemoSecretsInUse> {
  const staff = new Set<string>();
  const devices = new Set<string>();
  const checks: Promise<void>[] = [];
  for (const cfg of sources) {
    const { passwords, tokens } = demoSecretsOf(cfg);
    for (const [badge, password] of passwords) {
      const row = sessions.staffCredentials(badge);
      if (row) checks.push(verifyPasswordAsync(password, row.password_hash).then((same) => void (same && staff.add(badge))));
    }
    for (const token of tokens.values()) {
      const row = sessions.deviceByTokenHash(hashDeviceToken(token));
      if (row) devices.add(row.code);
    }
  }
  await Promise.all(checks);
  return { staff: [...staff].sort(), devices: [...devices].sort() };
}
