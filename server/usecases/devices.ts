import type { EvaluationLevel } from '../../contract/domain.ts';
import type { CallerActionName } from '../../contract/socket.ts';
import type { TicketView } from '../../contract/ticket.ts';
import type { HallContext } from '../context.ts';
import { QueueError } from '../queue/errors.ts';
import type { Caller } from './caller.ts';
import { audited } from './audited.ts';
import { evaluatorRating, keypadEvaluationKey } from './evaluations.ts';

/** What a device's press or read came to: accepted, or refused with the engine's code. */
export type DevicePressResult = { accepted: true; ticket?: string } | { accepted: false; code: string };

const KEY_ACTION_NAMES: Record<CallerActionName, string> = {
  call: 'call-next',
  recall: 'recall',
  evaluate: 'request-evaluation',
  pause: 'pause',
  transfer: 'transfer',
  no_show: 'no-show',
  suspend: 'suspend',
  call_back: 'resume-ticket',
};

/** Hardware on a bus has no token of its own; it is named in the audit by its device code and kind. */
const hardware = (device: string, role: string, place: string): { caller: Caller; as: { actor: string; role: string } } => ({
  caller: { principal: { kind: 'anonymous' }, place },
  as: { actor: `device:${device}`, role },
});

/** Engine refusals become a press result (the keypad shows them); anything else is a fault and is thrown. */
function pressed(fn: () => DevicePressResult): DevicePressResult {
  try {
    return fn();
  } catch (error) {
    if (error instanceof QueueError) return { accepted: false, code: error.code };
    throw error;
  }
}

/** A caller key acts for the staff member signed in at the window; with nobody there it is refused. */
export function keypadPress(ctx: HallContext, device: string, window: number, action: CallerActionName): DevicePressResult {
  const { engine } = ctx;
  const actor = { kind: 'device' as const, id: device };
  const w = engine.windows;
  const { caller, as } = hardware(device, 'caller', `window:${window}`);
  return pressed(() => {
    const badge = w.window(window).row.staff_badge;
    if (!badge) throw new QueueError('NOT_SIGNED_IN');
    let name = KEY_ACTION_NAMES[action];
    const ticket = audited(
      ctx,
      caller,
      { action: () => `window.${name}`, as, target: (t) => t?.number ?? null, detail: { onBehalfOf: badge } },
      (): TicketView | undefined => {
        switch (action) {
          case 'call':
            return w.callNext(window, actor);
          case 'recall':
            return w.recall(window, actor);
          case 'evaluate':
            // 评价 key: request only, or finish then request, as the hall configures (usecases/evaluations.ts).
            return keypadEvaluationKey(ctx, window, actor);
          case 'pause':
            if (w.window(window).row.status === 'paused') {
              w.resumeService(window, actor);
              name = 'resume';
            } else w.pause(window, '暂停服务', actor);
            return undefined;
          case 'transfer':
            // A keypad cannot say where to: the window terminal does transfers.
            throw new QueueError('TRANSFER_TARGET_INVALID');
          case 'no_show':
            return w.noShow(window, actor);
          case 'suspend':
            return w.suspend(window, actor);
          case 'call_back': {
            const held = engine.views.lastSuspendedAt(window);
            if (!held) throw new QueueError('NO_CURRENT_TICKET');
            return w.resume(window, held.id, actor);
          }
        }
      },
    );
    return { accepted: true, ...(ticket ? { ticket: ticket.number } : {}) };
  });
}

/**
 * An evaluator press rates the visit the window asked to be rated, the ticket at the window, or the one
 * it just finished, once (usecases/evaluations.ts); an unknown value (null) or a refused press is an
 * `evaluation.refused` event and a log line.
 */
export function evaluatorPress(ctx: HallContext, device: string, window: number, level: EvaluationLevel | null): DevicePressResult {
  return evaluatorRating(ctx, device, window, level);
}

/** A printer's verdict on a ticket and its audit entry: one durable commit. */
export function recordPrintResult(ctx: HallContext, device: string, ticketId: string, outcome: { printed: boolean; reason?: string | undefined }): TicketView {
  const { caller, as } = hardware(device, 'printer', '');
  return audited(
    ctx,
    caller,
    {
      action: 'ticket.print_result',
      as,
      target: (t) => t.number,
      place: (t) => (t.kiosk ? `kiosk:${t.kiosk}` : null),
      detail: outcome.printed ? { printed: true } : { printed: false, reason: outcome.reason ?? null },
    },
    () => {
      const t = ctx.engine.tickets.recordPrint(ticketId, outcome.printed, outcome.reason ?? null, { kind: 'device', id: device });
      return t;
    },
  );
}

/** A card read at a kiosk is audited (never its number). */
export function cardRead(ctx: HallContext, device: string, kiosk: string): void {
  const { caller, as } = hardware(device, 'idcard', `kiosk:${kiosk}`);
  audited(ctx, caller, { action: 'idcard.read', as, target: null }, () => undefined);
}

/** A device's fault or recovery: an event (supervision and the central platform follow device health) and its audit entry. */
export function deviceHealthChanged(
  ctx: HallContext,
  change: { device: string; kind: string; place: string | null; state: 'fault' | 'recovered'; reason?: string | null },
): void {
  const { caller, as } = hardware(change.device, change.kind, change.place ?? '');
  audited(
    ctx,
    caller,
    { action: `device.${change.state}`, as, target: change.device, place: change.place, detail: change.state === 'fault' ? { reason: change.reason ?? null } : null },
    (tx) => {
      tx.emit({
        type: change.state === 'fault' ? 'device.fault' : 'device.recovered',
        actor: { kind: 'device', id: change.device },
        data: { device: change.device, kind: change.kind, place: change.place, ...(change.state === 'fault' ? { reason: change.reason ?? null } : {}) },
      });
    },
  );
}

/** A device agent's registration (or its refusal, with the reason) is audited. */
export function agentRegistration(ctx: HallContext, agent: string, place: string | null, outcome: { devices: string[] } | { refused: string }): void {
  const caller: Caller = { principal: { kind: 'anonymous' }, place };
  const refused = 'refused' in outcome;
  audited(
    ctx,
    caller,
    { action: refused ? 'agent.register_refused' : 'agent.register', as: { actor: `device:${agent}`, role: 'agent' }, target: agent, detail: refused ? { reason: outcome.refused } : { devices: outcome.devices } },
    () => undefined,
  );
}

/** A device event an agent may not send (a device it did not register, or outside its scope) is refused and audited. */
export function agentEventRefused(ctx: HallContext, agent: string, place: string | null, refusal: { event: string; device: string | null; reason: string }): void {
  const caller: Caller = { principal: { kind: 'anonymous' }, place };
  audited(
    ctx,
    caller,
    { action: 'agent.event_refused', as: { actor: `device:${agent}`, role: 'agent' }, target: refusal.device, detail: { event: refusal.event, reason: refusal.reason } },
    () => undefined,
  );
}

/**
 * The device agent whose configured scope names this kiosk (the scope is kept in the hall database,
 * so this holds across restarts, before the agent has registered), if any. An agent without a scope
 * may serve any kiosk, but whether it has a printer there is unknown until it registers: not counted.
 */
export function agentScopedToKiosk(ctx: HallContext, kiosk: string): string | undefined {
  return ctx.engine.config.current().devices.find((d) => d.kind === 'agent' && d.scope?.kiosks.includes(kiosk))?.code;
}
