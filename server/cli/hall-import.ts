import path from 'node:path';
import { openDatabase } from '../store/db.ts';
import { isHallConfigured, readHallConfig } from '../store/hall-config-store.ts';
import { seedConfiguration } from '../queue/config-commands.ts';
import { ConfigFileError, loadHallFile } from '../store/hall-file.ts';
import { withoutDemoSecrets } from '../auth/config-secrets.ts';
import { isProduction } from '../production.ts';
import { dataDir, fail } from './paths.ts';

/**
 * npm run hall:import -- FILE: upserts departments, items, queues, windows, staff, devices and notices by
 * code. Tickets are untouched. A device already in the database keeps its token (a demoToken only
 * applies to a new device); in production mode the file's demo tokens and plain passwords are dropped
 * altogether (new staff are locked until an admin sets a password, new devices get tokens in the console).
 */
const file = process.argv[2];
if (!file) fail('Usage: npm run hall:import -- FILE.yaml');
try {
  const db = openDatabase({ dataDir: dataDir() });
  const production = isProduction();
  const loaded = loadHallFile(path.resolve(file));
  const existing = new Set(isHallConfigured(db) ? readHallConfig(db).staff.map((s) => s.badge) : []);
  const cfg = production ? withoutDemoSecrets(loaded, existing) : loaded;
  // Written with its `config.seeded` event, so the event log still rebuilds the hall.
  const { summary } = seedConfiguration(db, cfg, 'import');
  db.close();
  if (production) process.stdout.write('Production mode: demo tokens and plain passwords in the file were not imported.\n');
  process.stdout.write(`Imported ${path.resolve(file)}: ${Object.entries(summary).map(([k, v]) => `${v} ${k}`).join(', ')}.\nRestart the hall server (or make the change in the admin console) for running screens to pick it up.\n`);
} catch (error) {
  if (error instanceof ConfigFileError) fail(`Nothing was imported.\n${error.message}`, 78);
  throw error;
}
