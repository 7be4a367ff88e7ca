import { z } from 'zod';
import type { Ack, SyncPayload, WindowCommandPayload } from './api.ts';
import type { SupervisionAlertsPayload } from './admin.ts';
import { EvaluationLevel } from './domain.ts';
import { Actor, HallEvent, type PublicHallEvent } from './events.ts';
import type { Snapshot } from './snapshot.ts';
import type { KioskScanRefused } from './kiosk-access.ts';
import { PublicTicket, type TicketView } from './ticket.ts';

/** Typed Socket.IO events. Clients pass `{ token?, lastSeq? }` as handshake auth; staff use their session cookie. */
export interface HandshakeAuth {
  token?: string;
  lastSeq?: number;
}

/** Schema of events.ts's PublicHallEvent: no identity, and the actor's kind only. */
export const PublicHallEventSchema = HallEvent.extend({ ticket: PublicTicket.nullable(), actor: z.object({ kind: Actor.shape.kind }) });

/** An event as a client receives it: in full where the caller may see it, else public. */
export const StreamEvent = z.union([HallEvent, PublicHallEventSchema]);
export type StreamEvent = HallEvent | PublicHallEvent;

export interface ReplayBatch {
  /** Events after the client's seq, oldest first; absent when a fresh snapshot was sent instead. */
  events: StreamEvent[];
  seq: number;
  /** The server's clock when the batch was built, so a screen can tell how old each missed event is. */
  at?: string;
}

export const DeviceHealthView = z.object({
  device: z.string(),
  kind: z.string(),
  state: z.enum(['disconnected', 'connecting', 'ready', 'fault']),
  reason: z.string().optional(),
  /** A condition that needs attention while the device still works (a printer's paper near end). */
  warning: z.string().optional(),
  at: z.string(),
});
export type DeviceHealthView = z.infer<typeof DeviceHealthView>;

export interface KioskIdentity {
  /** Masked for the screen; the full number never leaves the server. */
  idMasked: string;
  nameMasked: string | null;
  /** A one-time reference the kiosk sends back when it issues, instead of the ID number. */
  identityRef: string;
  validUntil: string;
  /** How the identity was read: the card reader, or a scanned e-ID QR the verification service confirmed. */
  source?: 'card' | 'eid';
}

export interface ServerToClientEvents {
  snapshot: (snapshot: Snapshot<TicketView> | Snapshot) => void;
  event: (event: StreamEvent) => void;
  replay: (batch: ReplayBatch) => void;
  'device:health': (health: DeviceHealthView) => void;
  'kiosk:identity': (identity: KioskIdentity) => void;
  /** To one kiosk: a QR scanned there that cannot be used (unverified e-ID, unknown code), worded for the citizen. */
  'kiosk:scan-refused': (refusal: KioskScanRefused) => void;
  /** To one kiosk: a booking code scanned there (the kiosk checks it in as if typed). */
  'kiosk:booking-code': (scan: { code: string }) => void;
  /** To a device agent: print this ticket; the agent answers with 'agent:print-result' for the same jobId. */
  'agent:print': (job: AgentPrintJob) => void;
  /** To a device agent: show this on its LEDs and callers (state, so it is simply re-sent after a reconnect). */
  'agent:output': (output: DeviceOutput) => void;
  /** To supervisors and admins: the active supervision alerts, whenever they change. */
  'supervision:alerts': (payload: SupervisionAlertsPayload) => void;
}

export interface ClientToServerEvents {
  sync: (payload: SyncPayload, ack: (result: Ack<ReplayBatch | { snapshot: Snapshot<TicketView> | Snapshot }>) => void) => void;
  'window:command': (payload: WindowCommandPayload, ack: (result: Ack<unknown>) => void) => void;
  'agent:register': (payload: AgentRegister, ack: (result: Ack<AgentRegistered>) => void) => void;
  'agent:card': (payload: AgentCardRead, ack: (result: Ack<{ accepted: true }>) => void) => void;
  'agent:key': (payload: AgentKeyPress, ack: (result: Ack<{ accepted: boolean }>) => void) => void;
  'agent:scan': (payload: AgentScan, ack: (result: Ack<{ accepted: true }>) => void) => void;
  'agent:evaluation': (payload: AgentEvaluation, ack: (result: Ack<{ accepted: boolean }>) => void) => void;
  'agent:print-result': (payload: AgentPrintResult, ack: (result: Ack<{ recorded: boolean }>) => void) => void;
  'agent:health': (payload: AgentHealth, ack: (result: Ack<{ ok: true }>) => void) => void;
}

/** A device in the registry (GET /api/devices): its health plus where it is and who drives it. */
export const DeviceStatusView = DeviceHealthView.extend({
  /** 'server' for devices the hall server drives itself, else the agent's device code. */
  host: z.string(),
  kiosk: z.string().optional(),
  window: z.number().optional(),
  strip: z.string().optional(),
});
export type DeviceStatusView = z.infer<typeof DeviceStatusView>;

/*
 * Device agent protocol (DESIGN.md §2, §5). An agent is a device principal of kind 'agent' that
 * connects with its token as handshake auth, then:
 *   1. emits 'agent:register' with the devices it drives (which kiosks, windows and strips they
 *      belong to); the server acks, then sends the current LED/caller state and re-sends every print
 *      job of its kiosks that has no result yet;
 *   2. reports device events with 'agent:card' | 'agent:key' | 'agent:evaluation' | 'agent:health',
 *      each acked with { ok, data } | { ok: false, error };
 *   3. receives 'agent:print' jobs and answers each with 'agent:print-result' carrying the same jobId.
 *      A jobId is printed at most once: the agent keeps the ids it completed (on disk) and answers a
 *      re-sent job from that record; the server records a job's result once and ignores repeats.
 * Every payload is validated with the schemas below on the receiving side.
 */

