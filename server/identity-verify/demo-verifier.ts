import { DEMO_CARDS } from '../../drivers/idcard/demo-cards.ts';
import type { IdentityVerifier, VerifyOutcome } from './verifier.ts';

/**
 * Demo halls only: stands in for the issuing platform so the scanner path can be tried end to end.
 * `DEMO-EID-<n>` is the e-ID of demo card n (the same people the simulated card reader knows);
 * `DEMO-EID-REVOKED` is one the "platform" turns down. Everything else is rejected.
 */
export const DEMO_EID_PREFIX = 'DEMO-EID-';

export class DemoIdentityVerifier implements IdentityVerifier {
  readonly kind = 'demo' as const;

  async verify(payload: string): Promise<VerifyOutcome> {
    const m = /^DEMO-EID-(\d{1,2})$/.exec(payload);
    const card = m ? DEMO_CARDS[Number(m[1])] : undefined;
    if (!card || !('idNumber' in card)) return { verified: false, reason: 'rejected', detail: 'demo: not a demo e-ID' };
    const name = 'name' in card ? card.name : undefined;
    return { verified: true, idNumber: card.idNumber, ...(name ? { name } : {}) };
  }
}
