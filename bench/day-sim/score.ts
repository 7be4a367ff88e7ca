import { percentile } from '../lib.ts';
import type { TicketRecord } from './day.ts';

export interface Score {
  tickets: number;
  mae: number;
  medianAe: number;
  p90Ae: number;
  /** Mean of estimate − actual: negative when the estimate is low. */
  bias: number;
  /** Share of tickets that waited more than 1.5 × the estimate and more than 5 minutes beyond it. */
  overShare: number;
  /** Share whose actual wait fell inside the range shown (predictor only). */
  inRange: number;
}

/** Actual wait (issue → first call) against the estimate at issue, for the predictor and the baseline. */
export function score(records: readonly TicketRecord[], which: 'predictor' | 'naive'): Score {
  const called = records.filter((r) => r.calledMs !== null);
  const errors: number[] = [];
  let bias = 0;
  let over = 0;
  let inRange = 0;
  for (const r of called) {
    const actual = (r.calledMs! - r.issuedMs) / 60_000;
    const est = which === 'predictor' ? (r.imminent ? 0 : r.estimate) : r.naive;
    errors.push(Math.abs(actual - est));
    bias += est - actual;
    if (actual > 1.5 * est && actual - est > 5) over++;
    if (actual >= r.low - 0.5 && actual <= r.high + 0.5) inRange++;
  }
  const n = called.length || 1;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    tickets: called.length,
    mae: r2(errors.reduce((s, e) => s + e, 0) / n),
    medianAe: r2(percentile(errors, 50)),
    p90Ae: r2(percentile(errors, 90)),
    bias: r2(bias / n),
    overShare: r2(over / n),
    inRange: r2(inRange / n),
  };
}

/** Issued during the morning peak (09:30–11:00 local). */
export const morningPeak = (r: TicketRecord) => r.minuteOfDay >= 9.5 * 60 && r.minuteOfDay < 11 * 60;
