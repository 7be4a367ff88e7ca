import type { IncomingHttpHeaders } from 'node:http';
import type { Namespace, Server, Socket } from 'socket.io';
import {
  CONSOLE_NAMESPACE,
  ConsoleHandshake,
  ConsoleSyncPayload,
  HallDetailPayload,
  type ConsoleAck,
  type ConsoleClientToServer,
  type ConsoleEvent,
  type ConsoleRegion,
  type ConsoleReplay,
  type ConsoleServerToClient,
  type ConsoleSnapshot,
  type HallUpdate,
} from '../../contract/central/console.ts';
import type { ConsoleAuthenticate, ConsoleSource, ConsoleViewer, FedEvent, OnIngested } from './ports.ts';
import { ALL_ROOM, RegionTree, regionRoom } from './region-tree.ts';

interface SocketData {
  viewer: ConsoleViewer;
}
type ConsoleNamespace = Namespace<ConsoleClientToServer, ConsoleServerToClient, Record<string, never>, SocketData>;
type ConsoleSocket = Socket<ConsoleClientToServer, ConsoleServerToClient, Record<string, never>, SocketData>;

export interface ConsoleServerOptions {
  source: ConsoleSource;
  authenticate: ConsoleAuthenticate;
  onIngested: OnIngested;
  /** A hall registered, diverged, or its divergence resolved: its summary changes without events. */
  onHallChanged?: (listener: (hall: string) => void) => () => void;
  /** Origins allowed besides the page's own (the Host the socket connects to). */
  allowedOrigins?: readonly string[];
  /** How often each instance sends its sockets a tick (positions of their halls). */
  tickMs?: number;
  /** A hall not heard from for this long shows offline. */
  offlineAfterSeconds?: number;
  /** A client further behind than this many events gets a fresh snapshot instead of a replay. */
  maxReplay?: number;
  /** Sessions of connected sockets are re-checked this often; an ended session disconnects. */
  revalidateMs?: number;
  clock?: () => Date;
  log?: { warn(obj: object, msg: string): void };
}

export interface ConsoleServer {
  namespace: ConsoleNamespace;
  /** Sends every local socket its tick now (tests; the timer does it every tickMs). */
  tick(): Promise<void>;
  close(): void;
}

const TREE_TTL_MS = 10_000;
const RECENT = 60;

const toConsoleEvent = (e: FedEvent): ConsoleEvent => ({ feedSeq: e.feedSeq, hall: e.hall, seq: e.seq, type: e.type, at: e.at, window: e.window, queue: e.queue, number: e.number });

/** True when the browser page that opened the socket is our own, or an origin the operator allowed. */
export function originAllowed(headers: IncomingHttpHeaders, allowed: readonly string[]): boolean {
  const origin = headers.origin;
  // Non-browser clients send no Origin; they authenticate with the session cookie like anyone else.
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === headers.host;
  } catch {
    return false;
  }
}

function refusal(code: string, message: string): Error & { data: { code: string; message: string } } {
  return Object.assign(new Error(message), { data: { code, message } });
}

/**
 * The live cross-hall console (`/console`): cookie-authenticated, one room per region, a snapshot on
 * connect, an update after each ingest commit, replay after reconnect from PostgreSQL and per-hall
 * catch-up after a lost push. Works on one instance or many: `io` may carry the Redis streams
 * adapter, and every instance ticks its own sockets from the shared database.
 */
