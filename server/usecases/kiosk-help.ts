import type { KioskHelpBody } from '../../contract/kiosk-access.ts';
import { DomainError, forbidden } from '../common/errors.ts';
import type { HallContext } from '../context.ts';
import type { HelpCall, HelpCalls } from '../supervision/help-calls.ts';
import { audited } from './audited.ts';
import { actorOf, type Caller } from './caller.ts';

/**
 * A citizen pressed 帮办 at a kiosk: one event (supervisors and the 帮办 window see it at once, the
 * centre counts it) and its audit entry. Pressing again while the call is open changes nothing, so a
 * worried citizen tapping five times raises one call.
 */
export function requestKioskHelp(ctx: HallContext, caller: Caller, calls: HelpCalls, body: KioskHelpBody): HelpCall {
  const p = caller.principal;
  if (p.kind !== 'device' || p.deviceKind !== 'kiosk') throw forbidden('帮办呼叫（只有自助机可以发起）');
  const open = calls.of(p.code);
  if (open) return open;
  const access = ctx.engine.catalog.rules.kioskAccess;
  const kioskName = ctx.engine.views.deviceName(p.code) ?? p.code;
  audited(ctx, caller, { action: 'kiosk.help', target: p.code, place: `kiosk:${p.code}`, detail: { screen: body.screen ?? null } }, (tx) => {
    tx.emit({
      type: 'kiosk.help_requested',
      actor: actorOf(p),
      window: access.helpWindow,
      data: { kiosk: p.code, kioskName, screen: body.screen ?? null, window: access.helpWindow },
    });
  });
  return calls.of(p.code) ?? { kiosk: p.code, kioskName, screen: body.screen ?? null, window: access.helpWindow, since: ctx.clock.now().toISOString() };
}

/** Staff of the 帮办 window (or a supervisor) take a kiosk's call: it leaves every screen. */
export function answerKioskHelp(ctx: HallContext, caller: Caller, calls: HelpCalls, kiosk: string): void {
  const p = caller.principal;
  const call = calls.of(kiosk);
  if (!call) throw new DomainError('not_found', 'HELP_CALL_UNKNOWN', '这台自助机没有待处理的帮办呼叫（可能已有同事响应）。');
  if (p.kind !== 'staff') throw forbidden('帮办呼叫的响应');
  const supervisor = p.role === 'supervisor' || p.role === 'admin';
  if (!supervisor && (call.window === null || p.window !== call.window)) {
    throw forbidden(call.window === null ? '这次帮办呼叫的响应（由值班主管响应）' : `这次帮办呼叫的响应（由 ${call.window} 号帮办窗口或值班主管响应）`);
  }
  audited(ctx, caller, { action: 'kiosk.help_answer', target: kiosk, detail: { waitedSeconds: Math.round((ctx.clock.now().getTime() - Date.parse(call.since)) / 1000) } }, (tx) => {
    tx.emit({ type: 'kiosk.help_answered', actor: actorOf(p), window: call.window, data: { kiosk, kioskName: call.kioskName, by: p.name } });
  });
}
