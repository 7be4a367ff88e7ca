import { existsSync } from 'node:fs';
import path from 'node:path';
import type { HallConfig } from '../contract/config.ts';
import { demoSecretsInUse, type DemoSecretsInUse } from './auth/config-secrets.ts';
import type { Db } from './store/db.ts';
import { isHallConfigured } from './store/hall-config-store.ts';
import { loadHallFile } from './store/hall-file.ts';
import { SessionStore } from './store/session-store.ts';

/**
 * Production mode (NODE_ENV=production): the hall runs on real accounts and device tokens only. The
 * demo secrets in a configuration file are public (the shipped config/hall.yaml is in every copy of
 * HallQ), so production seeds without them and refuses to start while the database still holds one.
 */
export const isProduction = (env: NodeJS.ProcessEnv = process.env): boolean => env.NODE_ENV === 'production';

/** The configuration files whose plain passwords and demo tokens count as public: the hall's own and the shipped demo. */
export function demoSources(configFile: string, root: string): HallConfig[] {
  const files = [...new Set([path.resolve(configFile), path.resolve(root, 'config', 'hall.yaml')])].filter((f) => existsSync(f));
  const sources: HallConfig[] = [];
  for (const f of files) {
    try {
      sources.push(loadHallFile(f));
    } catch {
      // A broken file is reported by the start-up itself; a broken demo file has no secrets to compare.
    }
  }
  return sources;
}

/** Production mode found demo secrets in use: the server does not start (main.ts prints the message, exit 78). */
export class DemoSecretsInUseError extends Error {
  constructor(readonly found: DemoSecretsInUse) {
    super(demoSecretsMessage(found));
    this.name = 'DemoSecretsInUseError';
  }
}

/** Throws DemoSecretsInUseError when a configured database still uses a demo password or token of `sources`. */
export async function refuseDemoSecrets(db: Db, sources: readonly HallConfig[]): Promise<void> {
  if (!isHallConfigured(db)) return; // an empty database is seeded without them
  const found = await demoSecretsInUse(new SessionStore(db), sources);
  if (found.staff.length || found.devices.length) throw new DemoSecretsInUseError(found);
}

const list = (items: readonly string[]) => (items.length > 8 ? `${items.slice(0, 8).join(', ')} … (${items.length})` : items.join(', '));

/** The refusal printed when production mode finds demo secrets: what was found and what to do. */
export function demoSecretsMessage(found: DemoSecretsInUse): string {
  return [
    'HallQ will not start in production mode: the database still uses the public demo secrets of the hall configuration.',
    ...(found.staff.length ? [`  staff accounts on their demo password: ${list(found.staff)}`] : []),
    ...(found.devices.length ? [`  devices on their demo token: ${list(found.devices)}`] : []),
    'Anyone who has read the configuration file could sign in with them or pose as those devices.',
    'To fix it:',
    '  1. npm run setup -- --lock-demo-secrets   (built: node dist/server/cli/setup.js --lock-demo-secrets)',
    '     locks those accounts and replaces those device tokens by ones nobody knows;',
    '  2. set up the first admin: npm run setup, or the /setup page the next start shows;',
    '  3. in the admin console set the staff passwords and issue each device its token (设备 → 签发令牌).',
    'For a demo hall, start without NODE_ENV=production.',
  ].join('\n');
}
