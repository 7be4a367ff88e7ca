/** Errors raised by the correlator and the serialiser; drivers test for them with instanceof. */

/** No message accepted by a wait's matcher arrived in time. `description` names what was awaited. */
export class ReplyTimeoutError extends Error {
  override readonly name = 'ReplyTimeoutError';

  constructor(message: string, readonly description: string, readonly timeoutMs: number) {
    super(message);
  }
}

/** A job ran longer than the timeout it was queued with; the queue moved on without it. */
export class JobTimeoutError extends Error {
  override readonly name = 'JobTimeoutError';

  constructor(readonly description: string, readonly timeoutMs: number) {
    super(`${description} did not finish within ${timeoutMs} ms`);
  }
}

/** The serialiser was closed before a job could run. */
export class QueueClosedError extends Error {
  override readonly name = 'QueueClosedError';

  constructor(readonly reason: string, readonly description: string) {
    super(`${reason}: ${description} was not run`);
  }
}

/** The text of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Anything thrown, as an Error. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
