import type { Socket } from 'socket.io';
import type { ClientToServerEvents, DeviceHealthView, KioskIdentity, ServerToClientEvents } from '../../contract/socket.ts';
import type { KioskScanRefused } from '../../contract/kiosk-access.ts';
import type { Principal } from '../auth/principal.ts';

/**
 * A hall Socket.IO connection typed by the contract, as the realtime edge hands a device agent's over
 * (realtime's HallSocket is this type).
 */
export type AgentSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal: Principal }>;

/**
 * What the device manager pushes to screens, implemented by the realtime edge and injected by the
 * composition root, so devices never import Socket.IO rooms: device health to supervisors, and a card
 * read to the one kiosk it was read at.
 */
export interface DevicePush {
  deviceHealth(health: DeviceHealthView): void;
  kioskIdentity(kiosk: string, identity: KioskIdentity): void;
  /** A QR scanned at this kiosk that cannot be used, worded for the citizen. */
  scanRefused(kiosk: string, refusal: KioskScanRefused): void;
  /** A booking code scanned at this kiosk: the kiosk checks it in as if typed. */
  bookingCode(kiosk: string, code: string): void;
}
