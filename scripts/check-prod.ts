/**
 * npm run check:prod: the built tree runs with production dependencies only.
 *
 * Hall server: dist/, package.json, package-lock.json and config/ are copied into a temporary
 * folder, `npm ci --omit=dev` installs there, and `node dist/server/main.js` starts on a free port
 * of 127.0.0.1 with a temporary HALL_DATA_DIR, in production mode. Checked: the first admin set up by
 * `node dist/server/cli/setup.js`, /api/health, the public demo token refused, K1's token issued by the
 * admin, a kiosk page and one of its assets, a ticket issued by K1 with that token.
 *
 * Device agent: dist/agent, dist/drivers, dist/contract and agent/package.json (as package.json) are
 * copied into another folder, `npm install --omit=dev` installs there; checked: no server package
 * is installed, `node dist/agent/main.js --help` answers, and the agent started against the server
 * above registers a simulated printer.
 *
 * Needs `npm run build` first. Flags: --keep (leave the folders), --full-install (see below). The copy of config/hall.yaml opens the demo hall all day, every day,
 * so that the ticket can be issued whenever this runs; nothing else in it changes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { ROOT } from '../server/ui-build.ts';

const HOST = '127.0.0.1';
/** Packages that belong to the hall server or to development, never to the agent. */
const NOT_IN_AGENT = ['express', 'better-sqlite3', 'socket.io', 'prom-client', 'pino-http', 'vite', 'tsx', 'typescript', 'vitest'];
/** devDependencies that must not come with `--omit=dev`. */
const DEV_ONLY = ['tsx', 'vite', 'typescript', 'vitest', 'dependency-cruiser', 'happy-dom', 'playwright-core'];
const keep = process.argv.includes('--keep');
/**
 * By default the native addons (better-sqlite3, …) are not compiled again: `npm ci --omit=dev` runs
 * with --ignore-scripts and each addon's build/ of the same version is taken from this checkout, whose
 * own `npm ci` built it for this Node. --full-install runs every install script instead (minutes
 * without a prebuilt download).
 */
const fullInstall = process.argv.includes('--full-install');

const log = (message: string) => process.stdout.write(`${message}\n`);
function fail(message: string): never {
  throw new Error(message);
}

const children: ChildProcess[] = [];
const temps: string[] = [];

/** The environment of a production process: no tsx loader or dev PATH inherited from npm run. */
function prodEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? os.tmpdir(), NODE_ENV: 'production', LOG_LEVEL: 'warn', ...extra };
  for (const key of ['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']) if (process.env[key]) env[key] = process.env[key];
  return env;
}

function npm(cwd: string, args: string[]): void {
  log(`  npm ${args.join(' ')}`);
  const r = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) fail(`npm ${args.join(' ')} failed in ${cwd} (exit ${r.status ?? r.signal})`);
}

