import { KioskScanBody, KioskScanResult } from '../../contract/kiosk-access.ts';
import type { IdentityRefs } from '../auth/identity-refs.ts';
import { DomainError, forbidden } from '../common/errors.ts';
import type { HallContext } from '../context.ts';
import type { DeviceManager } from '../devices/manager.ts';
import { verifierOff } from '../identity-verify/verifier.ts';
import { resolveScan } from '../usecases/scans.ts';
import type { AddRoute } from './route.ts';

/**
 * A scanner in USB keyboard mode plugged into the kiosk PC types its code into the kiosk page; the
 * page sends it here. Decided exactly like a scan from a driven scanner (usecases/scans.ts), answered
 * to the kiosk that asked: an identity ref, a booking code, or a refusal with where to go instead.
 */
export function scanRoutes(add: AddRoute, ctx: HallContext, identityRefs: IdentityRefs, devices: () => DeviceManager | undefined): void {
  add(
    { method: 'post', path: '/api/kiosk/scan', summary: 'A code a keyboard-mode scanner typed into this kiosk (e-ID QR or booking code)', tag: 'kiosk', response: KioskScanResult, allow: ['kiosk'], body: KioskScanBody },
    async ({ principal, body }) => {
      if (principal.kind !== 'device' || principal.deviceKind !== 'kiosk') throw forbidden('扫码');
      const verifier = devices()?.verifier ?? verifierOff;
      const decision = await resolveScan(ctx, { verifier, refs: identityRefs }, `${principal.code}-page`, principal.code, body.code);
      if (decision.kind === 'refused') {
        throw new DomainError('unprocessable', decision.refusal.code, decision.refusal.message, { hint: decision.refusal.hint });
      }
      return decision.kind === 'identity' ? { kind: 'identity' as const, identity: { ...decision.identity, source: 'eid' as const } } : decision;
    },
  );
}
