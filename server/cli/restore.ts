import path from 'node:path';
import { systemClock } from '../common/clock.ts';
import { dataDir, fail } from './paths.ts';
import { restoreHall } from './restore-hall.ts';

/**
 * npm run restore -- BACKUP_FILE: with the hall server stopped, puts the backup in place of the hall
 * database (the replaced files move to data/replaced-<time>/) and moves every queue's numbering past
 * what the hall may have printed since the backup, so no number on a citizen's ticket is issued twice.
 */
const file = process.argv[2];
if (!file) fail('Usage: npm run restore -- BACKUP_FILE   (stop the hall server first)');
try {
  const dir = dataDir();
  const r = await restoreHall({ dataDir: dir, backupFile: path.resolve(file), clock: systemClock });
  const lines = [
    `Restored ${path.resolve(file)} into ${dir}.`,
    r.replacedDir ? `The replaced database files are in ${r.replacedDir}.` : 'There was no database to replace.',
    `Backup's last event: ${r.backupAt ?? '(none)'}. Numbering for ${r.day} ${r.basis === 'replaced-database' ? 'continues from the replaced database (exact)' : 'was moved past an estimate of what was printed since the backup'}:`,
    ...r.advances.map((a) => `  ${a.queue}: ${a.from} -> next ticket ${a.to + 1}`),
    'Start the hall server, then run npm run audit:verify.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} catch (error) {
  fail(`Nothing was restored: ${(error as Error).message}`);
}
