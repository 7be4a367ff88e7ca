/**
 * Nearest-rank percentile: the ⌈p·n⌉-th smallest value (1-based), so the result is always one of the
 * observed values and P90 of ten waits is the 9th smallest. Null for an empty list.
 */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  if (!(p > 0 && p <= 1)) throw new RangeError(`percentile must be in (0, 1], got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function mean(values: readonly number[]): number | null {
  if (!values.length) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Minutes rounded to one decimal for display; null stays null. */
export function round1(v: number | null): number | null {
  return v === null ? null : Math.round(v * 10) / 10;
}
