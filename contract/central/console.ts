import { z } from 'zod';
import { EventType } from '../events.ts';
import { WindowStatus } from '../domain.ts';
import { RegionLevel } from './api.ts';

/**
 * The central supervision console over Socket.IO (namespace `/console`, DESIGN.md §10).
 *
 * A supervisor's browser connects with the central session cookie; the server places it in the room of
 * its region, so it receives only the halls of its region's subtree. On connect it gets a
 * `snapshot` (every hall of the region, with the `feedSeq` it is exact at). Every hall event the
 * centre ingests has a global `feedSeq`; after each ingest commit the centre pushes an `update` (the
 * hall's new events and its new summary). A client that reconnects sends the last `feedSeq` it holds
 * (handshake auth `{ lastFeedSeq }`) and gets a `replay` of what it missed, read back from PostgreSQL,
 * or a fresh `snapshot` when it is too far behind. Every few seconds each instance sends its own
 * sockets a `tick` with the last seq the centre holds for each hall of the region; a client behind it
 * for a hall asks `sync` for that hall, so a push lost between instances (Redis down) is recovered
 * without a reconnect. Events carry their hall's seq, so duplicates are dropped and gaps noticed.
 *
 * Personal data: none beyond what a supervisor may see; staff names are masked (张*), tickets carry
 * their number only.
 */

export const REGION_LEVEL_LABELS: Record<RegionLevel, string> = {
  province: '省',
  prefecture: '州市',
  county: '县区',
  township: '乡镇街道',
  village: '村社区',
};

export const ConsoleRegion = z.object({
  /** GB/T 2260 code: six digits, twelve for townships and villages. */
  code: z.string(),
  name: z.string(),
  level: RegionLevel,
  parent: z.string().nullable(),
});
export type ConsoleRegion = z.infer<typeof ConsoleRegion>;

export const ConsoleAlertKind = z.enum(['offline', 'wait_over', 'device_fault', 'bad_evaluation', 'uplink_diverged']);
export type ConsoleAlertKind = z.infer<typeof ConsoleAlertKind>;

export const ConsoleAlert = z.object({
  /** Stable while the condition lasts ("device:K1", "wait"), so a client can diff. */
  id: z.string(),
  kind: ConsoleAlertKind,
  severity: z.enum(['warning', 'critical']),
  since: z.string().nullable(),
  message: z.string(),
});
export type ConsoleAlert = z.infer<typeof ConsoleAlert>;

/** One hall as the console's hall list shows it. */
export const HallLive = z.object({
  code: z.string(),
  name: z.string(),
  /** county_centre, township_centre or village_station. */
  kind: z.string(),
  /** The region the hall is registered under. */
  region: z.string(),
  /** The last time the hall's uplink reached the centre; null before its first contact. */
  lastContactAt: z.string().nullable(),
  /** Last hall seq the centre holds for it. */
  hallSeq: z.number().int().nonnegative(),
  /** People waiting now (the hall's business day as the centre last heard it). */
  waiting: z.number().int().nonnegative(),
  /** Issued time of the longest-waiting ticket, by the hall's clock; minutes come from `clock`. */
  oldestWaitingSince: z.string().nullable(),
  /**
   * The hall's clock as last heard: its newest event's time and when the centre received it. Waits are
   * the hall's time now (at + time since seenAt) minus issue times, so a hall whose clock is off, or a
   * simulated hall on a compressed clock, still shows true waits.
   */
  clock: z.object({ at: z.string(), seenAt: z.string() }).nullable(),
  openWindows: z.number().int().nonnegative(),
  windows: z.number().int().nonnegative(),
  issuedToday: z.number().int().nonnegative(),
  servedToday: z.number().int().nonnegative(),
  /** 差评 whose follow-up case is not yet contacted or resolved. */
  badAwaitingFollowUp: z.number().int().nonnegative(),
  alerts: z.array(ConsoleAlert),
});
export type HallLive = z.infer<typeof HallLive>;

/** A hall event as the console sees it: what happened where, never who. */
export const ConsoleEvent = z.object({
  feedSeq: z.number().int().positive(),
  hall: z.string(),
  seq: z.number().int().positive(),
  type: EventType,
  at: z.string(),
  window: z.number().nullable(),
  queue: z.string().nullable(),
  /** The ticket number (A012), never a name or ID. */
  number: z.string().nullable(),
});
export type ConsoleEvent = z.infer<typeof ConsoleEvent>;

/** One hall's new events and its summary after them. */
export const HallUpdate = z.object({
  hall: z.string(),
  /** Ascending by seq; a client drops those at or below the hall seq it holds. */
  events: z.array(ConsoleEvent),
  summary: HallLive,
});
export type HallUpdate = z.infer<typeof HallUpdate>;

