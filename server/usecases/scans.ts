import type { HallContext } from '../context.ts';
import { audited } from './audited.ts';
import type { Caller } from './caller.ts';

/** What a scan at a kiosk came to; the audit names the kind, never the payload or the person. */
export type ScanOutcome = 'booking_code' | 'eid_verified' | 'eid_rejected' | 'eid_unavailable' | 'eid_off' | 'eid_scan_off' | 'eid_id_invalid';

/** A kiosk's scan is audited like a card read: which device, where, and what it came to. */
export function scanAudited(ctx: HallContext, device: string, kiosk: string, outcome: ScanOutcome): void {
  const caller: Caller = { principal: { kind: 'anonymous' }, place: `kiosk:${kiosk}` };
  audited(ctx, caller, { action: outcome === 'eid_verified' ? 'scanner.eid_verified' : outcome === 'booking_code' ? 'scanner.booking_code' : 'scanner.refused', as: { actor: `device:${device}`, role: 'scanner' }, target: null, detail: { outcome } }, () => undefined);
}
