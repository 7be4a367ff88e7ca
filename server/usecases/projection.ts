import { toPublicEvent, type HallEvent } from '../../contract/events.ts';
import type { StreamEvent } from '../../contract/socket.ts';
import type { Principal } from '../auth/principal.ts';
import { isSupervisor } from '../auth/principal.ts';
import type { HallContext } from '../context.ts';

/** Which view of an event a principal may see: the full one (masked identity) or the public one. */
export type Scope = 'full' | 'public';

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

export function scopeFor(ctx: HallContext, p: Principal, e: HallEvent): Scope {
  if (isSupervisor(p)) return 'full';
  if (p.kind === 'staff' && p.window !== null) return windowSeesFull(ctx, p.window, e) ? 'full' : 'public';
  if (p.kind === 'device' && p.deviceKind === 'kiosk') return kioskSeesFull(p.code, e) ? 'full' : 'public';
  return 'public';
}

export function projectEvent(ctx: HallContext, p: Principal, e: HallEvent): StreamEvent | null {
  return scopeFor(ctx, p, e) === 'full' ? e : toPublicEvent(e);
}
