import type { Ack, SyncPayload, WindowCommandPayload } from './api.ts';
import type { HallEvent, PublicHallEvent } from './events.ts';
import type { Snapshot } from './snapshot.ts';
import type { TicketView } from './ticket.ts';

/** Typed Socket.IO events. Clients pass `{ token?, lastSeq? }` as handshake auth; staff use their session cookie. */
export interface HandshakeAuth {
  token?: string;
  lastSeq?: number;
}

export type StreamEvent = HallEvent | PublicHallEvent;

export interface ReplayBatch {
  /** Events after the client's seq, oldest first; absent when a fresh snapshot was sent instead. */
  events: StreamEvent[];
  seq: number;
}

export interface DeviceHealthView {
  device: string;
  kind: string;
  state: 'disconnected' | 'connecting' | 'ready' | 'fault';
  reason?: string;
  at: string;
}

export interface KioskIdentity {
  /** Masked for the screen; the full number never leaves the server. */
  idMasked: string;
  nameMasked: string | null;
  /** A one-time reference the kiosk sends back when it issues, instead of the ID number. */
  identityRef: string;
  validUntil: string;
}

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot<TicketView> | Snapshot) => void;
  event: (event: StreamEvent) => void;
  replay: (batch: ReplayBatch) => void;
  'device:health': (health: DeviceHealthView) => void;
  'kiosk:identity': (identity: KioskIdentity) => void;
}

export interface ClientToServerEvents {
  sync: (payload: SyncPayload, ack: (result: Ack<ReplayBatch | { snapshot: Snapshot<TicketView> | Snapshot }>) => void) => void;
  'window:command': (payload: WindowCommandPayload, ack: (result: Ack<unknown>) => void) => void;
}
