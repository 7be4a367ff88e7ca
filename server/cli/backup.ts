import path from 'node:path';
import { existsSync } from 'node:fs';
import { openDatabase } from '../store/db.ts';
import { backupDatabase, BACKUP_DIR } from '../store/backup.ts';
import { secretsDirFromEnv } from '../auth/secrets-dir.ts';
import { ROOT } from '../ui-build.ts';
import { dataDir, fail } from './paths.ts';

/** npm run backup [-- FILE]: an online backup; the hall may keep running. */
const dir = dataDir();
if (!existsSync(path.join(dir, 'hallq.db'))) fail(`No database in ${dir}. Set HALL_DATA_DIR to the hall's data folder.`);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const target = path.resolve(process.argv[2] ?? path.join(dir, BACKUP_DIR, `hallq-manual-${stamp}.db`));
const db = openDatabase({ dataDir: dir });
await backupDatabase(db, target);
db.close();
process.stdout.write(`Backup written: ${target}\n`);
// The keys are not in it, on purpose: a stolen backup alone gives no ID numbers and no webhook secrets.
process.stdout.write(`It holds no key: back up the secrets directory (${secretsDirFromEnv(ROOT)}) separately.\n`);
