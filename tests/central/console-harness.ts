import { createCentral, type Central } from '../../central/app.ts';
import { centralPages } from '../../central/console/pages.ts';
import { attachCentralRealtime, type CentralRealtime } from '../../central/realtime/attach.ts';
import { DEMO_USERS } from '../../central/seed/demo.ts';
import type { UplinkBatch } from '../../contract/central/uplink.ts';
import type { ConsoleEvent } from '../../contract/central/console.ts';
import { HallEvent as HallEventSchema, type HallEvent } from '../../contract/events.ts';
import { ConsoleStream } from '../../central-ui/lib/console-stream.ts';

/**
 * A central instance with its console (Socket.IO `/console`, optionally on Redis) and the central
 * pages, over a given test database; helpers to sign in, post uplink batches over HTTP, and follow
 * the console from Node with the browser's own ConsoleStream.
 */
export interface ConsoleInstance {
  central: Central;
  realtime: CentralRealtime;
  url: string;
  login(username: string): Promise<string>;
  post(token: string, hall: string, events: readonly HallEvent[], epoch?: string): Promise<{ status: number; body: unknown }>;
  stop(): Promise<void>;
}

export async function startConsoleInstance(databaseUrl: string, opts: { redisUrl?: string; redisQueueMax?: number; tickMs?: number; maxReplay?: number } = {}): Promise<ConsoleInstance> {
  const central = await createCentral({ databaseUrl, port: 0, host: '127.0.0.1', demo: true, extend: (app) => centralPages(app) });
  const realtime = await attachCentralRealtime({
    http: central.httpServer,
    pool: central.pool,
    bus: central.bus,
    tickMs: opts.tickMs ?? 300,
    revalidateMs: 500,
    log: { warn: (obj: object, msg: string) => console.warn(`[console ${central.instance}] ${msg}`, obj) },
    ...(opts.redisUrl ? { redisUrl: opts.redisUrl } : {}),
    ...(opts.maxReplay ? { maxReplay: opts.maxReplay } : {}),
    ...(opts.redisQueueMax ? { redisQueueMax: opts.redisQueueMax } : {}),
  });
  return {
    central,
    realtime,
    url: central.url,
    async login(username) {
      const user = DEMO_USERS.find((u) => u.username === username);
      if (!user) throw new Error(`no demo user ${username}`);
      const res = await fetch(`${central.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: user.password }) });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    },
    async post(token, hall, events, epoch = 'epoch-1') {
      const batch: UplinkBatch = { hall, epoch, events: [...events] };
      const res = await fetch(`${central.url}/api/uplink/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(batch) });
      return { status: res.status, body: await res.json().catch(() => undefined) };
    },
    async stop() {
      const t0 = Date.now();
      await realtime.close();
      const t1 = Date.now();
      await central.close();
      if (Date.now() - t0 > 2000) console.warn(`[console ${central.instance}] slow stop: realtime ${t1 - t0} ms, central ${Date.now() - t1} ms`);
    },
  };
}

export const demoToken = (hall: string): string => `demo-hall-token-${hall}`;

/** A console followed from Node: every event it was given, and its state. */
export interface ConsoleWatcher {
  stream: ConsoleStream;
  events: ConsoleEvent[];
  refused: { code: string; message: string }[];
  snapshots: number;
  close(): void;
}

export function watchConsole(url: string, cookie: string | null, extraHeaders: Record<string, string> = {}): ConsoleWatcher {
  const events: ConsoleEvent[] = [];
  const refused: { code: string; message: string }[] = [];
  const watcher: ConsoleWatcher = {
    stream: undefined as unknown as ConsoleStream,
    events,
    refused,
    snapshots: 0,
    close: () => watcher.stream.close(),
  };
  watcher.stream = new ConsoleStream({
    url,
    socket: { extraHeaders: { ...(cookie ? { cookie } : {}), ...extraHeaders }, reconnectionDelay: 100, reconnectionDelayMax: 500 },
    onEvent: (e) => events.push(e),
    onRefused: (code, message) => refused.push({ code, message }),
    onSnapshot: () => watcher.snapshots++,
  });
  return watcher;
}

/** Polls `check` until it returns true, failing with `what` after the deadline. */
export async function until(what: string, check: () => boolean | Promise<boolean>, deadlineMs = 15_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out after ${deadlineMs} ms waiting for: ${what}`);
}

/**
 * `n` tickets issued at a hall and still waiting, spread from `minutesAgo` minutes ago to now,
 * continuing its log after `afterSeq` (the scripted days serve every ticket at once, so nobody waits
 * at their end). The last one is issued now, as a hall posts its events when they happen: the console
 * reads the hall's clock from its newest event.
 */
export function waitingTickets(hall: string, afterSeq: number, n: number, minutesAgo: number, day: string, queue = 'QA'): HallEvent[] {
  const out: HallEvent[] = [];
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.now() - (minutesAgo * 60_000 * (n - 1 - i)) / Math.max(1, n - 1)).toISOString();
    const number = `${queue === 'QA' ? 'A' : 'C'}${String(500 + afterSeq + i).padStart(3, '0')}`;
    out.push(
      HallEventSchema.parse({
        v: 1,
        seq: afterSeq + i + 1,
        type: 'ticket.issued',
        at,
        day,
        hall,
        actor: { kind: 'device', id: 'K1' },
        window: null,
        data: {},
        waiting: { [queue]: i + 1 },
        ticket: {
          id: `${hall}-${day}-w${afterSeq + i}`, day, number, queue, item: null, source: 'kiosk', priority: 'normal', greenReason: null, proxy: false,
          state: 'waiting', window: null, targetWindow: null, staffBadge: null, recallCount: 0, outcome: null, evaluation: null,
          issuedAt: at, calledAt: null, startedAt: null, finishedAt: null, dueAt: null, closeReason: null, note: null, kiosk: 'K1', printed: true,
          idMasked: null, nameMasked: null,
        },
      }),
    );
  }
  return out;
}
