import { setTimeout as sleep } from 'node:timers/promises';

export interface BusLockOptions {
  /** Silence kept after each transaction so slow RS-485 transceivers can turn the line around. */
  interFrameGapMs?: number;
}

interface Waiter {
  resolve: () => void;
}

/**
 * One transaction on the wire at a time (RS-485 is half-duplex). Acknowledgements can jump the
 * queue because a device waits for them and may resend if they are late.
 */
export class BusLock {
  private busy = false;
  private readonly queue: Waiter[] = [];
  readonly interFrameGapMs: number;

  constructor(options: BusLockOptions = {}) {
    this.interFrameGapMs = options.interFrameGapMs ?? 20;
  }

  async run<T>(fn: () => Promise<T>, priority: 'normal' | 'urgent' = 'normal'): Promise<T> {
    await this.acquire(priority);
    try {
      return await fn();
    } finally {
      if (this.interFrameGapMs > 0) await sleep(this.interFrameGapMs);
      this.release();
    }
  }

  private acquire(priority: 'normal' | 'urgent'): Promise<void> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const waiter = { resolve };
      if (priority === 'urgent') this.queue.unshift(waiter);
      else this.queue.push(waiter);
    });
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next.resolve();
    else this.busy = false;
  }
}
