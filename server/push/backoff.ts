/**
 * Delay before the next attempt after `failures` failed ones: base·2^(n−1) seconds, capped, times a
 * random factor in [0.5, 1], so records that failed together (a receiver's outage) do not come back
 * together and a receiver coming up is not met by the whole backlog at once.
 */
export function pushBackoffMs(failures: number, o: { baseSeconds: number; maxSeconds: number }, random: () => number = Math.random): number {
  const ceiling = Math.min(o.maxSeconds, o.baseSeconds * 2 ** Math.max(0, failures - 1)) * 1000;
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}
