import type { Socket } from 'socket.io-client';
import type { Snapshot } from '../../contract/snapshot.ts';
import type { ReplayBatch, StreamEvent } from '../../contract/socket.ts';
import { nextEvent } from '../fixtures/sockets.ts';


export { connected, idNumber } from '../fixtures/sockets.ts';

/** The first `event` for which `match` holds (5 s failure guard). */
export function once<T = unknown>(socket: Socket, event: string, match: (payload: T) => boolean = () => true, ms = 5000): Promise<T> {
  return nextEvent(socket, event, match, ms);
}

/**
 * Records everything the stream sends a socket, in arrival order: the first snapshot or replay, then
 * live events. Attach right after creating the socket (before any await) so nothing is missed.
 */
export class StreamLog {
  snapshots: Snapshot[] = [];
  replays: ReplayBatch[] = [];
  events: StreamEvent[] = [];
  /** Every event seen, from replays and live, in arrival order. */
  all: StreamEvent[] = [];
  /** The order in which kinds of messages arrived: 'snapshot' | 'replay' | 'event'. */
  kinds: string[] = [];

  constructor(readonly socket: Socket) {
    socket.on('snapshot', (s: Snapshot) => {
      this.snapshots.push(s);
      this.kinds.push('snapshot');
    });
    socket.on('replay', (b: ReplayBatch) => {
      this.replays.push(b);
      this.all.push(...b.events);
      this.kinds.push('replay');
    });
    socket.on('event', (e: StreamEvent) => {
      this.events.push(e);
      this.all.push(e);
      this.kinds.push('event');
    });
  }

  get seqs(): number[] {
    return this.all.map((e) => e.seq);
  }

  /** The highest seq this socket knows of: the last event, or the snapshot/replay's own seq. */
  get lastSeq(): number {
    const fromEvents = this.all.length ? this.all[this.all.length - 1]!.seq : 0;
    const fromSync = Math.max(0, ...this.snapshots.map((s) => s.seq), ...this.replays.map((r) => r.seq));
    return Math.max(fromEvents, fromSync);
  }

  /** Waits until the socket has seen an event with seq ≥ `seq` (or a snapshot/replay at it). */
  async until(seq: number, ms = 5000): Promise<void> {
    const started = Date.now();
    while (this.lastSeq < seq) {
      if (Date.now() - started > ms) throw new Error(`socket stuck at seq ${this.lastSeq}, waiting for ${seq}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Waits for the first snapshot or replay. */
  async synced(ms = 5000): Promise<void> {
    const started = Date.now();
    while (this.snapshots.length + this.replays.length === 0) {
      if (Date.now() - started > ms) throw new Error('no snapshot or replay arrived');
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** Every key path in a JSON value whose key is one of `keys` (deep). */
export function keysIn(value: unknown, keys: readonly string[], at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keysIn(v, keys, `${at}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [
      ...(keys.includes(k) && v !== null && v !== undefined ? [`${at}.${k}`] : []),
      ...keysIn(v, keys, `${at}.${k}`),
    ]);
  }
  return [];
}

export const UUID_NONE = '00000000-0000-4000-8000-000000000000';

/**
 * One valid entry per admin list: `existing` repeats a key the test hall has (POST answers 409),
 * `missing` names a key it lacks (PUT and DELETE answer 404), so neither changes anything.
 */
export const ADMIN_LISTS: { list: string; existing: Record<string, unknown>; missingKey: string; missing: Record<string, unknown> }[] = [
  { list: 'departments', existing: { code: 'GA', name: '公安局' }, missingKey: 'ZZ', missing: { code: 'ZZ', name: '不存在' } },
  { list: 'queues', existing: { code: 'QA', name: '综合', prefix: 'A' }, missingKey: 'QZ', missing: { code: 'QZ', name: '不存在', prefix: 'Z' } },
  {
    list: 'items',
    existing: { code: 'I1', name: '综合咨询', category: '便民服务', department: 'GA', queue: 'QA', steps: ['取号'], statutoryDays: 0, promisedDays: 0 },
    missingKey: 'IZ',
    missing: { code: 'IZ', name: '不存在', category: '便民服务', department: 'GA', queue: 'QA', steps: ['取号'], statutoryDays: 0, promisedDays: 0 },
  },
  { list: 'windows', existing: { number: 1, name: '综合窗口1', queues: ['QA', 'QB'] }, missingKey: '99', missing: { number: 99, name: '不存在', queues: ['QA'] } },
  { list: 'staff', existing: { badge: 'T001', name: '窗口甲', password: 'another-secret' }, missingKey: 'Z999', missing: { badge: 'Z999', name: '不存在' } },
  { list: 'devices', existing: { code: 'K1', kind: 'kiosk', name: '取号机1' }, missingKey: 'ZZ', missing: { code: 'ZZ', kind: 'kiosk', name: '不存在' } },
  { list: 'notices', existing: { code: 'N1', text: '请带齐材料', targets: ['hall'] }, missingKey: 'NZ', missing: { code: 'NZ', text: '不存在', targets: ['hall'] } },
];
