import type { LogNormal } from './types.ts';

export function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (!n) return NaN;
  const mid = n >> 1;
  return n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A lognormal fitted robustly to minutes and shrunk towards a prior: the median and the median
 * absolute deviation of the logs (so a ticket left open over lunch does not move the estimate), then
 * a weighted mean with the prior as if it were `priorWeight` observations. With no history the prior
 * comes back unchanged; with a few hundred tickets the history dominates.
 */
export function fitLogNormal(minutes: readonly number[], prior: LogNormal, priorWeight = 4): LogNormal {
  const logs = minutes.filter((m) => m > 0 && Number.isFinite(m)).map((m) => Math.log(Math.max(0.2, m))).sort((a, b) => a - b);
  const n = logs.length;
  if (!n) return prior;
  const mu = median(logs);
  const deviations = logs.map((l) => Math.abs(l - mu)).sort((a, b) => a - b);
  const sigma = n >= 3 ? 1.4826 * median(deviations) : prior.sigma;
  const w = n / (n + priorWeight);
  return {
    mu: w * mu + (1 - w) * prior.mu,
    sigma: Math.min(1.2, Math.max(0.12, Math.sqrt(w * sigma * sigma + (1 - w) * prior.sigma * prior.sigma))),
  };
}

/** A share with a prior: (hits + prior × weight) / (n + weight). */
export function shrunkRate(hits: number, n: number, prior: number, weight = 20): number {
  return (hits + prior * weight) / (n + weight);
}
