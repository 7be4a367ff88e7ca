/** Health of one device as every driver reports it (DESIGN.md §7). */
export type DeviceHealth =
  | { state: 'disconnected' }
  | { state: 'connecting' }
  | { state: 'ready' }
  | { state: 'fault'; reason: string };

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
}

/** Exponential back-off with a cap (10 s by default) so an unplugged device is retried but not hammered. */
export function backoffDelay(attempt: number, { initialMs = 250, maxMs = 10_000 }: BackoffOptions = {}): number {
  const exp = initialMs * 2 ** Math.max(0, attempt);
  return Math.min(maxMs, exp);
}
