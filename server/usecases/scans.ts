import type { KioskScanRefused } from '../../contract/kiosk-access.ts';
import type { KioskIdentity } from '../../contract/socket.ts';
import type { IdentityRefs } from '../auth/identity-refs.ts';
import type { HallContext } from '../context.ts';
import type { IdentityVerifier } from '../identity-verify/verifier.ts';
import { QueueError } from '../queue/errors.ts';
import { audited } from './audited.ts';
import type { Caller } from './caller.ts';

/** What a scan at a kiosk came to; the audit names the kind, never the payload or the person. */
export type ScanOutcome = 'booking_code' | 'eid_verified' | 'eid_rejected' | 'eid_unavailable' | 'eid_off' | 'eid_scan_off' | 'eid_id_invalid';

export type ScanDecision =
  | { kind: 'identity'; identity: KioskIdentity }
  | { kind: 'booking'; code: string }
  | { kind: 'refused'; refusal: KioskScanRefused };

/** A kiosk's scan is audited like a card read: which device, where, and what it came to. */
function scanAudited(ctx: HallContext, device: string, kiosk: string, outcome: ScanOutcome): void {
  const caller: Caller = { principal: { kind: 'anonymous' }, place: `kiosk:${kiosk}` };
  const action = outcome === 'eid_verified' ? 'scanner.eid_verified' : outcome === 'booking_code' ? 'scanner.booking_code' : 'scanner.refused';
  audited(ctx, caller, { action, as: { actor: `device:${device}`, role: 'scanner' }, target: null, detail: { outcome } }, () => undefined);
}

/**
 * A code scanned at a kiosk, by a scanner the server or an agent drives, or typed into the kiosk page
 * by a scanner in keyboard mode. Six digits are a booking code. Anything else is taken as an e-ID /
 * 电子社保卡 payload and counts only when the verification service confirms it (protocols.md §6); it
 * then becomes a one-time identity ref exactly like a card read. Every outcome is audited; the payload
 * itself is never logged or kept.
 */
export async function resolveScan(
  ctx: HallContext,
  deps: { verifier: IdentityVerifier; refs: IdentityRefs },
  device: string,
  kiosk: string,
  code: string,
): Promise<ScanDecision> {
  const access = ctx.engine.catalog.rules.kioskAccess;
  const hint = `请刷身份证，或到${access.helpPlace}${access.helpWindow !== null ? `（${access.helpWindow} 号帮办窗口）` : ''}办理。`;
  const refuse = (outcome: ScanOutcome, errorCode: string, message: string): ScanDecision => {
    scanAudited(ctx, device, kiosk, outcome);
    ctx.log.info({ device, kiosk, outcome }, 'scan refused');
    return { kind: 'refused', refusal: { code: errorCode, message, hint } };
  };
  if (/^\d{6}$/.test(code)) {
    scanAudited(ctx, device, kiosk, 'booking_code');
    return { kind: 'booking', code };
  }
  if (!access.eidScan) return refuse('eid_scan_off', 'EID_SCAN_OFF', '本机不受理扫码核验身份。');
  const outcome = await deps.verifier.verify(code, { kiosk });
  if (!outcome.verified) {
    if (outcome.reason === 'rejected') return refuse('eid_rejected', 'EID_NOT_VERIFIED', '电子证照核验未通过（可能已过期，请在手机上刷新后重扫）。');
    if (outcome.reason === 'unavailable') return refuse('eid_unavailable', 'EID_VERIFY_UNAVAILABLE', '电子证照核验服务暂时无法连接，请稍后再试。');
    return refuse('eid_off', 'EID_VERIFY_OFF', '本厅暂未接入电子证照核验服务。');
  }
  let identity;
  try {
    identity = ctx.identity.protect(outcome.idNumber, outcome.name, ctx.clock.now());
  } catch (error) {
    if (error instanceof QueueError) return refuse('eid_id_invalid', 'EID_ID_INVALID', '核验服务返回的身份证号码有误。');
    throw error;
  }
  const { ref, validUntil } = deps.refs.create(kiosk, identity);
  scanAudited(ctx, device, kiosk, 'eid_verified');
  return { kind: 'identity', identity: { idMasked: identity.idMasked, nameMasked: identity.nameMasked, identityRef: ref, validUntil: validUntil.toISOString(), source: 'eid' } };
}
