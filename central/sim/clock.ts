import type { Clock } from '../../server/common/clock.ts';

/**
 * The simulator's compressed clock: simulated time runs `speed` times faster than real time from
 * `start`, and can jump forward (over a night or a weekend). Every simulated hall shares one, so the
 * county's halls open and close together.
 */
export class CompressedClock implements Clock {
  private originSim: number;
  private originReal: number;

  constructor(start: Date, readonly speed: number) {
    this.originSim = start.getTime();
    this.originReal = performance.now();
  }

  now(): Date {
    return new Date(this.originSim + (performance.now() - this.originReal) * this.speed);
  }

  /** Simulated milliseconds per real millisecond. */
  simMs(realMs: number): number {
    return realMs * this.speed;
  }

  /** Moves simulated time to `at` (never backwards: the hall's events must stay in time order). */
  jumpTo(at: Date): void {
    if (at.getTime() <= this.now().getTime()) return;
    this.originSim = at.getTime();
    this.originReal = performance.now();
  }
}
