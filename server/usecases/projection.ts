import { toPublicEvent, type HallEvent } from '../../contract/events.ts';
import type { StreamEvent } from '../../contract/socket.ts';
import type { Principal } from '../auth/principal.ts';
import { isSupervisor } from '../auth/principal.ts';
import type { HallContext } from '../context.ts';

/** Which view of an event a principal may see: the full one (masked identity), a kiosk's own ticket, or the public one. */
export type Scope = 'full' | 'kiosk' | 'public';

/** Staff at window n see in full what happens at their window and in the queues it serves. */
export function windowSeesFull(ctx: HallContext, window: number, e: HallEvent): boolean {
  if (e.window === window) return true;
  if (!e.ticket) return false;
  const served = ctx.engine.catalog.windows.get(window)?.queues ?? [];
  return served.includes(e.ticket.queue) || e.ticket.targetWindow === window;
}

/** A kiosk sees its own tickets in full (print results, reprints), everything else publicly. */
export function kioskSeesFull(kiosk: string, e: HallEvent): boolean {
  return e.ticket?.kiosk === kiosk;
}

/**
 * A kiosk's view of its own ticket's event: what it printed (masked identity, for a reprint), never
 * what staff wrote about the case afterwards (a finish note, a green-channel reason), which the next
 * citizen at that kiosk could otherwise read off the socket.
 */
export function kioskView(e: HallEvent): HallEvent {
  const { row: _row, ...rest } = e;
  const { note: _n, reason, ...data } = e.data;
  // A print result's reason is the printer's (paper out), which the kiosk shows; any other is staff's.
  if (e.type === 'ticket.print_result' && reason !== undefined) data.reason = reason;
  return { ...rest, data, ticket: e.ticket ? { ...e.ticket, note: null, greenReason: null } : null };
}

export function scopeFor(ctx: HallContext, p: Principal, e: HallEvent): Scope {
  if (isSupervisor(p)) return 'full';
  if (p.kind === 'staff' && p.window !== null) return windowSeesFull(ctx, p.window, e) ? 'full' : 'public';
  if (p.kind === 'device' && p.deviceKind === 'kiosk') return kioskSeesFull(p.code, e) ? 'kiosk' : 'public';
  return 'public';
}

export function projectEvent(ctx: HallContext, p: Principal, e: HallEvent): StreamEvent | null {
  const scope = scopeFor(ctx, p, e);
  return scope === 'full' ? e : scope === 'kiosk' ? kioskView(e) : toPublicEvent(e);
}
