import { openDatabase } from '../store/db.ts';
import { verifyAuditChain } from '../audit/audit-log.ts';
import { dataDir } from './paths.ts';

/** npm run audit:verify: walks the hash chain; exit 0 when intact, 1 naming the first broken link. */
const db = openDatabase({ dataDir: dataDir() });
const result = verifyAuditChain(db);
db.close();
if (result.ok) process.stdout.write(`Audit log intact: ${result.rows} entries verified.\n`);
else {
  process.stderr.write(`Audit log BROKEN at entry ${result.brokenAt}: ${result.problem}\n`);
  process.exit(1);
}
