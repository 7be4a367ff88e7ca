import './zod-jitless.ts';
import { signal, type Signal } from '@preact/signals';
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../contract/api.ts';
import type { ClientToServerEvents, ReplayBatch, ServerToClientEvents, StreamEvent } from '../contract/socket.ts';
import type { Snapshot } from '../contract/snapshot.ts';
import type { PublicTicket } from '../contract/ticket.ts';
import { applyEvent } from './reduce.ts';

export interface StreamOptions {
  /** Server origin; the page's own origin by default. */
  url?: string;
  /** Device token for kiosks and displays; staff pages rely on the session cookie. */
  token?: string;
  /** Called for every new event exactly once, in seq order, with `replayed` true for catch-up events. */
  onEvent?: (event: StreamEvent, replayed: boolean) => void;
  onSnapshot?: (snapshot: Snapshot) => void;
}

/**
 * The live hall for a screen: a snapshot kept exact by applying events in seq order. On reconnect it
 * sends its last seq and receives exactly what it missed (or a fresh snapshot); duplicates are dropped
 * and a gap is filled by asking the server, so no call is ever missed or counted twice.
 */
export class HallStream<T extends PublicTicket = PublicTicket> {
  readonly snapshot: Signal<Snapshot<T> | null> = signal(null);
  readonly connected = signal(false);
  private seq = -1;
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private filling = false;

  constructor(private readonly options: StreamOptions = {}) {
    this.socket = io(options.url ?? '', {
      transports: ['websocket'],
      // Re-evaluated on every reconnect, so the server always learns the last seq we hold.
      auth: (cb) => cb({ ...(options.token ? { token: options.token } : {}), ...(this.seq >= 0 ? { lastSeq: this.seq } : {}) }),
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    this.socket.on('connect', () => (this.connected.value = true));
    this.socket.on('disconnect', () => (this.connected.value = false));
    this.socket.on('snapshot', (s) => this.takeSnapshot(s as Snapshot<T>));
    this.socket.on('replay', (batch) => this.takeReplay(batch));
    this.socket.on('event', (e) => this.takeEvent(e, false));
  }

  get lastSeq(): number {
    return this.seq;
  }

  get raw(): Socket<ServerToClientEvents, ClientToServerEvents> {
    return this.socket;
  }

  close(): void {
    this.socket.close();
  }

  /** Forces a fresh snapshot, e.g. after config.changed. */
  resync(): void {
    this.socket.emit('sync', { afterSeq: Math.max(0, this.seq), snapshot: true }, (ack) => this.takeSyncAck(ack));
  }

  private takeSnapshot(s: Snapshot<T>): void {
    this.seq = s.seq;
    this.snapshot.value = s;
    this.options.onSnapshot?.(s as unknown as Snapshot);
  }

  private takeReplay(batch: ReplayBatch): void {
    for (const e of batch.events) this.takeEvent(e, true);
  }

  private takeEvent(e: StreamEvent, replayed: boolean): void {
    if (e.seq <= this.seq) return; // already applied (a replay overlapping live delivery)
    if (this.seq >= 0 && e.seq > this.seq + 1) {
      this.fillGap();
      return;
    }
    this.seq = e.seq;
    const current = this.snapshot.value;
    if (current) this.snapshot.value = applyEvent(current, e);
    this.options.onEvent?.(e, replayed);
    if (e.type === 'config.changed') this.resync();
  }

  private fillGap(): void {
    if (this.filling) return;
    this.filling = true;
    this.socket.emit('sync', { afterSeq: this.seq }, (ack) => {
      this.filling = false;
      this.takeSyncAck(ack);
    });
  }

  private takeSyncAck(ack: Ack<ReplayBatch | { snapshot: Snapshot<PublicTicket> | Snapshot }>): void {
    if (!ack.ok) return;
    if ('snapshot' in ack.data) this.takeSnapshot(ack.data.snapshot as Snapshot<T>);
    else this.takeReplay(ack.data);
  }
}
