import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { originRefused, type OriginVerdict } from '../auth/request-origin.ts';
import { Server } from 'socket.io';
import { SyncPayload, WindowCommandPayload, type Ack } from '../../contract/api.ts';
import type { HallEvent } from '../../contract/events.ts';
import type { ClientToServerEvents, HandshakeAuth, ReplayBatch, ServerToClientEvents, DeviceHealthView, KioskIdentity } from '../../contract/socket.ts';
import { toPublicEvent } from '../../contract/events.ts';
import { isSupervisor, type Principal } from '../auth/principal.ts';
import { resolvePrincipal } from '../auth/resolve.ts';
import { runWindowAction } from '../usecases/window-actions.ts';
import type { HallContext } from '../context.ts';
import type { AgentSocket, DevicePush } from '../devices/ports.ts';
import { ackRefusal, errorBody, validationError } from '../common/errors.ts';
import { findMalformedText, malformedText } from '../common/well-formed.ts';
import { kioskSeesFull, kioskView, projectEvent, windowSeesFull } from '../usecases/projection.ts';
import { buildSnapshot } from '../usecases/snapshot.ts';

interface SocketData {
  principal: Principal;
}

export type HallSocketServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type HallSocket = AgentSocket;

/** The device manager's screen pushes, over this server's rooms. */
export function devicePush(io: HallSocketServer): DevicePush {
  return {
    deviceHealth: (h) => publishDeviceHealth(io, h),
    kioskIdentity: (kiosk, identity) => publishKioskIdentity(io, kiosk, identity),
    // Like a card read, a scan's outcome concerns the one kiosk it was scanned at.
    scanRefused: (kiosk, refusal) => void io.to(kioskRoom(kiosk)).emit('kiosk:scan-refused', refusal),
    bookingCode: (kiosk, code) => void io.to(kioskRoom(kiosk)).emit('kiosk:booking-code', { code }),
  };
}

/** A client further behind than this gets a fresh snapshot instead of a replay. */
export const MAX_REPLAY = 1000;

const ROOM_PUBLIC = 'public';
const ROOM_FULL = 'full';
const windowRoom = (n: number) => `window:${n}`;
const kioskRoom = (code: string) => `kiosk:${code}`;

const ackError = ackRefusal;

/**
 * Socket.IO on the hall server. Rooms decide what each client sees: `full` (supervisors and admins),
 * `window:n` (staff signed in to window n: full events for their window and queues), `kiosk:code` (a
 * kiosk's own tickets in full), and `public` (everyone else: masked, no identity). Each client is in
 * exactly one stream room, so no event is ever delivered to a socket twice.
 */
export interface RealtimeHooks {
  /** Called for each connected device agent, after the stream set-up, to add the agent protocol handlers. */
  onAgent?(socket: HallSocket): void;
  /**
   * Whether a handshake's browser origin is this server (auth/request-origin.ts): a page on another
   * origin must not open a socket with a signed-in browser's cookie (cross-site WebSocket hijacking).
   */
  checkOrigin?(req: IncomingMessage): OriginVerdict;
}

