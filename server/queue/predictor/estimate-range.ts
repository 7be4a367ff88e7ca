import type { WaitEstimate } from '../../../contract/wait-estimate.ts';

/** Quantiles of the simulated waits that make the central estimate and the range shown to citizens. */
export const CENTRAL_QUANTILE = 0.5;
export const LOW_QUANTILE = 0.2;
export const HIGH_QUANTILE = 0.8;
/** Below this many minutes the screens say 即将叫号 instead of a number. */
export const IMMINENT_MINUTES = 1;

export function quantile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  const x = p * (sorted.length - 1);
  const i = Math.floor(x);
  const f = x - i;
  return sorted[i]! + (sorted[Math.min(sorted.length - 1, i + 1)]! - sorted[i]!) * f;
}

/**
 * A wait as shown: the central minutes, a range a citizen can plan with (coarser above half an hour,
 * where minute precision would be false), and imminent when a window should call within a minute.
 */
export function toEstimate(sortedMinutes: readonly number[]): WaitEstimate {
  const central = quantile(sortedMinutes, CENTRAL_QUANTILE);
  let low = Math.max(0, Math.floor(quantile(sortedMinutes, LOW_QUANTILE)));
  let high = Math.max(1, Math.ceil(quantile(sortedMinutes, HIGH_QUANTILE)));
  const minutes = Math.max(0, Math.round(central));
  if (high > 30) {
    low = Math.floor(low / 5) * 5;
    high = Math.ceil(high / 5) * 5;
  }
  low = Math.min(low, minutes);
  high = Math.max(high, minutes, low + 1);
  const imminent = central < IMMINENT_MINUTES;
  return { minutes: imminent ? 0 : minutes, low: imminent ? 0 : low, high, imminent };
}