export const ConsoleSnapshot = z.object({
  /** The centre's feed position this snapshot is exact at. */
  feedSeq: z.number().int().nonnegative(),
  /** The server's clock, for waits and offline detection on the client. */
  at: z.string(),
  /** The user's own region (the root of what it sees) and every region below it. */
  root: ConsoleRegion,
  regions: z.array(ConsoleRegion),
  halls: z.array(HallLive),
  /** A hall whose last contact is older than this is shown offline. */
  offlineAfterSeconds: z.number().int().positive(),
  /** The most recent events of the region, newest last, for the activity list. */
  recent: z.array(ConsoleEvent),
});
export type ConsoleSnapshot = z.infer<typeof ConsoleSnapshot>;

export const ConsoleReplay = z.object({
  feedSeq: z.number().int().nonnegative(),
  at: z.string(),
  /** Halls with events after the client's feedSeq, each with its missed events and current summary. */
  updates: z.array(HallUpdate),
});
export type ConsoleReplay = z.infer<typeof ConsoleReplay>;

export const ConsoleUpdate = HallUpdate.extend({
  feedSeq: z.number().int().nonnegative(),
  at: z.string(),
});
export type ConsoleUpdate = z.infer<typeof ConsoleUpdate>;

export const ConsoleTick = z.object({
  feedSeq: z.number().int().nonnegative(),
  at: z.string(),
  /**
   * Every hall of the room's region: the last seq the centre holds and its last contact. A client
   * holding less for a hall asks `sync` for it (a push lost between instances), and follows
   * online/offline without any event.
   */
  halls: z.record(z.string(), z.object({ seq: z.number().int().nonnegative(), contactAt: z.string().nullable() })),
});
export type ConsoleTick = z.infer<typeof ConsoleTick>;

// ── drill-down: one hall's windows and queues ─────────────────────────────────────────────────

export const ConsoleWindow = z.object({
  number: z.number().int(),
  name: z.string(),
  status: WindowStatus,
  pauseReason: z.string().nullable(),
  /** Badge and masked name (张*) of the staff member signed in, if any. */
  staff: z.object({ badge: z.string(), nameMasked: z.string() }).nullable(),
  /** Number of the ticket being called or served. */
  current: z.string().nullable(),
  servedToday: z.number().int().nonnegative(),
  /** When the current ticket was called, for the elapsed time. */
  currentSince: z.string().nullable(),
});
export type ConsoleWindow = z.infer<typeof ConsoleWindow>;

export const ConsoleQueue = z.object({
  code: z.string(),
  name: z.string(),
  waiting: z.number().int().nonnegative(),
  oldestWaitingSince: z.string().nullable(),
});
export type ConsoleQueue = z.infer<typeof ConsoleQueue>;

export const HallDetail = z.object({
  at: z.string(),
  hall: HallLive,
  windows: z.array(ConsoleWindow),
  queues: z.array(ConsoleQueue),
  /** The hall's newest events, newest last. */
  recent: z.array(ConsoleEvent),
});
export type HallDetail = z.infer<typeof HallDetail>;

// ── client → server payloads (validated on the server) ────────────────────────────────────────

export const ConsoleHandshake = z.object({
  lastFeedSeq: z.number().int().nonnegative().optional(),
});
export type ConsoleHandshake = z.infer<typeof ConsoleHandshake>;

/** Catch up: after a feed position (reconnect), per hall after a seq (a gap), or a fresh snapshot. */
export const ConsoleSyncPayload = z.union([
  z.strictObject({ afterFeedSeq: z.number().int().nonnegative() }),
  z.strictObject({ halls: z.array(z.strictObject({ hall: z.string().min(1).max(32), afterSeq: z.number().int().nonnegative() })).min(1).max(5000) }),
  z.strictObject({ snapshot: z.literal(true) }),
]);
export type ConsoleSyncPayload = z.infer<typeof ConsoleSyncPayload>;

export const HallDetailPayload = z.strictObject({ hall: z.string().min(1).max(32) });
export type HallDetailPayload = z.infer<typeof HallDetailPayload>;

export type ConsoleAck<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export type ConsoleSyncAnswer = { replay: ConsoleReplay } | { snapshot: ConsoleSnapshot };
export const ConsoleSyncAnswer = z.union([z.object({ replay: ConsoleReplay }), z.object({ snapshot: ConsoleSnapshot })]);

export interface ConsoleServerToClient {
  snapshot: (snapshot: ConsoleSnapshot) => void;
  replay: (replay: ConsoleReplay) => void;
  update: (update: ConsoleUpdate) => void;
  tick: (tick: ConsoleTick) => void;
}

export interface ConsoleClientToServer {
  sync: (payload: ConsoleSyncPayload, ack: (answer: ConsoleAck<ConsoleSyncAnswer>) => void) => void;
  'hall:detail': (payload: HallDetailPayload, ack: (answer: ConsoleAck<HallDetail>) => void) => void;
}

/** The Socket.IO namespace of the console. */
export const CONSOLE_NAMESPACE = '/console';
