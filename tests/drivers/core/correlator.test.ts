import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Correlator } from '../../../drivers/core/correlator.ts';
import { ReplyTimeoutError } from '../../../drivers/core/errors.ts';

interface Reply {
  address: number;
  func: number;
}

const from = (address: number, func: number) => (m: Reply) => m.address === address && m.func === func;

/** Settles to what the promise did, so a rejection is inspected rather than thrown. */
function settled<T>(promise: Promise<T>): Promise<{ value: T } | { error: unknown }> {
  return promise.then((value) => ({ value }), (error: unknown) => ({ error }));
}

describe('Correlator', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves a wait with the first message its matcher accepts, ignoring unrelated ones', async () => {
    const c = new Correlator<Reply>();
    const wait = c.waitFor(from(3, 0x01), 300, 'caller at address 3 to answer 0x01');
    expect(c.offer({ address: 4, func: 0x01 })).toBe(false);
    expect(c.offer({ address: 3, func: 0x02 })).toBe(false);
    expect(c.pending).toBe(1);
    expect(c.offer({ address: 3, func: 0x01 })).toBe(true);
    await expect(wait).resolves.toEqual({ address: 3, func: 0x01 });
    expect(c.pending).toBe(0);
    // Taken once: the same message again is nobody's.
    expect(c.offer({ address: 3, func: 0x01 })).toBe(false);
  });

  it('hands each message to the oldest wait that accepts it', async () => {
    const c = new Correlator<Reply>();
    const first = c.waitFor((m) => m.address === 1, 300, 'first');
    const second = c.waitFor((m) => m.address === 1, 300, 'second');
    const other = c.waitFor((m) => m.address === 2, 300, 'other');
    c.offer({ address: 2, func: 9 });
    c.offer({ address: 1, func: 7 });
    c.offer({ address: 1, func: 8 });
    await expect(first).resolves.toEqual({ address: 1, func: 7 });
    await expect(second).resolves.toEqual({ address: 1, func: 8 });
    await expect(other).resolves.toEqual({ address: 2, func: 9 });
  });

  it('times out with an error naming what was awaited', async () => {
    const c = new Correlator<Reply>();
    const result = settled(c.waitFor(from(3, 1), 300, 'the reply to SAM status (11 FF)'));
    await vi.advanceTimersByTimeAsync(299);
    expect(c.pending).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    const outcome = await result;
    expect('error' in outcome && outcome.error).toBeInstanceOf(ReplyTimeoutError);
    const error = (outcome as { error: ReplyTimeoutError }).error;
    expect(error.message).toBe('timed out after 300 ms waiting for the reply to SAM status (11 FF)');
    expect(error.description).toBe('the reply to SAM status (11 FF)');
    expect(error.timeoutMs).toBe(300);
    expect(c.pending).toBe(0);
    // A reply after the timeout is not taken by the expired wait.
    expect(c.offer({ address: 3, func: 1 })).toBe(false);
  });

  it('formats the timeout with the driver’s own wording when given one', async () => {
    const c = new Correlator<Reply>({ timeoutMessage: (what, ms) => `no reply from ${what} within ${ms} ms` });
    const result = settled(c.waitFor(from(3, 1), 300, 'caller at address 3 to 0x01'));
    await vi.advanceTimersByTimeAsync(300);
    expect(await result).toEqual({ error: expect.objectContaining({ message: 'no reply from caller at address 3 to 0x01 within 300 ms' }) });
  });

  it('rejects every open wait when the link closes, naming each wait', async () => {
    const c = new Correlator<Reply>();
    const a = settled(c.waitFor(from(1, 1), 1000, 'caller 0x01 to echo "beep"'));
    const b = settled(c.waitFor(from(2, 1), 1000, 'caller 0x02 to echo "beep"'));
    c.rejectAll('rs485 link disconnected');
    expect(await a).toEqual({ error: expect.objectContaining({ message: 'rs485 link disconnected while waiting for caller 0x01 to echo "beep"' }) });
    expect(await b).toEqual({ error: expect.objectContaining({ message: 'rs485 link disconnected while waiting for caller 0x02 to echo "beep"' }) });
    expect(c.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with the very Error given to rejectAll', async () => {
    class NotConnected extends Error {}
    const c = new Correlator<Reply>();
    const wait = settled(c.waitFor(from(1, 1), 1000, 'x'));
    const error = new NotConnected('printer not connected');
    c.rejectAll(error);
    expect(await wait).toEqual({ error });
  });

  it('leaves no timer behind once a wait settles', async () => {
    const c = new Correlator<Reply>();
    const resolved = c.waitFor(from(1, 1), 5000, 'resolved');
    const cancelled = settled(c.waitFor(from(2, 1), 5000, 'cancelled'));
    expect(vi.getTimerCount()).toBe(2);
    c.offer({ address: 1, func: 1 });
    await resolved;
    expect(vi.getTimerCount()).toBe(1);
    const p = c.waitFor(from(9, 9), 5000, 'unused');
    expect(c.cancel(p, new Error('gave up'))).toBe(true);
    await expect(p).rejects.toThrow('gave up');
    expect(c.cancel(p, new Error('again'))).toBe(false);
    c.rejectAll('closed');
    await cancelled;
    expect(vi.getTimerCount()).toBe(0);
  });

  it('request() sends after registering, so an immediate reply is not missed', async () => {
    const c = new Correlator<Reply>();
    const reply = c.request(async () => {
      c.offer({ address: 5, func: 0x11 });
    }, from(5, 0x11), 300, 'evaluator 5');
    await expect(reply).resolves.toEqual({ address: 5, func: 0x11 });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('request() fails with the send error, mapped when asked, instead of waiting for the timeout', async () => {
    const c = new Correlator<Reply>();
    const raw = c.request(() => Promise.reject(new Error('EIO')), from(1, 1), 300, 'x');
    await expect(raw).rejects.toThrow(/^EIO$/);
    const mapped = c.request(
      () => Promise.reject(new Error('EIO')),
      from(1, 1),
      300,
      'x',
      (error) => new Error(`cannot send DLE EOT 1: ${(error as Error).message}`),
    );
    await expect(mapped).rejects.toThrow('cannot send DLE EOT 1: EIO');
    const thrown = c.request(() => {
      throw new Error('port gone');
    }, from(1, 1), 300, 'x');
    await expect(thrown).rejects.toThrow('port gone');
    expect(c.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
