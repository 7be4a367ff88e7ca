import { Rng } from '../../server/queue/predictor/rng.ts';
import { ITEMS, QUEUE_SHARE } from './hall.ts';

const MIN = 60_000;

/** Arrivals per minute at a local minute of the day: a base rate with a morning and an afternoon peak. */
export function arrivalRate(minuteOfDay: number, dayFactor: number): number {
  const h = minuteOfDay / 60;
  const bump = (centre: number, width: number, height: number) => height * Math.exp(-0.5 * ((h - centre) / width) ** 2);
  const base = h < 12 ? 1.65 : 1.3;
  return dayFactor * (base + bump(10.0, 0.55, 2.3) + bump(15.0, 0.6, 1.2));
}

export interface Arrival {
  atMs: number;
  queue: string;
  item: string;
  green: boolean;
}

/**
 * Non-homogeneous Poisson arrivals (thinning) for the opening periods, each assigned a queue by the
 * queue shares and an item by the item shares; 3 % ask for the green channel.
 */
export function dayArrivals(rng: Rng, midnightMs: number, periods: [number, number][], dayFactor: number): Arrival[] {
  const max = arrivalRate(600, dayFactor) * 1.2;
  const out: Arrival[] = [];
  for (const [s, e] of periods) {
    let t = midnightMs + s * MIN;
    const end = midnightMs + e * MIN;
    for (;;) {
      t += rng.exponential(1 / max) * MIN;
      if (t >= end) break;
      if (rng.next() * max > arrivalRate((t - midnightMs) / MIN, dayFactor)) continue;
      const queue = pick(rng, Object.entries(QUEUE_SHARE));
      const items = ITEMS.filter((i) => i.queue === queue);
      const item = pick(rng, items.map((i) => [i.code, i.share] as [string, number]));
      out.push({ atMs: t, queue, item, green: rng.next() < 0.03 });
    }
  }
  return out;
}

export function pick<T>(rng: Rng, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let u = rng.next() * total;
  for (const [v, w] of weighted) if ((u -= w) <= 0) return v;
  return weighted.at(-1)![0];
}