export const DeviceKindName = z.enum(['idcard', 'printer', 'caller', 'evaluator', 'led-window', 'led-strip', 'scanner']);
export type DeviceKindName = z.infer<typeof DeviceKindName>;

export const CallerActionName = z.enum(['call', 'recall', 'evaluate', 'pause', 'transfer', 'no_show', 'suspend', 'call_back']);
export type CallerActionName = z.infer<typeof CallerActionName>;

const deviceId = z.string().min(1).max(64);

export const AgentDeviceInfo = z.strictObject({
  id: deviceId,
  kind: DeviceKindName,
  kiosk: z.string().min(1).max(32).optional(),
  window: z.number().int().min(1).max(9999).optional(),
  strip: z.string().min(1).max(32).optional(),
});
export type AgentDeviceInfo = z.infer<typeof AgentDeviceInfo>;

export const AgentRegister = z.strictObject({
  version: z.string().max(40).optional(),
  devices: z.array(AgentDeviceInfo).max(128),
});
export type AgentRegister = z.infer<typeof AgentRegister>;

export interface AgentRegistered {
  agent: string;
  /** Print jobs re-sent because they had no result yet. */
  resent: number;
}

/** What a printed ticket shows; mirrors drivers/printer PrintableTicket. Masked data only. */
export const PrintableTicketPayload = z.strictObject({
  hallName: z.string(),
  queueName: z.string(),
  itemName: z.string().optional(),
  number: z.string(),
  peopleAhead: z.number().int().min(0),
  estimatedWaitMinutes: z.number().min(0).optional(),
  issuedAt: z.string(),
  windows: z.array(z.string()),
  idTail: z.string().max(8).optional(),
  tags: z.array(z.enum(['green', 'appointment', 'proxy', 'elderly', 'assisted'])),
  /** 代办 by a village/township station: its name, printed under the 【代办】 mark. */
  proxyBy: z.string().max(60).optional(),
  materials: z.array(z.string()),
  statusUrl: z.string(),
  footer: z.array(z.string()),
});
export type PrintableTicketPayload = z.infer<typeof PrintableTicketPayload>;

export const AgentPrintJob = z.strictObject({
  jobId: z.string().min(1).max(80),
  ticketId: z.string().min(1).max(64),
  kiosk: z.string().min(1).max(32),
  why: z.enum(['issue', 'reprint']),
  ticket: PrintableTicketPayload,
  createdAt: z.string(),
});
export type AgentPrintJob = z.infer<typeof AgentPrintJob>;

export const AgentPrintResult = z.strictObject({
  jobId: z.string().min(1).max(80),
  ticketId: z.string().min(1).max(64),
  printed: z.boolean(),
  reason: z.string().max(200).optional(),
});
export type AgentPrintResult = z.infer<typeof AgentPrintResult>;

/** The full number travels once, agent → server, and is protected on arrival; it is never sent back. */
export const AgentCardRead = z.strictObject({
  device: deviceId,
  idNumber: z.string().min(1).max(40),
  name: z.string().max(60).optional(),
});
export type AgentCardRead = z.infer<typeof AgentCardRead>;

/** A code scanned at a kiosk's scanner (e-ID / 电子社保卡 QR, booking code): opaque, never logged. */
export const AgentScan = z.strictObject({
  device: deviceId,
  code: z.string().min(1).max(2048),
});
export type AgentScan = z.infer<typeof AgentScan>;

export const AgentKeyPress = z.strictObject({
  device: deviceId,
  action: CallerActionName.nullable(),
  key: z.string().max(40),
});
export type AgentKeyPress = z.infer<typeof AgentKeyPress>;

export const AgentEvaluation = z.strictObject({
  device: deviceId,
  level: EvaluationLevel.nullable(),
  value: z.number().int().min(0).max(255),
});
export type AgentEvaluation = z.infer<typeof AgentEvaluation>;

export const AgentHealth = z.strictObject({
  device: deviceId,
  state: z.enum(['disconnected', 'connecting', 'ready', 'fault']),
  reason: z.string().max(300).optional(),
  /** e.g. paper near end: the device works, someone should look at it. */
  warning: z.string().max(200).optional(),
});
export type AgentHealth = z.infer<typeof AgentHealth>;

export const StripCallPayload = z.strictObject({ ticket: z.string(), window: z.string() });

/** Output for LEDs and caller displays, the same whether the server or an agent drives the device. */
export const DeviceOutput = z.discriminatedUnion('type', [
  /** A call: window LED flashes the number then keeps it (steady: no flash, e.g. after a restart); caller shows it. */
  z.strictObject({ type: z.literal('window-call'), window: z.number().int(), number: z.string(), windowName: z.string(), steady: z.boolean().optional() }),
  z.strictObject({ type: z.literal('window-idle'), window: z.number().int(), windowName: z.string() }),
  z.strictObject({ type: z.literal('caller-waiting'), window: z.number().int(), count: z.number().int().min(0) }),
  z.strictObject({ type: z.literal('caller-evaluation'), window: z.number().int() }),
  z.strictObject({ type: z.literal('strip'), calls: z.array(StripCallPayload), notices: z.array(z.string()) }),
]);
export type DeviceOutput = z.infer<typeof DeviceOutput>;
