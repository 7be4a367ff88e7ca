/**
 * npm run build: the production build into dist/.
 *   dist/server, dist/agent, dist/drivers, dist/contract   tsc (tsconfig.build.json), .ts imports rewritten to .js
 *   + every non-TypeScript file those folders read at run time (server/store/migrations/*.sql, …)
 *   dist/ui                                               Vite multi-page build of the UIs
 * Then `node dist/server/main.js` runs the hall and `node dist/agent/main.js` the device agent,
 * with neither tsx nor Vite.
 *
 *   tsx scripts/build.ts              everything, type-checked
 *   tsx scripts/build.ts --if-stale   only the parts whose sources changed since their last build,
 *                                     emitted without a type check (npm start; `npm run typecheck` checks)
 *   tsx scripts/build.ts --no-check   everything, without the type check
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, ensureUiBuilt, newestMtime, uiBuildStale } from '../server/ui-build.ts';

/** The folders compiled to JavaScript (tsconfig.build.json "include"). */
const NODE_FOLDERS = ['server', 'drivers', 'contract', 'agent'];
/** Besides the folders, what the compiled output depends on. */
const NODE_INPUTS = ['tsconfig.base.json', 'tsconfig.node.json', 'tsconfig.build.json'];
/** Source-only files, not copied next to the JavaScript. */
const NOT_ASSETS = /\.(ts|tsx|mts|cts)$|(^|\/)README\.md$/;
const DIST = path.join(ROOT, 'dist');
const NODE_MARKER = path.join(DIST, '.built-node');

const args = new Set(process.argv.slice(2));
const ifStale = args.has('--if-stale');
const check = !ifStale && !args.has('--no-check');
const log = (message: string) => process.stdout.write(`${message}\n`);

function nodeBuildStale(): boolean {
  if (!existsSync(NODE_MARKER)) return true;
  const built = statSync(NODE_MARKER).mtimeMs;
  return [...NODE_FOLDERS, ...NODE_INPUTS].some((p) => newestMtime(path.join(ROOT, p)) > built);
}

/** Copies every runtime asset (not TypeScript, not a README) of `folder` into dist/, same relative path. */
function copyAssets(folder: string): number {
  let copied = 0;
  const walk = (rel: string) => {
    const abs = path.join(ROOT, rel);
    if (!existsSync(abs)) return;
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const child = path.posix.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && !NOT_ASSETS.test(child)) {
        mkdirSync(path.join(DIST, rel), { recursive: true });
        copyFileSync(path.join(ROOT, child), path.join(DIST, child));
        copied += 1;
      }
    }
  };
  walk(folder);
  return copied;
}

function buildNode(check: boolean): void {
  log(`compiling ${NODE_FOLDERS.join(', ')} into dist/ (tsc${check ? '' : ', no type check'})…`);
  for (const folder of NODE_FOLDERS) rmSync(path.join(DIST, folder), { recursive: true, force: true });
  rmSync(NODE_MARKER, { force: true });
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), ...(check ? [] : ['--noCheck'])], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`tsc failed (exit ${r.status ?? r.signal}); nothing was marked as built.\n`);
    process.exit(1);
  }
  const assets = NODE_FOLDERS.reduce((n, folder) => n + copyAssets(folder), 0);
  if (!existsSync(path.join(DIST, 'server', 'main.js'))) {
    process.stderr.write('tsc wrote no dist/server/main.js: check tsconfig.build.json.\n');
    process.exit(1);
  }
  writeFileSync(NODE_MARKER, new Date().toISOString());
  log(`  ${assets} runtime asset(s) copied`);
}

if (!ifStale || nodeBuildStale()) buildNode(check);
if (!ifStale || uiBuildStale()) {
  await ensureUiBuilt(log, { force: true });
  log('  dist/ui built');
}
