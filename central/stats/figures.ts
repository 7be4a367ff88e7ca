import type { CentralFigures } from '../../contract/central/stats.ts';

/**
 * Additive sums behind the figures, so groups can be merged (hall → region) before the figures are
 * made: counts, millisecond totals, the wait histogram in whole minutes (for the nearest-rank P90),
 * window open time and 差评 cases.
 */
export interface Sums {
  issued: number;
  served: number;
  no_show: number;
  cancelled: number;
  done: number;
  waited: number;
  wait_ms: number;
  serviced: number;
  service_ms: number;
  busy_ms: number;
  evaluated: number;
  satisfied: number;
  bad: number;
  cases: number;
  cases_on_time: number;
  /** null when open time has no meaning for the grouping. */
  open_ms: number | null;
  /** wait minute → tickets. */
  waits: Map<number, number>;
}

export const emptySums = (withOpen: boolean): Sums => ({
  issued: 0,
  served: 0,
  no_show: 0,
  cancelled: 0,
  done: 0,
  waited: 0,
  wait_ms: 0,
  serviced: 0,
  service_ms: 0,
  busy_ms: 0,
  evaluated: 0,
  satisfied: 0,
  bad: 0,
  cases: 0,
  cases_on_time: 0,
  open_ms: withOpen ? 0 : null,
  waits: new Map(),
});

export const NUMERIC_SUMS = ['issued', 'served', 'no_show', 'cancelled', 'done', 'waited', 'wait_ms', 'serviced', 'service_ms', 'busy_ms', 'evaluated', 'satisfied', 'bad', 'cases', 'cases_on_time'] as const;

export function mergeInto(target: Sums, s: Sums): void {
  for (const k of NUMERIC_SUMS) target[k] += s[k];
  if (target.open_ms !== null) target.open_ms = s.open_ms === null ? null : target.open_ms + s.open_ms;
  for (const [m, n] of s.waits) target.waits.set(m, (target.waits.get(m) ?? 0) + n);
}

/** Nearest rank over a histogram: the ⌈0.9·n⌉-th smallest wait, in whole minutes. */
export function p90FromHistogram(waits: ReadonlyMap<number, number>): number | null {
  let total = 0;
  for (const n of waits.values()) total += n;
  if (!total) return null;
  const rank = Math.ceil(0.9 * total);
  let seen = 0;
  for (const m of [...waits.keys()].sort((a, b) => a - b)) {
    seen += waits.get(m)!;
    if (seen >= rank) return m;
  }
  return null;
}

const minutes = (ms: number, n: number): number | null => (n ? round(ms / n / 60_000, 2) : null);
const rate = (a: number, b: number): number | null => (b ? round(a / b, 4) : null);
export const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** The figures of merged sums; `p90` overrides the histogram (the raw path computes it in SQL). */
export function toFigures(s: Sums, p90: number | null = p90FromHistogram(s.waits)): CentralFigures {
  const busy = s.busy_ms;
  return {
    tickets: s.issued,
    served: s.served,
    noShow: s.no_show,
    cancelled: s.cancelled,
    waited: s.waited,
    averageWaitMinutes: minutes(s.wait_ms, s.waited),
    p90WaitMinutes: p90,
    averageServiceMinutes: minutes(s.service_ms, s.serviced),
    doneOnSite: s.done,
    onSiteRate: rate(s.done, s.served),
    evaluated: s.evaluated,
    satisfied: s.satisfied,
    satisfactionRate: rate(s.satisfied, s.evaluated),
    badCount: s.bad,
    badCases: s.cases,
    badHandledOnTime: s.cases_on_time,
    badHandledOnTimeRate: rate(s.cases_on_time, s.cases),
    openMinutes: s.open_ms === null ? null : round(s.open_ms / 60_000, 2),
    idleMinutes: s.open_ms === null ? null : round(Math.max(0, s.open_ms - busy) / 60_000, 2),
  };
}