export function attachRealtime(http: HttpServer | HttpsServer, ctx: HallContext, hooks: RealtimeHooks = {}): HallSocketServer {
  const io: HallSocketServer = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    // Refused before the handshake completes: engine.io answers 403 (polling) or drops the upgrade (websocket).
    allowRequest: (req, callback) => {
      const verdict = hooks.checkOrigin?.(req) ?? { ok: true };
      if (verdict.ok) return callback(null, true);
      ctx.log.warn({ origin: verdict.origin, reason: verdict.reason }, 'socket handshake refused: foreign origin');
      callback(originRefused(verdict.reason, verdict.origin).message, false);
    },
  });

  io.use((socket, next) => {
    const auth = (socket.handshake.auth ?? {}) as HandshakeAuth;
    socket.data.principal = resolvePrincipal(ctx.sessions, socket.handshake.headers, auth.token);
    next();
  });

  const streamRoom = (p: Principal): string => {
    if (isSupervisor(p)) return ROOM_FULL;
    if (p.kind === 'staff' && p.window !== null) return windowRoom(p.window);
    if (p.kind === 'device' && p.deviceKind === 'kiosk') return kioskRoom(p.code);
    return ROOM_PUBLIC;
  };

  const replayFor = (p: Principal, afterSeq: number): ReplayBatch | undefined => {
    const log = ctx.engine.core.log;
    const last = log.lastSeq();
    if (afterSeq > last || last - afterSeq > MAX_REPLAY) return undefined;
    const events = log.after(afterSeq, MAX_REPLAY).flatMap((e) => {
      const projected = projectEvent(ctx, p, e);
      return projected ? [projected] : [];
    });
    return { events, seq: last, at: ctx.clock.now().toISOString() };
  };

  io.on('connection', (socket: HallSocket) => {
    ctx.metrics.socketsConnected++;
    const p = socket.data.principal;
    // Join, then replay or snapshot, in one synchronous step: no commit can run in between.
    void socket.join(streamRoom(p));
    const lastSeq = (socket.handshake.auth as HandshakeAuth | undefined)?.lastSeq;
    const batch = typeof lastSeq === 'number' && Number.isInteger(lastSeq) && lastSeq >= 0 ? replayFor(p, lastSeq) : undefined;
    if (batch) socket.emit('replay', batch);
    else socket.emit('snapshot', buildSnapshot(ctx, p));

    socket.on('disconnect', () => {
      ctx.metrics.socketsConnected--;
    });

    // A payload carrying a lone UTF-16 surrogate (text no store keeps exactly) is refused with a code
    // before any handler, this one's or the device agent's, sees it.
    socket.use((packet, next) => {
      const at = findMalformedText(packet.slice(1).filter((a) => typeof a !== 'function'));
      if (at === null) return next();
      const ack: unknown = packet.at(-1);
      if (typeof ack === 'function') (ack as (r: unknown) => void)(ackError(malformedText(at)));
    });

    socket.on('sync', (payload, ack) => {
      if (typeof ack !== 'function') return;
      const parsed = SyncPayload.safeParse(payload);
      if (!parsed.success) return ack(ackError(validationError(parsed.error)));
      const now = socket.data.principal;
      const replay = parsed.data.snapshot ? undefined : replayFor(now, parsed.data.afterSeq);
      ack({ ok: true, data: replay ?? { snapshot: buildSnapshot(ctx, now) } });
    });

    socket.on('window:command', (payload, ack) => {
      if (typeof ack !== 'function') return;
      const fail = (error: unknown) => {
        if (!errorBody(error)) ctx.log.error({ err: error }, 'window command failed');
        ack(ackError(error));
      };
      const parsed = WindowCommandPayload.safeParse(payload);
      if (!parsed.success) return fail(validationError(parsed.error));
      // Re-read the principal: a sign-in on this socket's session changes its window.
      const fresh = resolvePrincipal(ctx.sessions, socket.handshake.headers, (socket.handshake.auth as HandshakeAuth | undefined)?.token);
      ctx.engine.core
        .grouped(() => runWindowAction(ctx, { principal: fresh, place: socket.handshake.address ?? null }, parsed.data.window, parsed.data.action, parsed.data.body))
        .then((data) => ack({ ok: true, data }), fail);
    });

    if (p.kind === 'device' && p.deviceKind === 'agent') hooks.onAgent?.(socket);
  });

  ctx.engine.onEvents((events) => publish(io, ctx, events));
  /**
   * Re-reads the credentials of live sockets: a socket whose session or device token is gone is
   * disconnected; one whose window changed moves to its new stream room with a fresh snapshot.
   */
  const revalidate = (only?: (p: Principal) => boolean) => {
    for (const socket of io.sockets.sockets.values()) {
      const before = socket.data.principal;
      if (before.kind === 'anonymous' || (only && !only(before))) continue;
      const fresh = resolvePrincipal(ctx.sessions, socket.handshake.headers, (socket.handshake.auth as HandshakeAuth | undefined)?.token);
      socket.data.principal = fresh;
      if (fresh.kind === 'anonymous') {
        socket.disconnect(true);
        continue;
      }
      if (streamRoom(fresh) === streamRoom(before)) continue;
      void socket.leave(streamRoom(before));
      void socket.join(streamRoom(fresh));
      socket.emit('snapshot', buildSnapshot(ctx, fresh));
    }
  };
  // After the sign-in/out events went out, so the staff member's sockets follow their session.
  ctx.engine.onEvents((events) => {
    const badges = new Set(events.filter((e) => e.type === 'staff.signed_in' || e.type === 'staff.signed_out').map((e) => String(e.data.badge)));
    if (badges.size) revalidate((p) => p.kind === 'staff' && badges.has(p.badge));
    if (events.some((e) => e.type === 'config.changed' && (e.data.entity === 'devices' || e.data.entity === 'staff'))) revalidate();
  });
  ctx.sessionEnded = (sessionHash) => revalidate((p) => p.kind === 'staff' && (sessionHash === null || p.sessionHash === sessionHash));
  // Sessions also end by expiry, which no event announces.
  const expiryTimer = setInterval(() => revalidate((p) => p.kind === 'staff'), 30_000);
  expiryTimer.unref();
  http.once('close', () => clearInterval(expiryTimer));
  return io;
}

/** Fans committed events out to the stream rooms, once per room, each in the view that room may see. */
export function publish(io: HallSocketServer, ctx: HallContext, events: HallEvent[]): void {
  const rooms = io.sockets.adapter.rooms;
  for (const e of events) {
    if (rooms.has(ROOM_FULL)) io.to(ROOM_FULL).emit('event', e);
    const pub = toPublicEvent(e);
    if (rooms.has(ROOM_PUBLIC)) io.to(ROOM_PUBLIC).emit('event', pub);
    for (const name of rooms.keys()) {
      if (name.startsWith('window:')) {
        io.to(name).emit('event', windowSeesFull(ctx, Number(name.slice(7)), e) ? e : pub);
      } else if (name.startsWith('kiosk:')) {
        io.to(name).emit('event', kioskSeesFull(name.slice(6), e) ? kioskView(e) : pub);
      }
    }
  }
}

export function publishDeviceHealth(io: HallSocketServer, health: DeviceHealthView): void {
  io.to(ROOM_FULL).emit('device:health', health);
}

/** A card read at a kiosk goes to that kiosk's own sockets only, never to another room. */
export function publishKioskIdentity(io: HallSocketServer, kiosk: string, identity: KioskIdentity): void {
  io.to(kioskRoom(kiosk)).emit('kiosk:identity', identity);
}
