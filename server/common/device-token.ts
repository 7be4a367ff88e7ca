import { createHash, randomBytes } from 'node:crypto';

/** Device tokens are kept only as their SHA-256 (hex); the plain token is shown once when issued. */
export function hashDeviceToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new device token (192 random bits, URL-safe): handed out once, stored only as its hash. */
export function newDeviceToken(): string {
  return randomBytes(24).toString('base64url');
}
