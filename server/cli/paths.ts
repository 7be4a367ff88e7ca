import path from 'node:path';
import { ROOT } from '../ui-build.ts';

/** The installation root, from source (server/cli) or built (dist/server/cli) alike. */
const root = ROOT;

/** The same defaults as `npm start`: ./data (or HALL_DATA_DIR) and config/hall.yaml (or HALL_CONFIG). */
export const dataDir = () => path.resolve(process.env.HALL_DATA_DIR ?? path.join(root, 'data'));
export const hallConfigFile = () => path.resolve(process.env.HALL_CONFIG ?? path.join(root, 'config', 'hall.yaml'));

export function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}
