import { z } from 'zod';
import type { Logger } from '../common/logger.ts';
import type { IdentityVerifier, VerifyOutcome } from './verifier.ts';

export interface HttpVerifierOptions {
  /** HALL_EID_VERIFY_URL: the platform's (or the provincial gateway's) verification endpoint. */
  url: string;
  /** HALL_EID_VERIFY_TOKEN, sent as `Authorization: Bearer <token>`. */
  token: string;
  /** HALL_EID_VERIFY_TIMEOUT_MS, default 5000: a citizen is waiting at the kiosk. */
  timeoutMs?: number;
  log?: Pick<Logger, 'warn'>;
}

/** The platform's answer: verified with the identity, or not with a reason it may give. */
const Answer = z.union([
  z.object({ verified: z.literal(true), idNumber: z.string().regex(/^\d{17}[\dXx]$/), name: z.string().min(1).max(60).optional() }),
  z.object({ verified: z.literal(false), reason: z.string().max(200).optional() }),
]);

/**
 * POST `{ payload, kiosk }` as JSON, answered `{ verified: true, idNumber, name? }` or
 * `{ verified: false, reason? }`. Any other answer (non-2xx, bad JSON, timeout, a redirect) is
 * "unavailable", never a verification. Logged in coarse classes, never with the payload or the identity.
 */
export class HttpIdentityVerifier implements IdentityVerifier {
  readonly kind = 'http' as const;

  constructor(private readonly o: HttpVerifierOptions) {}

  async verify(payload: string, context: { kiosk: string }): Promise<VerifyOutcome> {
    let response: Response;
    try {
      response = await fetch(this.o.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.o.token}` },
        body: JSON.stringify({ payload, kiosk: context.kiosk }),
        redirect: 'error',
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 5000),
      });
    } catch (error) {
      const timeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      this.o.log?.warn({ reason: timeout ? 'timeout' : 'unreachable' }, 'e-ID verification service not reached');
      return { verified: false, reason: 'unavailable' };
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      this.o.log?.warn({ reason: 'status', status: response.status }, 'e-ID verification service refused the request');
      return { verified: false, reason: 'unavailable' };
    }
    let answer: z.infer<typeof Answer>;
    try {
      answer = Answer.parse(await response.json());
    } catch {
      this.o.log?.warn({ reason: 'malformed' }, 'e-ID verification service gave an answer that is not understood');
      return { verified: false, reason: 'unavailable' };
    }
    if (!answer.verified) return { verified: false, reason: 'rejected', ...(answer.reason ? { detail: answer.reason } : {}) };
    return { verified: true, idNumber: answer.idNumber.toUpperCase(), ...(answer.name ? { name: answer.name } : {}) };
  }
}
