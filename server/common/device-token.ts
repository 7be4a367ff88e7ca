import { createHash } from 'node:crypto';

/** Device tokens are kept only as their SHA-256 (hex); the plain token is shown once when issued. */
export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
