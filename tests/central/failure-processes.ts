/**
 * Real processes for the uplink failure tests: the centre (`central/main.ts`) and a hall with its
 * uplink (`failure-hall-child.ts`) as child processes on 127.0.0.1, and a TCP proxy in between that a
 * test cuts (a WAN outage) or points at a restarted centre.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

export interface Child {
  url: string;
  child: ChildProcess;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM (clean close), SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/** Spawns `args` under node + tsx and waits until a stdout line yields a URL through `urlOf`. */
async function spawnChild(args: string[], env: NodeJS.ProcessEnv, urlOf: (line: string) => string | undefined, what: string, timeoutMs = 60_000): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} gave no URL within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
      let buf = '';
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        buf += d;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          const url = urlOf(line);
          if (url) {
            clearTimeout(timer);
            resolve(url);
          }
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${what} exited early (${code ?? signal}); stderr: ${stderr}`));
      });
    });
    child.stdout!.resume();
    return {
      url,
      child,
      kill,
      async stop() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      },
    };
  } catch (error) {
    await kill();
    throw error;
  }
}

/** The central server (central/main.ts) over `databaseUrl`, demo county seeded, on 127.0.0.1 and a free port. */
export function spawnCentre(databaseUrl: string): Promise<Child> {
  return spawnChild(
    [path.join(root, 'central', 'main.ts')],
    { DATABASE_URL: databaseUrl, CENTRAL_PORT: '0', HOST: '127.0.0.1', CENTRAL_DEMO: 'true', LOG_LEVEL: 'info' },
    (line) => {
      try {
        const j = JSON.parse(line) as { msg?: string; url?: string };
        return j.msg === 'central platform ready' ? j.url : undefined;
      } catch {
        return undefined;
      }
    },
    'the central server',
  );
}

export interface HallChildOptions {
  dataDir: string;
  /** A demo hall code (registered at the centre by the demo seed). */
  code: string;
  uplinkUrl: string;
  token: string;
  /** Simulated seconds per real second of the hall's clock (default 1). */
  speed?: number;
  /** The hall clock's start (ISO); default now. */
  start?: string;
}

/** A hall server with its uplink (failure-hall-child.ts) in a child process. */
export function spawnHall(o: HallChildOptions): Promise<Child> {
  return spawnChild(
    [path.join(here, 'failure-hall-child.ts'), o.dataDir, o.code, String(o.speed ?? 1), o.start ?? new Date().toISOString()],
    { HALL_UPLINK_URL: o.uplinkUrl, HALL_UPLINK_TOKEN: o.token, LOG_LEVEL: 'silent' },
    (line) => {
      try {
        return (JSON.parse(line) as { url?: string }).url;
      } catch {
        return undefined;
      }
    },
    'the hall server',
  );
}

/** A TCP proxy on 127.0.0.1: hall → proxy → centre. `cut()` is a WAN outage: open connections die, new ones are dropped. */
export class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private cutOff = false;
  port = 0;

  constructor(private targetPort: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((client) => {
      if (this.cutOff) return client.destroy();
      const upstream = connect(this.targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  cut(): void {
    this.cutOff = true;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.cutOff = false;
  }

  /** Points new connections at another port (a restarted centre). */
  retarget(port: number): void {
    this.targetPort = port;
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export const portOf = (url: string): number => Number(new URL(url).port);

/** The hall's events as its SQLite file holds them (read-only beside the running hall, WAL allows it). */
export function hallEvents(dataDir: string): { seq: number; type: string; ticket: string | null }[] {
  const db = new Database(path.join(dataDir, 'hallq.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT seq, type, ticket_id AS ticket FROM events ORDER BY seq').all() as { seq: number; type: string; ticket: string | null }[];
  } finally {
    db.close();
  }
}

export function hallTicketCount(dataDir: string): number {
  const db = new Database(path.join(dataDir, 'hallq.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

export interface HallHealth {
  seq: number;
  uplink?: { state: string; connected: boolean; lagEvents: number; highWater: number; lastAckAt: string | null; error: { code: string; message: string } | null };
}

export async function hallHealth(url: string): Promise<HallHealth> {
  return (await (await fetch(`${url}/api/health`)).json()) as HallHealth;
}

export const KIOSK = 'kiosk-token-0000000001';

/** Takes a ticket at the hall's kiosk over HTTP; resolves with the status. */
export async function takeTicket(url: string, queue = 'QA'): Promise<number> {
  const res = await fetch(`${url}/api/kiosk/tickets`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KIOSK}` }, body: JSON.stringify({ queue }) });
  await res.arrayBuffer();
  return res.status;
}

export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000, detail: () => unknown = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${JSON.stringify(await detail())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