/** `npm ci`/`npm install` with production dependencies only (see fullInstall). */
function installProd(dir: string, command: 'ci' | 'install'): void {
  if (fullInstall) {
    npm(dir, [command, '--omit=dev']);
    return;
  }
  npm(dir, [command, '--omit=dev', '--ignore-scripts']);
  const lock = JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; hasInstallScript?: boolean; optional?: boolean }> };
  const rebuild: { name: string; optional: boolean }[] = [];
  for (const [where, meta] of Object.entries(lock.packages)) {
    if (!meta.hasInstallScript || !where || !existsSync(path.join(dir, where))) continue;
    const name = where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const ours = path.join(ROOT, 'node_modules', name);
    const oursVersion = existsSync(path.join(ours, 'package.json')) ? (JSON.parse(readFileSync(path.join(ours, 'package.json'), 'utf8')) as { version?: string }).version : undefined;
    if (oursVersion === meta.version && existsSync(path.join(ours, 'build'))) {
      cpSync(path.join(ours, 'build'), path.join(dir, where, 'build'), { recursive: true });
      log(`  ${name}@${meta.version}: native build taken from this checkout`);
    } else if (existsSync(path.join(dir, where, 'prebuilds'))) log(`  ${name}@${meta.version}: prebuilt binaries in the package`);
    else rebuild.push({ name, optional: meta.optional === true });
  }
  for (const { name, optional } of rebuild) {
    log(`  npm rebuild ${name}`);
    const r = spawnSync('npm', ['rebuild', name, '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
    if (r.status !== 0 && !optional) fail(`npm rebuild ${name} failed in ${dir}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const address = s.address();
      s.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function start(name: string, cwd: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  child.once('exit', (code, signal) => {
    if (code !== null && code !== 0) out += `\n[${name} exited with ${code}]`;
    else if (signal && signal !== 'SIGTERM') out += `\n[${name} killed by ${signal}]`;
  });
  children.push(child);
  return { child, output: () => out };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, output: () => string, process?: ChildProcess): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (process && (process.exitCode !== null || process.signalCode !== null)) fail(`the process exited while waiting for ${what}\n--- output ---\n${output()}`);
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}\n--- output ---\n${output()}`);
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

function assertBuilt(): void {
  const missing = ['dist/server/main.js', 'dist/agent/main.js', 'dist/ui/.built'].filter((p) => !existsSync(path.join(ROOT, p)));
  if (missing.length) fail(`not built: ${missing.join(', ')}. Run \`npm run build\` first.`);
}

function demoToken(hallYaml: string, code: string): string {
  const doc = parseDocument(hallYaml).toJS() as { devices?: { code: string; demoToken?: string }[] };
  const token = doc.devices?.find((d) => d.code === code)?.demoToken;
  return token ?? fail(`config/hall.yaml has no demoToken for device ${code}`);
}

/** The copied hall opens 00:00–23:59 every day with no holidays, so the kiosk check never meets a closed hall. */
function openAllDay(file: string): void {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['hall', 'hours', 'weekly'], doc.createNode([{ days: [1, 2, 3, 4, 5, 6, 7], periods: [{ start: '00:00', end: '23:59' }] }]));
  doc.setIn(['hall', 'hours', 'holidays'], doc.createNode([]));
  writeFileSync(file, doc.toString());
}

type Started = { url: string; output: () => string; child: ChildProcess; cookie: string };

/** The first admin `node dist/server/cli/setup.js` sets up (production mode seeds no demo password). */
const ADMIN = { badge: 'check01', name: '检查员', password: 'Prod-check-Lancang-2026' };

/** A change signed in as the admin: with the server's own Origin, as its pages send. */
async function asAdmin(url: string, cookie: string, method: string, p: string, body: unknown = {}): Promise<Response> {
  return fetch(`${url}${p}`, { method, headers: { 'content-type': 'application/json', cookie, origin: url }, body: JSON.stringify(body) });
}

async function checkServer(): Promise<Started> {
  log('== hall server: built tree with production dependencies only');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hallq-prod-'));
  temps.push(dir);
  for (const p of ['dist', 'package.json', 'package-lock.json', 'config']) cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  installProd(dir, 'ci');
  const devInstalled = DEV_ONLY.filter((p) => existsSync(path.join(dir, 'node_modules', p)));
  if (devInstalled.length) fail(`npm ci --omit=dev installed devDependencies: ${devInstalled.join(', ')}`);

  const hallYaml = readFileSync(path.join(dir, 'config', 'hall.yaml'), 'utf8');
  openAllDay(path.join(dir, 'config', 'hall.yaml'));
  const port = await freePort();
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir);
  // Production mode: the database is seeded without the demo secrets; the first admin comes from the setup command.
  const setup = spawnSync(process.execPath, [path.join(dir, 'dist', 'server', 'cli', 'setup.js'), '--badge', ADMIN.badge, '--name', ADMIN.name], {
    cwd: dir,
    env: prodEnv({ HALL_DATA_DIR: dataDir, HALL_SETUP_PASSWORD: ADMIN.password }),
    encoding: 'utf8',
  });
  if (setup.status !== 0) fail(`node dist/server/cli/setup.js: exit ${setup.status}\n${setup.stdout}${setup.stderr}`);
  log(`  setup: ${setup.stdout.trim().split('\n').pop()}`);
  // No HALL_CONFIG, HALL_DEVICES: the built server must find config/hall.yaml and config/devices.yaml itself.
  const server = start('server', dir, [path.join(dir, 'dist', 'server', 'main.js')], prodEnv({ PORT: String(port), HOST, HALL_DATA_DIR: dataDir }));
  const url = `http://${HOST}:${port}`;

  const health = await until('/api/health', async () => {
    const r = await fetch(`${url}/api/health`);
    return r.ok ? ((await r.json()) as unknown) : undefined;
  }, 60_000, server.output, server.child);
  log(`  /api/health: ${JSON.stringify(health)}`);

  // The public demo token does not work in production; the admin issues K1 its own.
  const demo = await fetch(`${url}/api/kiosk/tickets`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${demoToken(hallYaml, 'K1')}` }, body: JSON.stringify({ queue: 'ZHSL' }) });
  if (demo.status !== 401) fail(`the demo kiosk token answered ${demo.status} in production mode (expected 401)`);
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ badge: ADMIN.badge, password: ADMIN.password }) });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (!login.ok || !cookie) fail(`admin login answered ${login.status}`);
  const issued = await asAdmin(url, cookie, 'POST', '/api/admin/devices/K1/token');
  const kioskToken = ((await issued.json()) as { token?: string }).token ?? fail(`issuing K1's token answered ${issued.status}`);
  log(`  demo token refused (401), admin ${ADMIN.badge} signed in, K1 issued a token`);
  const page = await fetch(`${url}/kiosk?token=${kioskToken}`);
  const html = await page.text();
  if (!page.ok || !(page.headers.get('content-type') ?? '').includes('text/html')) fail(`/kiosk answered ${page.status} ${page.headers.get('content-type')}`);
  const asset = /(?:src|href)="(\/assets\/[^"]+)"/.exec(html)?.[1];
  if (!asset) fail(`/kiosk is not the built page (no /assets/ reference):\n${html.slice(0, 400)}`);
  const assetResponse = await fetch(`${url}${asset}`);
  if (!assetResponse.ok) fail(`${asset} answered ${assetResponse.status}`);
  log(`  /kiosk: ${page.status} text/html, ${asset} ${assetResponse.status}`);

  const issue = await fetch(`${url}/api/kiosk/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${kioskToken}` },
    body: JSON.stringify({ queue: 'ZHSL' }),
  });
  const ticket = (await issue.json()) as { ticket?: { number?: string; id?: string }; number?: string; error?: unknown };
  if (!issue.ok) fail(`kiosk ticket issue answered ${issue.status}: ${JSON.stringify(ticket)}`);
  log(`  POST /api/kiosk/tickets: ${issue.status}, ticket ${ticket.ticket?.number ?? ticket.number ?? JSON.stringify(ticket).slice(0, 120)}`);
  const migrations = existsSync(path.join(dataDir, 'hallq.db'));
  if (!migrations) fail(`no database in ${dataDir}`);
  return { url, output: server.output, child: server.child, cookie };
}

