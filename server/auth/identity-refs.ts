import { randomBytes } from 'node:crypto';
import type { ProtectedIdentity } from '../queue/identity.ts';
import type { Clock } from '../common/clock.ts';
import { DomainError } from '../common/errors.ts';

export interface IdentityRefOptions {
  /** How long a card read may be used to issue, default 120 s. */
  ttlMs?: number;
  /** Refs kept at most (oldest dropped first); a guard against a flood of reads. */
  maxEntries?: number;
}

interface Entry {
  kiosk: string;
  identity: ProtectedIdentity;
  expiresAt: number;
}

export const identityRefRefused = () =>
  new DomainError('conflict', 'IDENTITY_REF_INVALID', '身份证读取信息已失效或已使用，请重新将身份证放在感应区。');

/**
 * One-time references to an ID card read at a kiosk (DESIGN.md §6). The number is protected (keyed
 * hash + masked form) the moment it is read; only that protected form is kept, in memory, under a
 * random ref bound to the kiosk, for a short time and for one successful use.
 */
export class IdentityRefs {
  private readonly entries = new Map<string, Entry>();
  readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(private readonly clock: Clock, options: IdentityRefOptions = {}) {
    this.ttlMs = options.ttlMs ?? 120_000;
    this.maxEntries = options.maxEntries ?? 1000;
  }

  /** Stores a protected identity for one kiosk; a newer read at the same kiosk replaces older refs. */
  create(kiosk: string, identity: ProtectedIdentity): { ref: string; validUntil: Date } {
    this.sweep();
    for (const [ref, e] of this.entries) if (e.kiosk === kiosk) this.entries.delete(ref);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    const ref = randomBytes(18).toString('base64url');
    const expiresAt = this.clock.now().getTime() + this.ttlMs;
    this.entries.set(ref, { kiosk, identity, expiresAt });
    return { ref, validUntil: new Date(expiresAt) };
  }

  /** The identity behind a ref of this kiosk, without using it up; throws IDENTITY_REF_INVALID. */
  peek(ref: string, kiosk: string): ProtectedIdentity {
    const e = this.entries.get(ref);
    if (!e || e.kiosk !== kiosk) throw identityRefRefused();
    if (e.expiresAt <= this.clock.now().getTime()) {
      this.entries.delete(ref);
      throw identityRefRefused();
    }
    return e.identity;
  }

  /** Uses a ref up (after the command it served succeeded). */
  consume(ref: string): void {
    this.entries.delete(ref);
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [ref, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(ref);
  }
}
