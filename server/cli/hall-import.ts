import path from 'node:path';
import { openDatabase } from '../store/db.ts';
import { seedConfiguration } from '../queue/config-commands.ts';
import { ConfigFileError, loadHallFile } from '../store/hall-file.ts';
import { dataDir, fail } from './paths.ts';

/** npm run hall:import -- FILE: upserts departments, items, queues, windows, staff, devices and notices by code. Tickets are untouched. */
const file = process.argv[2];
if (!file) fail('Usage: npm run hall:import -- FILE.yaml');
try {
  const cfg = loadHallFile(path.resolve(file));
  const db = openDatabase({ dataDir: dataDir() });
  // Written with its `config.seeded` event, so the event log still rebuilds the hall.
  const { summary } = seedConfiguration(db, cfg, 'import');
  db.close();
  process.stdout.write(`Imported ${path.resolve(file)}: ${Object.entries(summary).map(([k, v]) => `${v} ${k}`).join(', ')}.\nRestart the hall server (or make the change in the admin console) for running screens to pick it up.\n`);
} catch (error) {
  if (error instanceof ConfigFileError) fail(`Nothing was imported.\n${error.message}`, 78);
  throw error;
}