async function checkAgent(server: Started): Promise<void> {
  log('== device agent: dist/agent, dist/drivers, dist/contract with agent/package.json only');
  const agentPackage = path.join(ROOT, 'agent', 'package.json');
  if (!existsSync(agentPackage)) fail('agent/package.json is missing');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hallq-agent-'));
  temps.push(dir);
  for (const folder of ['agent', 'drivers', 'contract']) cpSync(path.join(ROOT, 'dist', folder), path.join(dir, 'dist', folder), { recursive: true });
  cpSync(agentPackage, path.join(dir, 'package.json'));
  const lock = path.join(ROOT, 'agent', 'package-lock.json');
  if (existsSync(lock)) {
    cpSync(lock, path.join(dir, 'package-lock.json'));
    installProd(dir, 'ci');
  } else installProd(dir, 'install');
  const present = NOT_IN_AGENT.filter((p) => existsSync(path.join(dir, 'node_modules', p)));
  if (present.length) fail(`the agent install brought server or dev packages: ${present.join(', ')}`);

  const main = path.join(dir, 'dist', 'agent', 'main.js');
  const help = spawnSync(process.execPath, [main, '--help'], { cwd: dir, env: prodEnv({}), encoding: 'utf8' });
  if (help.status !== 0 || !help.stdout.includes('--server')) fail(`node dist/agent/main.js --help: exit ${help.status}\n${help.stdout}${help.stderr}`);
  log(`  --help: ${help.stdout.trim().split('\n')[0]}`);

  const devicesFile = path.join(dir, 'devices.yaml');
  writeFileSync(devicesFile, 'devices:\n  - { id: CHECK-printer, kind: printer, kiosk: K2, transport: { simulated: true } }\n');
  const issued = await asAdmin(server.url, server.cookie, 'POST', '/api/admin/devices/A1/token');
  const agentToken = ((await issued.json()) as { token?: string }).token ?? fail(`issuing A1's token answered ${issued.status}`);
  const agent = start('agent', dir, [main, '--server', server.url, '--devices', devicesFile], prodEnv({ HALLQ_AGENT_TOKEN: agentToken }));
  const cookie = server.cookie;
  const device = await until('the agent to register its simulated printer', async () => {
    const r = await fetch(`${server.url}/api/devices`, { headers: { cookie } });
    const body = (await r.json()) as { devices?: { device: string; state: string }[] };
    return body.devices?.find((d) => d.device.endsWith('CHECK-printer') && d.state === 'ready');
  }, 30_000, () => `${agent.output()}\n--- server ---\n${server.output()}`, agent.child);
  log(`  registered: ${device.device} ${device.state}`);
  await stop(agent.child);
}

let ok = false;
try {
  assertBuilt();
  const server = await checkServer();
  await checkAgent(server);
  const code = await stop(server.child);
  if (code !== 0) fail(`the server exited with ${code} on SIGTERM\n${server.output()}`);
  log('  server stopped cleanly on SIGTERM');
  ok = true;
  log('== prod check passed');
} catch (error) {
  process.stderr.write(`== prod check FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  for (const child of children) await stop(child);
  if (keep) log(`kept: ${temps.join(' ')}`);
  else for (const dir of temps) rmSync(dir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
