import type { FlashEffect, NativeEffect } from './types.ts';

export type RenderArea = (area: number, text: string, effect: NativeEffect) => Promise<void>;

export interface FlashTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: FlashTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface Running {
  timer: unknown;
}

/**
 * Host-driven flashing per area: on, off, on … for the effect's duration, then the text stays
 * static. A new text or a clear on the same area stops the flash.
 */
export class AreaFlasher {
  private readonly running = new Map<number, Running>();

  constructor(
    private readonly render: RenderArea,
    private readonly onError: (error: unknown) => void = () => undefined,
    private readonly timers: FlashTimers = realTimers,
  ) {}

  isFlashing(area: number): boolean {
    return this.running.has(area);
  }

  /** Renders the first "on" phase and resolves; the rest runs on timers. */
  async start(area: number, text: string, effect: FlashEffect): Promise<void> {
    this.stop(area);
    const halfPeriod = Math.max(50, (effect.periodMs ?? 1000) / 2);
    const phases = Math.max(1, Math.round(((effect.seconds ?? 10) * 1000) / halfPeriod));
    const blank = effect.blankText ?? '';
    const state: Running = { timer: undefined };
    this.running.set(area, state);
    let phase = 0;
    const step = (): void => {
      if (this.running.get(area) !== state) return;
      phase++;
      const done = phase >= phases;
      if (done) this.running.delete(area);
      const showText = done || phase % 2 === 0;
      this.render(area, showText ? text : blank, { kind: 'static' })
        .catch(this.onError)
        .finally(() => {
          if (!done && this.running.get(area) === state) state.timer = this.timers.setTimeout(step, halfPeriod);
        });
    };
    try {
      await this.render(area, text, { kind: 'static' });
    } catch (error) {
      if (this.running.get(area) === state) this.running.delete(area);
      throw error;
    }
    if (this.running.get(area) === state) state.timer = this.timers.setTimeout(step, halfPeriod);
  }

  stop(area?: number): void {
    for (const [a, state] of this.running) {
      if (area !== undefined && a !== area) continue;
      this.timers.clearTimeout(state.timer);
      this.running.delete(a);
    }
  }
}
