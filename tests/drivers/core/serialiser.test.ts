import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobTimeoutError, QueueClosedError } from '../../../drivers/core/errors.ts';
import { Serialiser } from '../../../drivers/core/serialiser.ts';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets queued microtasks (job starts, settlements) run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function settled<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return promise.then((value) => ({ value }), (error: unknown) => ({ error }));
}

describe('Serialiser', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs jobs strictly one after another, in the order they were queued', async () => {
    const q = new Serialiser();
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const gates = [deferred(), deferred(), deferred()];
    const results = gates.map((gate, i) =>
      q.run(async () => {
        running++;
        most = Math.max(most, running);
        log.push(`start ${i}`);
        await gate.promise;
        log.push(`end ${i}`);
        running--;
        return i * 10;
      }),
    );
    await flush();
    expect(log).toEqual(['start 0']);
    expect(q.pending).toBe(3);
    gates[2]!.resolve();
    gates[1]!.resolve();
    await flush();
    // Job 0 still holds the queue, so the gates opened for 1 and 2 change nothing yet.
    expect(log).toEqual(['start 0']);
    gates[0]!.resolve();
    expect(await Promise.all(results)).toEqual([0, 10, 20]);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
    expect(most).toBe(1);
    expect(q.pending).toBe(0);
  });

  it('never starts a job inside its caller’s stack', async () => {
    const q = new Serialiser();
    let started = false;
    const done = q.run(() => {
      started = true;
    });
    expect(started).toBe(false);
    await done;
    expect(started).toBe(true);
  });

  it('gives a failing job’s error to its caller only and carries on with the next job', async () => {
    const q = new Serialiser();
    const failing = settled(q.run(async () => Promise.reject(new Error('paper out'))));
    const throwing = settled(q.run(() => {
      throw new Error('sync throw');
    }));
    const next = q.run(async () => 'printed');
    expect(await failing).toEqual({ error: expect.objectContaining({ message: 'paper out' }) });
    expect(await throwing).toEqual({ error: expect.objectContaining({ message: 'sync throw' }) });
    await expect(next).resolves.toBe('printed');
  });

  it('puts urgent jobs ahead of the waiting ones, never ahead of the running one', async () => {
    const q = new Serialiser();
    const order: string[] = [];
    const gate = deferred();
    const jobs = [
      q.run(async () => {
        order.push('running');
        await gate.promise;
      }),
      q.run(() => void order.push('normal 1')),
      q.run(() => void order.push('normal 2')),
    ];
    await flush();
    jobs.push(q.run(() => void order.push('ack'), { priority: 'urgent' }));
    gate.resolve();
    await Promise.all(jobs);
    expect(order).toEqual(['running', 'ack', 'normal 1', 'normal 2']);
  });

  it('fails a job that overruns its timeout with a message naming it, aborts it and moves on', async () => {
    vi.useFakeTimers();
    const q = new Serialiser();
    let signal: AbortSignal | undefined;
    const hung = settled(q.run((s) => {
      signal = s;
      return new Promise<never>(() => undefined);
    }, { description: 'print job T1', timeoutMs: 2000 }));
    const next = q.run(() => 'status read');
    await vi.advanceTimersByTimeAsync(1999);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const outcome = await hung;
    expect(outcome).toEqual({ error: expect.any(JobTimeoutError) });
    expect((outcome as { error: Error }).error.message).toBe('print job T1 did not finish within 2000 ms');
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBeInstanceOf(JobTimeoutError);
    await expect(next).resolves.toBe('status read');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clears a job’s timeout timer when the job finishes in time', async () => {
    vi.useFakeTimers();
    const q = new Serialiser();
    await expect(q.run(async () => 42, { timeoutMs: 60_000 })).resolves.toBe(42);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps the gap after each job before the next starts', async () => {
    vi.useFakeTimers();
    const q = new Serialiser({ gapMs: 20 });
    const starts: number[] = [];
    const first = q.run(() => void starts.push(Date.now()));
    const second = q.run(() => void starts.push(Date.now()));
    await vi.advanceTimersByTimeAsync(19);
    expect(starts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await first;
    expect(starts).toHaveLength(2);
    expect(starts[1]! - starts[0]!).toBe(20);
    await vi.advanceTimersByTimeAsync(20);
    await second;
  });

  it('close() rejects the waiting jobs and later ones, and lets the running job finish', async () => {
    const q = new Serialiser();
    const gate = deferred();
    const ran: string[] = [];
    const running = q.run(async () => {
      await gate.promise;
      return 'finished';
    }, { description: 'print job T1' });
    const waiting = settled(q.run(() => void ran.push('T2'), { description: 'print job T2' }));
    await flush();
    q.close('printer stopped');
    expect(q.closed).toBe(true);
    const outcome = await waiting;
    expect(outcome).toEqual({ error: expect.any(QueueClosedError) });
    expect((outcome as { error: Error }).error.message).toBe('printer stopped: print job T2 was not run');
    await expect(q.run(() => 1, { description: 'status check' })).rejects.toThrow('printer stopped: status check was not run');
    gate.resolve();
    await expect(running).resolves.toBe('finished');
    expect(ran).toEqual([]);
    expect(q.pending).toBe(0);
  });
});
