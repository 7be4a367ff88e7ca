import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AuditLog } from '../audit/audit-log.ts';
import { demoSecretsInUse, withoutDemoSecrets } from '../auth/config-secrets.ts';
import { systemClock } from '../common/clock.ts';
import { DomainError } from '../common/errors.ts';
import { seedConfiguration } from '../queue/config-commands.ts';
import { SYSTEM } from '../queue/core.ts';
import { QueueEngine } from '../queue/engine.ts';
import { openDatabase } from '../store/db.ts';
import { isHallConfigured } from '../store/hall-config-store.ts';
import { ConfigFileError, loadHallFile } from '../store/hall-file.ts';
import { SessionStore } from '../store/session-store.ts';
import { createFirstAdmin, lockDemoSecrets, needsFirstAdmin } from '../usecases/first-run.ts';
import { demoSources, isProduction } from '../production.ts';
import { ROOT } from '../ui-build.ts';
import { dataDir, fail, hallConfigFile } from './paths.ts';

const USAGE = `Usage: npm run setup -- [--badge BADGE --name NAME] [--lock-demo-secrets]

Sets up the first admin of a hall whose database has no admin who can sign in (production mode seeds
the configuration's staff without their demo passwords). The password is read from HALL_SETUP_PASSWORD,
else asked for (or read from the first line of standard input when it is not a terminal); it must pass
the password policy (at least 10 characters, not the badge, not a common password).

  --lock-demo-secrets   lock every account still on a demo password of the configuration file and
                        replace every device token that is still a demo token (production mode refuses
                        to start until this is done); then set passwords and issue tokens in the console.

Run it with the hall server stopped, then start the server.`;

const { values } = parseArgs({
  options: {
    badge: { type: 'string' },
    name: { type: 'string' },
    'lock-demo-secrets': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

/** Lines of standard input, one at a time (a terminal: a prompt; a pipe: the next line). */
const lines = (() => {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const queue: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let ended = false;
  rl.on('line', (l) => (waiting.length ? waiting.shift()!(l) : queue.push(l)));
  rl.on('close', () => {
    ended = true;
    while (waiting.length) waiting.shift()!(undefined);
  });
  return {
    next(prompt: string): Promise<string | undefined> {
      if (process.stdin.isTTY) process.stdout.write(prompt);
      if (queue.length) return Promise.resolve(queue.shift());
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () => rl.close(),
  };
})();

/** A password typed at a terminal, not echoed (raw mode); Ctrl-C ends the command. */
async function hiddenLine(prompt: string): Promise<string> {
  lines.close();
  process.stdout.write(prompt);
  process.stdin.setRawMode(true);
  process.stdin.resume();
  let typed = '';
  try {
    for await (const chunk of process.stdin) {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n') return typed;
        if (ch === '\u0003') process.exit(130);
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
    }
    return typed;
  } finally {
    process.stdin.setRawMode(false);
    process.stdin.pause();
    process.stdout.write('\n');
  }
}

const production = isProduction();
const configFile = hallConfigFile();
const db = openDatabase({ dataDir: dataDir() });
try {
  if (!isHallConfigured(db)) {
    // The same first seed as the server's: in production without the demo secrets.
    const cfg = loadHallFile(configFile);
    seedConfiguration(db, production ? withoutDemoSecrets(cfg) : cfg, 'seed', SYSTEM, new Date());
    process.stdout.write(`Seeded the empty database from ${configFile}${production ? ' (without its demo passwords and tokens)' : ''}.\n`);
  }
  const engine = new QueueEngine({ db, clock: systemClock });
  const ctx = { engine, audit: new AuditLog(db, systemClock) };

  if (values['lock-demo-secrets']) {
    const found = await demoSecretsInUse(new SessionStore(db), demoSources(configFile, ROOT));
    const done = lockDemoSecrets(ctx, found);
    process.stdout.write(
      done.staff.length || done.devices.length
        ? `Locked ${done.staff.length} account(s) on a demo password${done.staff.length ? ` (${done.staff.join(', ')})` : ''} and replaced ${done.devices.length} demo device token(s)${done.devices.length ? ` (${done.devices.join(', ')})` : ''}.\nIssue each device its token in the admin console (设备 → 签发令牌).\n`
        : 'No account or device uses a demo secret.\n',
    );
  }

  if (needsFirstAdmin(ctx)) {
    const badge = values.badge ?? (await lines.next('Admin badge (2–16 letters or digits): '))?.trim();
    const name = values.name ?? (await lines.next('Name: '))?.trim();
    const password =
      process.env.HALL_SETUP_PASSWORD ?? (process.stdin.isTTY ? await hiddenLine('Password (at least 10 characters, not shown): ') : await lines.next(''));
    if (!badge || !name || !password) fail(`A badge, a name and a password are needed.\n\n${USAGE}`, 64);
    try {
      await createFirstAdmin(ctx, 'console', { badge, name, password });
    } catch (error) {
      if (error instanceof DomainError) fail(`No admin was set up: ${error.message}`, 65);
      throw error;
    }
    process.stdout.write(`Admin ${badge} is set up: sign in at /admin. The first-run page is closed.\n`);
  } else if (values.badge) {
    fail('An admin who can sign in already exists: add or reset accounts in the admin console (工作人员).', 65);
  } else if (!values['lock-demo-secrets']) {
    process.stdout.write('An admin who can sign in already exists: nothing to set up.\n');
  }
  engine.stop();
} catch (error) {
  if (error instanceof ConfigFileError) fail(`Nothing was set up.\n${error.message}`, 78);
  throw error;
} finally {
  lines.close();
  if (db.open) db.close();
}
