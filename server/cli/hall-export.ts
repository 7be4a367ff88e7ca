import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { openDatabase } from '../store/db.ts';
import { isHallConfigured, readHallConfig } from '../store/hall-config-store.ts';
import { dataDir, fail } from './paths.ts';

/** npm run hall:export [-- FILE]: the live configuration as YAML (password hashes, never passwords or device tokens). */
const db = openDatabase({ dataDir: dataDir() });
if (!isHallConfigured(db)) fail('The database has no hall configuration yet; start the server once or run hall:import.');
const text = `# Exported by HallQ on ${new Date().toISOString()}\n${stringify(readHallConfig(db), { lineWidth: 0 })}`;
db.close();
const out = process.argv[2];
if (out) {
  writeFileSync(path.resolve(out), text);
  process.stdout.write(`Written: ${path.resolve(out)}\n`);
} else process.stdout.write(text);
