import { createHash, randomBytes } from 'node:crypto';

/** Session ids and hall tokens: random, shown once, stored only as their SHA-256 (hex). */
export const newSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');
export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');