export function attachConsole(io: Server, options: ConsoleServerOptions): ConsoleServer {
  const { source } = options;
  const clock = options.clock ?? (() => new Date());
  const maxReplay = options.maxReplay ?? 2000;
  const offlineAfterSeconds = options.offlineAfterSeconds ?? 120;
  const allowedOrigins = options.allowedOrigins ?? [];
  const nsp = io.of(CONSOLE_NAMESPACE) as unknown as ConsoleNamespace;

  let tree: { at: number; value: RegionTree } | null = null;
  let inflight: Promise<RegionTree> | null = null;
  const reload = (): Promise<RegionTree> => {
    // Many halls registered at once ask together: one read serves every caller waiting for it.
    inflight ??= Promise.all([source.regions(), source.halls()])
      .then(([regions, halls]) => {
        tree = { at: Date.now(), value: new RegionTree(regions, halls) };
        return tree.value;
      })
      .finally(() => (inflight = null));
    return inflight;
  };
  const loadTree = async (force = false): Promise<RegionTree> => {
    if (!force && tree && Date.now() - tree.at < TREE_TTL_MS) return tree.value;
    return reload();
  };
  /** The tree with this hall in it: a read begun before the hall was registered may miss it, so read again once. */
  const treeWith = async (hall: string): Promise<RegionTree> => {
    let t = await loadTree();
    if (t.hall(hall)) return t;
    t = await reload();
    return t.hall(hall) ? t : reload();
  };

  const rootOf = (t: RegionTree, viewer: ConsoleViewer): ConsoleRegion => {
    if (viewer.region) return t.region(viewer.region) ?? { code: viewer.region, name: viewer.region, level: 'county', parent: null };
    const roots = t.roots();
    return roots.length === 1 ? roots[0]! : { code: '*', name: '全部地区', level: 'province', parent: null };
  };

  const buildSnapshot = async (viewer: ConsoleViewer): Promise<ConsoleSnapshot> => {
    const t = await loadTree();
    // Read the position first: anything committed meanwhile is in the summaries too, and the
    // client drops the live copies of those events by their hall seq.
    const feedSeq = await source.currentFeedSeq();
    const codes = t.hallsIn(viewer.region).map((h) => h.code);
    const [halls, recent] = await Promise.all([source.summaries(codes), source.recent(codes, RECENT)]);
    return {
      feedSeq,
      at: clock().toISOString(),
      root: rootOf(t, viewer),
      regions: t.subtree(viewer.region),
      halls,
      offlineAfterSeconds,
      recent: recent.map(toConsoleEvent),
    };
  };

  const updatesOf = async (events: FedEvent[]): Promise<HallUpdate[]> => {
    const byHall = new Map<string, ConsoleEvent[]>();
    for (const e of events) {
      const list = byHall.get(e.hall) ?? [];
      list.push(toConsoleEvent(e));
      byHall.set(e.hall, list);
    }
    if (!byHall.size) return [];
    const summaries = await source.summaries([...byHall.keys()]);
    return summaries.map((summary) => ({ hall: summary.code, events: (byHall.get(summary.code) ?? []).sort((a, b) => a.seq - b.seq), summary }));
  };

  /** What a client missed after a feed position, or undefined when a snapshot serves it better. */
  const replayAfterFeed = async (viewer: ConsoleViewer, after: number): Promise<ConsoleReplay | undefined> => {
    const t = await loadTree();
    const feedSeq = await source.currentFeedSeq();
    if (after > feedSeq) return undefined; // a position from another database (the centre was rebuilt)
    const codes = t.hallsIn(viewer.region).map((h) => h.code);
    const events = await source.eventsAfterFeed(codes, after, maxReplay + 1);
    if (events.length > maxReplay) return undefined;
    return { feedSeq: Math.max(feedSeq, ...events.map((e) => e.feedSeq)), at: clock().toISOString(), updates: await updatesOf(events) };
  };

  const replayHalls = async (viewer: ConsoleViewer, halls: { hall: string; afterSeq: number }[]): Promise<ConsoleReplay | undefined | 'forbidden'> => {
    const t = await loadTree();
    const feedSeq = await source.currentFeedSeq();
    const events: FedEvent[] = [];
    for (const { hall, afterSeq } of halls) {
      const meta = t.hall(hall);
      if (!meta || !t.contains(viewer.region, meta.region)) return 'forbidden';
      events.push(...(await source.eventsAfterSeq(hall, afterSeq, maxReplay + 1 - events.length)));
      if (events.length > maxReplay) return undefined;
    }
    return { feedSeq, at: clock().toISOString(), updates: await updatesOf(events) };
  };

  nsp.use((socket, next) => {
    const headers = socket.handshake.headers;
    if (!originAllowed(headers, allowedOrigins)) return next(refusal('ORIGIN_REFUSED', '此页面的来源不被允许连接督查台。'));
    options.authenticate(headers).then(
      (viewer) => {
        if (!viewer) return next(refusal('UNAUTHENTICATED', '请先登录。'));
        socket.data.viewer = viewer;
        next();
      },
      (err: unknown) => {
        options.log?.warn({ err }, 'console handshake failed');
        next(refusal('UNAVAILABLE', '督查台暂时无法连接，请稍后重试。'));
      },
    );
  });

  const fail = (ack: (a: ConsoleAck<never>) => void, code: string, message: string) => ack({ ok: false, error: { code, message } });

  nsp.on('connection', (socket: ConsoleSocket) => {
    const viewer = socket.data.viewer;
    // Join first: a push committed while the snapshot is read still reaches this socket, and the
    // client applies it after the snapshot or drops it as already there.
    void socket.join(viewer.region ? regionRoom(viewer.region) : ALL_ROOM);
    const hs = ConsoleHandshake.safeParse(socket.handshake.auth ?? {});
    const lastFeedSeq = hs.success ? hs.data.lastFeedSeq : undefined;
    void (async () => {
      const replay = lastFeedSeq !== undefined ? await replayAfterFeed(viewer, lastFeedSeq) : undefined;
      if (replay) socket.emit('replay', replay);
      else socket.emit('snapshot', await buildSnapshot(viewer));
    })().catch((err: unknown) => {
      options.log?.warn({ err }, 'console snapshot failed');
      socket.disconnect(true);
    });

    socket.on('sync', (payload, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = ConsoleSyncPayload.safeParse(payload);
      if (!parsed.success) return fail(ack, 'VALIDATION', parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; '));
      const p = parsed.data;
      void (async () => {
        if ('snapshot' in p) return ack({ ok: true, data: { snapshot: await buildSnapshot(viewer) } });
        const replay = 'afterFeedSeq' in p ? await replayAfterFeed(viewer, p.afterFeedSeq) : await replayHalls(viewer, p.halls);
        if (replay === 'forbidden') return fail(ack, 'FORBIDDEN', '所请求的大厅不在您的管辖区域内。');
        ack({ ok: true, data: replay ? { replay } : { snapshot: await buildSnapshot(viewer) } });
      })().catch((err: unknown) => {
        options.log?.warn({ err }, 'console sync failed');
        fail(ack, 'UNAVAILABLE', '暂时无法读取，请稍后重试。');
      });
    });

    socket.on('hall:detail', (payload, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = HallDetailPayload.safeParse(payload);
      if (!parsed.success) return fail(ack, 'VALIDATION', parsed.error.issues.map((i) => i.message).join('; '));
      void (async () => {
        const t = await loadTree();
        const meta = t.hall(parsed.data.hall);
        if (!meta || !t.contains(viewer.region, meta.region)) return fail(ack, 'FORBIDDEN', '所请求的大厅不在您的管辖区域内。');
        const [summary] = await source.summaries([meta.code]);
        if (!summary) return fail(ack, 'NOT_FOUND', '没有这个大厅。');
        const [detail, recent] = await Promise.all([source.detail(meta.code), source.recent([meta.code], 20)]);
        ack({ ok: true, data: { at: clock().toISOString(), hall: summary, ...detail, recent: recent.map(toConsoleEvent) } });
      })().catch((err: unknown) => {
        options.log?.warn({ err }, 'console hall detail failed');
        fail(ack, 'UNAVAILABLE', '暂时无法读取，请稍后重试。');
      });
    });
  });

  // One chain per hall keeps its updates in commit order although each reads its summary first.
  const chains = new Map<string, Promise<void>>();
  const enqueue = (hall: string, run: () => Promise<void>) => {
    const next = (chains.get(hall) ?? Promise.resolve()).then(run).catch((err: unknown) => options.log?.warn({ err, hall }, 'console publish failed'));
    chains.set(hall, next);
    void next.then(() => {
      if (chains.get(hall) === next) chains.delete(hall);
    });
  };
  // Events of a hall waiting for its chain: batches that commit while the previous update is still
  // being read go out together, one summary read for all of them (a busy hall costs one query per turn).
  const waiting = new Map<string, FedEvent[]>();
  const publish = (events: FedEvent[]) => {
    for (const e of events) {
      const list = waiting.get(e.hall);
      if (list) {
        list.push(e);
        continue;
      }
      waiting.set(e.hall, [e]);
      const hall = e.hall;
      enqueue(hall, async () => {
        const list = waiting.get(hall) ?? [];
        waiting.delete(hall);
        if (!list.length) return;
        const t = await treeWith(hall);
        const [update] = await updatesOf(list);
        if (!update) return;
        const feedSeq = Math.max(...list.map((x) => x.feedSeq));
        nsp.to(t.roomsOfHall(hall)).emit('update', { ...update, feedSeq, at: clock().toISOString() });
      });
    }
  };
  const unsubscribe = options.onIngested(publish);
  const unsubscribeHalls = options.onHallChanged?.((hall) => {
    const run = async () => {
      const t = await treeWith(hall);
      const [summary] = await source.summaries([hall]);
      if (!summary) return;
      nsp.to(t.roomsOfHall(hall)).emit('update', { hall, events: [], summary, feedSeq: await source.currentFeedSeq(), at: clock().toISOString() });
    };
    enqueue(hall, run);
  });

  const tick = async (): Promise<void> => {
    const rooms = [...nsp.adapter.rooms.keys()].filter((r) => r.startsWith('region:'));
    if (!rooms.length) return;
    const t = await loadTree();
    const [positions, feedSeq] = await Promise.all([source.positions(), source.currentFeedSeq()]);
    const at = clock().toISOString();
    for (const room of rooms) {
      const root = room === ALL_ROOM ? null : room.slice('region:'.length);
      const halls: Record<string, { seq: number; contactAt: string | null }> = {};
      for (const h of t.hallsIn(root)) halls[h.code] = positions.get(h.code) ?? { seq: 0, contactAt: null };
      // Local only: every instance ticks its own sockets from the shared database.
      nsp.local.to(room).emit('tick', { feedSeq, at, halls });
    }
  };

  const revalidate = async (): Promise<void> => {
    for (const socket of nsp.sockets.values()) {
      const viewer = await options.authenticate(socket.handshake.headers).catch(() => socket.data.viewer);
      if (!viewer || viewer.userId !== socket.data.viewer.userId || viewer.region !== socket.data.viewer.region) socket.disconnect(true);
    }
  };

  const warn = (what: string) => (err: unknown) => options.log?.warn({ err }, what);
  const tickTimer = setInterval(() => void tick().catch(warn('console tick failed')), options.tickMs ?? 5000);
  const revalidateTimer = setInterval(() => void revalidate().catch(warn('console revalidation failed')), options.revalidateMs ?? 30_000);
  tickTimer.unref();
  revalidateTimer.unref();

  return {
    namespace: nsp,
    tick,
    close() {
      clearInterval(tickTimer);
      clearInterval(revalidateTimer);
      unsubscribe();
      unsubscribeHalls?.();
    },
  };
}
