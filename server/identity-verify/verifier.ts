/**
 * The issuing platform's online check of a scanned e-ID (网证/电子身份证) or 电子社保卡 QR code. A scanned
 * payload is an opaque token: it becomes an identity only on the platform's answer (protocols.md §6).
 */
export type VerifyOutcome =
  | { verified: true; idNumber: string; name?: string }
  /** The platform looked and said no (expired, revoked, not a code it issued). */
  | { verified: false; reason: 'rejected'; detail?: string }
  /** The platform could not be asked (down, slow, misconfigured): the citizen may try again or use the card. */
  | { verified: false; reason: 'unavailable' }
  /** The hall has no verification service. */
  | { verified: false; reason: 'off' };

export interface IdentityVerifier {
  readonly kind: 'http' | 'demo' | 'off';
  /** Never logs or stores the payload; `kiosk` names where it was scanned, for the platform's records. */
  verify(payload: string, context: { kiosk: string }): Promise<VerifyOutcome>;
}

export const verifierOff: IdentityVerifier = {
  kind: 'off',
  verify: async () => ({ verified: false, reason: 'off' }),
};
