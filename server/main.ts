import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHallServer } from './app.ts';
import { ConfigFileError } from './store/hall-file.ts';
import { createLogger } from './logger.ts';
import { ensureUiBuilt } from './ui-build.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = createLogger();

try {
  await ensureUiBuilt((m) => log.info(m));
  const server = await startHallServer({
    dataDir: path.resolve(process.env.HALL_DATA_DIR ?? path.join(root, 'data')),
    configFile: path.resolve(process.env.HALL_CONFIG ?? path.join(root, 'config', 'hall.yaml')),
    port: Number(process.env.PORT ?? 8080),
    host: process.env.HOST ?? '0.0.0.0',
    logger: log,
    backups: { keepDays: Number(process.env.HALL_BACKUP_KEEP_DAYS ?? 14) },
    ...(process.env.HALL_PUBLIC_URL ? { publicUrl: process.env.HALL_PUBLIC_URL } : {}),
  });
  const hall = server.ctx.engine.catalog.hall;
  const lines = [
    ``,
    `  ${hall.name} — HallQ is running`,
    ``,
    `  Kiosk (取号机)         ${server.url}/kiosk`,
    `  Window terminal (窗口)  ${server.url}/window`,
    `  Hall display (大厅屏)   ${server.url}/display`,
    `  Window screen (窗口屏)  ${server.url}/display/window/1`,
    `  Admin (管理/督查)       ${server.url}/admin`,
    `  API                    ${server.url}/api/openapi.json`,
    ``,
    `  Demo logins: staff YN1001 / hallq123 · supervisor S001 / super123 · admin admin / admin123`,
    `  Device tokens for the demo kiosks and displays are in config/hall.yaml (devices[].demoToken).`,
    ``,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
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
