import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHallServer } from './app.ts';
import { ConfigFileError, loadHallFile } from './store/hall-file.ts';
import { startBanner } from './banner.ts';
import type { HallConfig } from '../contract/config.ts';
import { createLogger } from './common/logger.ts';
import { ensureUiBuilt } from './ui-build.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = createLogger();

const configFile = path.resolve(process.env.HALL_CONFIG ?? path.join(root, 'config', 'hall.yaml'));

try {
  await ensureUiBuilt((m) => log.info(m));
  const server = await startHallServer({
    dataDir: path.resolve(process.env.HALL_DATA_DIR ?? path.join(root, 'data')),
    configFile,
    port: Number(process.env.PORT ?? 8080),
    host: process.env.HOST ?? '0.0.0.0',
    logger: log,
    backups: { keepDays: Number(process.env.HALL_BACKUP_KEEP_DAYS ?? 14) },
    ...(process.env.HALL_PUBLIC_URL ? { publicUrl: process.env.HALL_PUBLIC_URL } : {}),
  });
  // The seed file is read again only for its demo tokens; a hall without one gets plain URLs.
  let seed: HallConfig | undefined;
  try {
    seed = loadHallFile(configFile);
  } catch {
    seed = undefined;
  }
  process.stdout.write(`${startBanner(server.url, seed, server.ctx.engine.catalog.hall.name)}\n`);
  const stop = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigFileError) {
    process.stderr.write(`HallQ cannot start: the hall configuration is invalid.\n${error.message}\nFix the file and start again.\n`);
    process.exit(78); // EX_CONFIG: a supervisor (systemd) should not restart in a loop on this.
  }
  throw error;
}
