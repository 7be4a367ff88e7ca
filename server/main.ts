import path from 'node:path';
import { startHallServer } from './app.ts';
import { secretsDirFromEnv } from './auth/secrets-dir.ts';
import { DemoSecretsInUseError, demoSources, isProduction } from './production.ts';
import { ConfigFileError, loadHallFile } from './store/hall-file.ts';
import { startBanner } from './banner.ts';
import type { HallConfig } from '../contract/config.ts';
import { createLogger } from './common/logger.ts';
import { FROM_SOURCE, ROOT, ensureUiBuilt, uiBundleMissing } from './ui-build.ts';
import { UplinkConfigError, uplinkFromEnv } from './uplink/env.ts';
import { PushConfigError } from './push/config.ts';

/** config/ and data/ are found from the installation root, whether this runs from source or from dist/server. */
const root = ROOT;
const log = createLogger();

const configFile = path.resolve(process.env.HALL_CONFIG ?? path.join(root, 'config', 'hall.yaml'));

// From source (npm run dev) the UIs are rebuilt when stale; the built server only serves dist/ui.
if (FROM_SOURCE) await ensureUiBuilt((m) => log.info(m));
else {
  const missing = uiBundleMissing();
  if (missing) {
    process.stderr.write(`HallQ cannot start: ${missing}\n`);
    process.exit(66); // EX_NOINPUT: a restart will not build it.
  }
}

const production = isProduction();
const dataDir = path.resolve(process.env.HALL_DATA_DIR ?? path.join(root, 'data'));

try {
  const uplink = uplinkFromEnv(process.env);
  const server = await startHallServer({
    dataDir,
    configFile,
    secretsDir: secretsDirFromEnv(root),
    // Production: seeded without the demo secrets, and no start while one is in use (production.ts).
    ...(production ? { production: { demoSources: demoSources(configFile, root) } } : {}),
    onSetupCode: (code) => process.stdout.write(`\n  Too many wrong setup codes: the first-run setup code is now ${code}\n`),
    port: Number(process.env.PORT ?? 8080),
    host: process.env.HOST ?? '0.0.0.0',
    logger: log,
    backups: { keepDays: Number(process.env.HALL_BACKUP_KEEP_DAYS ?? 14) },
    ...(process.env.HALL_PUBLIC_URL ? { publicUrl: process.env.HALL_PUBLIC_URL } : {}),
    ...(uplink ? { uplink } : {}),
  });
  // The seed file is read again only for its demo tokens (shown outside production only).
  let seed: HallConfig | undefined;
  try {
    seed = loadHallFile(configFile);
  } catch {
    seed = undefined;
  }
  const setup = server.firstRun.open() ? { code: server.firstRun.code } : undefined;
  process.stdout.write(`${startBanner(server.url, seed, server.ctx.engine.catalog.hall.name, { production, setup })}\n`);
  const stop = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  if (error instanceof UplinkConfigError || error instanceof PushConfigError) {
    process.stderr.write(`HallQ cannot start: ${error.message}\n`);
    process.exit(78);
  }
  if (error instanceof DemoSecretsInUseError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // a restart would not fix it
  }
  if (error instanceof RangeError && /^HALL_/.test(error.message)) {
    process.stderr.write(`HallQ cannot start: ${error.message}\n`);
    process.exit(78);
  }
  if (error instanceof ConfigFileError) {
    process.stderr.write(`HallQ cannot start: ${error.subject} is invalid.\n${error.message}\nFix the file and start again.\n`);
    process.exit(78); // EX_CONFIG: a supervisor (systemd) should not restart in a loop on this.
  }
  throw error;
}
