import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** X-HallQ-Signature: "sha256=" + hex HMAC-SHA256 of the exact body bytes with the webhook's secret. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** What a receiver does: recompute the HMAC over the raw body and compare in constant time. */
export function verifySignature(secret: string, body: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}
