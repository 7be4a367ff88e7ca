import { asError, ReplyTimeoutError } from './errors.ts';

/** Decides whether an incoming message is the one a wait is for. */
export type Matcher<M> = (message: M) => boolean;

export interface CorrelatorOptions {
  /**
   * Builds the timeout message from what was awaited. Default:
   * "timed out after 300 ms waiting for <description>".
   */
  timeoutMessage?: (description: string, timeoutMs: number) => string;
}

interface Wait<M> {
  readonly matcher: Matcher<M>;
  readonly description: string;
  readonly timer: NodeJS.Timeout;
  readonly resolve: (message: M) => void;
  readonly reject: (error: Error) => void;
}

const defaultTimeoutMessage = (description: string, timeoutMs: number): string =>
  `timed out after ${timeoutMs} ms waiting for ${description}`;

/**
 * Matches replies to the requests that wait for them. A driver calls waitFor() before it sends,
 * and offer() with every message its parser produces; the first wait (oldest first) whose matcher
 * accepts a message is resolved with it and removed. A wait that sees no match in time is rejected
 * with a ReplyTimeoutError naming what was awaited; rejectAll() fails every wait at once when the
 * link drops. Every settled wait clears its timer.
 */
export class Correlator<M> {
  private readonly waits: Wait<M>[] = [];
  private readonly byPromise = new WeakMap<Promise<M>, Wait<M>>();
  private readonly timeoutMessage: (description: string, timeoutMs: number) => string;

  constructor(options: CorrelatorOptions = {}) {
    this.timeoutMessage = options.timeoutMessage ?? defaultTimeoutMessage;
  }

  /** Waits still open. */
  get pending(): number {
    return this.waits.length;
  }

  /** Resolves with the first message offered after this call that `matcher` accepts. */
  waitFor(matcher: Matcher<M>, timeoutMs: number, description: string): Promise<M> {
    let wait!: Wait<M>;
    const promise = new Promise<M>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.remove(wait)) reject(new ReplyTimeoutError(this.timeoutMessage(description, timeoutMs), description, timeoutMs));
      }, timeoutMs);
      wait = { matcher, description, timer, resolve, reject };
    });
    this.waits.push(wait);
    this.byPromise.set(promise, wait);
    return promise;
  }

  /**
   * Registers the wait, then calls send(). If send fails, the wait is rejected with the send error
   * (passed through `sendError` when given) instead of timing out.
   */
  request(
    send: () => Promise<void>,
    matcher: Matcher<M>,
    timeoutMs: number,
    description: string,
    sendError?: (error: unknown) => Error,
  ): Promise<M> {
    const reply = this.waitFor(matcher, timeoutMs, description);
    let sending: Promise<void>;
    try {
      sending = send();
    } catch (error) {
      sending = Promise.reject(error);
    }
    sending.catch((error: unknown) => this.cancel(reply, sendError ? sendError(error) : asError(error)));
    return reply;
  }

  /** Hands a message to the waits; true when one of them took it. */
  offer(message: M): boolean {
    for (const wait of this.waits) {
      if (!wait.matcher(message)) continue;
      this.remove(wait);
      wait.resolve(message);
      return true;
    }
    return false;
  }

  /** Rejects one wait (the promise waitFor returned); false when it had already settled. */
  cancel(promise: Promise<M>, error: Error): boolean {
    const wait = this.byPromise.get(promise);
    if (!wait || !this.remove(wait)) return false;
    wait.reject(error);
    return true;
  }

  /**
   * Rejects every open wait, e.g. when the link closes. A string reason becomes
   * "<reason> while waiting for <description>"; an Error is used as it is.
   */
  rejectAll(reason: string | Error): void {
    for (const wait of this.waits.splice(0)) {
      clearTimeout(wait.timer);
      wait.reject(typeof reason === 'string' ? new Error(`${reason} while waiting for ${wait.description}`) : reason);
    }
  }

  private remove(wait: Wait<M>): boolean {
    const index = this.waits.indexOf(wait);
    if (index < 0) return false;
    this.waits.splice(index, 1);
    clearTimeout(wait.timer);
    return true;
  }
}
