import type { Tx } from '../queue/core.ts';
import type { HallContext } from '../context.ts';
import { describe, type Caller } from './caller.ts';

export interface AuditSpec<T> {
  /** A function when the action is known only after the command ran (a keypad's pause that resumed). */
  action: string | ((result: T) => string);
  /** What was acted on: a ticket number, a code, a badge. */
  target?: string | null | ((result: T) => string | null);
  detail?: Record<string, unknown> | null | ((result: T) => Record<string, unknown> | null);
  /** Overrides the caller's place (e.g. `window:3` for a window action). */
  place?: string | null | ((result: T) => string | null);
  /** Overrides who the entry names (hardware on a bus acts without a token: `device:W3-caller`, role `caller`). */
  as?: { actor: string; role: string };
  /** Written even while the storage is full, from its reserve: sign-in and sign-out only. */
  critical?: boolean;
}

/**
 * Runs a use case's writes as ONE engine transaction together with its audit entry: the engine command,
 * its event, its outbox row and the audit row commit together or not at all (inside a group commit this
 * is a savepoint of the group's transaction). Refusals roll everything back and leave no audit entry.
 */
export function audited<T>(ctx: HallContext, caller: Caller, spec: AuditSpec<T>, fn: (tx: Tx) => T): T {
  return ctx.engine.core.run((tx) => {
    const result = fn(tx);
    const who = spec.as ?? describe(caller.principal);
    ctx.audit.append({
      actor: who.actor,
      role: who.role,
      action: typeof spec.action === 'function' ? spec.action(result) : spec.action,
      target: typeof spec.target === 'function' ? spec.target(result) : (spec.target ?? null),
      place: typeof spec.place === 'function' ? spec.place(result) : spec.place !== undefined ? spec.place : caller.place,
      detail: typeof spec.detail === 'function' ? spec.detail(result) : (spec.detail ?? null),
    });
    return result;
  }, { critical: spec.critical ?? false });
}
