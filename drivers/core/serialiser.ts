import { JobTimeoutError, QueueClosedError } from './errors.ts';

/** One unit of work. The signal is aborted when the job's timeout expires or the queue closes. */
export type Job<T> = (signal: AbortSignal) => Promise<T> | T;

export interface JobOptions {
  /** Names the job in timeout and close errors. Default "job". */
  description?: string;
  /**
   * Fails the job's caller after this long, aborts the job's signal and lets the next job start.
   * A job that ignores its signal keeps running in the background, so use it for work that can hang.
   */
  timeoutMs?: number;
  /** 'urgent' jobs go ahead of every waiting job (not of the one running). Default 'normal'. */
  priority?: 'normal' | 'urgent';
}

export interface SerialiserOptions {
  /** Silence kept after each job before its caller hears back and the next job starts (RS-485 turnaround). */
  gapMs?: number;
}

interface Entry {
  readonly job: Job<unknown>;
  readonly description: string;
  readonly timeoutMs: number | undefined;
  readonly controller: AbortController;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * A FIFO job queue that runs one job at a time: a half-duplex RS-485 wire, a printer whose jobs
 * must never interleave, a reader that takes one command at a time. run() returns the job's own
 * result or error; a failing job does not stop the queue. close() fails the jobs still waiting.
 */
export class Serialiser {
  private readonly waiting: Entry[] = [];
  private running = false;
  private closedReason: string | undefined;
  readonly gapMs: number;

  constructor(options: SerialiserOptions = {}) {
    this.gapMs = options.gapMs ?? 0;
  }

  /** Jobs waiting plus the one running. */
  get pending(): number {
    return this.waiting.length + (this.running ? 1 : 0);
  }

  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  run<T>(job: Job<T>, options: JobOptions = {}): Promise<T> {
    const description = options.description ?? 'job';
    if (this.closedReason !== undefined) return Promise.reject(new QueueClosedError(this.closedReason, description));
    return new Promise<T>((resolve, reject) => {
      const entry: Entry = {
        job,
        description,
        timeoutMs: options.timeoutMs,
        controller: new AbortController(),
        resolve: resolve as (value: unknown) => void,
        reject,
      };
      if (options.priority === 'urgent') this.waiting.unshift(entry);
      else this.waiting.push(entry);
      if (!this.running) {
        this.running = true;
        // Start on a later microtask so a job never runs inside its caller's stack.
        queueMicrotask(() => void this.drain());
      }
    });
  }

  /** Rejects every waiting job (and every later run()) with a QueueClosedError; the running job finishes. */
  close(reason = 'queue closed'): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    for (const entry of this.waiting.splice(0)) {
      entry.controller.abort(new QueueClosedError(reason, entry.description));
      entry.reject(new QueueClosedError(reason, entry.description));
    }
  }

  private async drain(): Promise<void> {
    for (let entry = this.waiting.shift(); entry; entry = this.waiting.shift()) {
      const outcome = await this.execute(entry);
      if (this.gapMs > 0) await delay(this.gapMs);
      if (outcome.ok) entry.resolve(outcome.value);
      else entry.reject(outcome.error);
    }
    this.running = false;
  }

  private execute(entry: Entry): Promise<Outcome> {
    const work = (async () => entry.job(entry.controller.signal))().then(
      (value): Outcome => ({ ok: true, value }),
      (error: unknown): Outcome => ({ ok: false, error }),
    );
    const { timeoutMs } = entry;
    if (timeoutMs === undefined) return work;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => {
        const error = new JobTimeoutError(entry.description, timeoutMs);
        entry.controller.abort(error);
        resolve({ ok: false, error });
      }, timeoutMs);
    });
    return Promise.race([work, expired]).finally(() => clearTimeout(timer));
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
