import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { CallerKeypad, type CallerKeyEvent } from '../../../drivers/caller/driver.ts';
import { KeypadSimulator } from '../../../drivers/caller/simulator.ts';
import type { DeviceHealth } from '../../../drivers/core/health.ts';
import { Evaluator, type EvaluationEvent } from '../../../drivers/evaluator/driver.ts';
import { EvaluatorSimulator } from '../../../drivers/evaluator/simulator.ts';
import { Rs485Bus, type BusLogLevel, type Rs485BusOptions } from '../../../drivers/rs485/bus.ts';
import { fromHex, toHex } from '../../../drivers/rs485/hex.ts';
import { SimulatedFf68Bus } from '../../../drivers/rs485/sim-bus.ts';
import { createMemoryPair, type MemoryTransport } from '../../../drivers/transport/memory.ts';

interface Rig {
  bus: Rs485Bus;
  sim: SimulatedFf68Bus;
  host: MemoryTransport;
  device: MemoryTransport;
  logs: { level: BusLogLevel; message: string }[];
}

const rigs: Rig[] = [];

async function rig(options: Partial<Rs485BusOptions> = {}): Promise<Rig> {
  const { host, device } = createMemoryPair('rs485');
  const logs: Rig['logs'] = [];
  const bus = new Rs485Bus({
    transport: () => host,
    interFrameGapMs: 1,
    backoff: { initialMs: 5, maxMs: 20 },
    log: (level, message) => logs.push({ level, message }),
    ...options,
  });
  const sim = new SimulatedFf68Bus(device);
  await sim.open();
  const ready = waitForHealth(bus, 'ready');
  bus.start();
  await ready;
  const r = { bus, sim, host, device, logs };
  rigs.push(r);
  return r;
}

function waitForHealth(emitter: { on(e: 'health', l: (h: DeviceHealth) => void): unknown; off(e: 'health', l: (h: DeviceHealth) => void): unknown }, state: DeviceHealth['state']): Promise<DeviceHealth> {
  return new Promise((resolve) => {
    const listener = (h: DeviceHealth): void => {
      if (h.state === state) {
        emitter.off('health', listener);
        resolve(h);
      }
    };
    emitter.on('health', listener);
  });
}

afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.bus.stop();
    await r.sim.close();
  }
});

describe('caller keypads and an evaluator on one bus', () => {
  it('routes keys by address, acknowledges every frame and maps actions', async () => {
    const { bus, sim } = await rig();
    const window1 = new CallerKeypad(bus, { address: 0x01 });
    const window2 = new CallerKeypad(bus, { address: 0x05 });
    const evaluator = new Evaluator(bus, { address: 0x02 });
    const keys1: CallerKeyEvent[] = [];
    const keys2: CallerKeyEvent[] = [];
    const evaluations: EvaluationEvent[] = [];
    window1.on('key', (e) => keys1.push(e));
    window2.on('key', (e) => keys2.push(e));
    evaluator.on('evaluation', (e) => evaluations.push(e));

    const pad1 = new KeypadSimulator(sim, { address: 0x01 });
    const pad2 = new KeypadSimulator(sim, { address: 0x05 });
    const rater = new EvaluatorSimulator(sim, { address: 0x02 });

    // Presses from different devices overlap on purpose: the bus must still ACK each one.
    const results = await Promise.all([
      pad1.press('call'),
      pad2.typeDigitsThenConfirm('06'),
      rater.press(3),
      pad2.press('transfer'),
    ]);
    expect(results.map((r) => r.acked)).toEqual([true, true, true, true]);
    expect(toHex(results[0]!.frame)).toBe('FF 68 03 03 68 01 01 0C 0E 16');
    expect(pad1.acks.map(toHex)).toEqual(['FF 68 03 03 68 01 01 0C 0E 16']);
    expect(sim.received.map((f) => toHex(f.raw))).toContain('FF 68 03 03 68 02 01 03 06 16');

    expect(keys1).toEqual([{ address: 1, key: 0x0c, digits: '', action: 'call', func: 1, checksumOk: true }]);
    expect(keys2.map((k) => [k.digits, k.action])).toEqual([['06', 'no_show'], ['', 'transfer']]);
    expect(evaluations).toEqual([{ address: 2, value: 3, level: 'very_satisfied', checksumOk: true }]);
  });

  it('maps every default key and combo', async () => {
    const { bus, sim } = await rig();
    const caller = new CallerKeypad(bus, { address: 0x07 });
    const actions: (string | null)[] = [];
    caller.on('key', (e) => actions.push(e.action));
    const pad = new KeypadSimulator(sim, { address: 0x07 });
    for (const key of ['call', 'recall', 'evaluate', 'wait', 'transfer', 'cancel'] as const) await pad.press(key);
    for (const digits of ['06', '00', '03', '09']) await pad.typeDigitsThenConfirm(digits);
    expect(actions).toEqual(['call', 'recall', 'evaluate', 'pause', 'transfer', null, 'no_show', 'suspend', 'call_back', null]);
  });

  it('uses a per-hall key map', async () => {
    const { bus, sim } = await rig();
    const caller = new CallerKeypad(bus, {
      address: 0x01,
      actions: { keys: { '0e': 'pause' }, confirmKey: '0F', combos: { '9': 'no_show' } },
    });
    const actions: (string | null)[] = [];
    caller.on('key', (e) => actions.push(e.action));
    const pad = new KeypadSimulator(sim, { address: 0x01 });
    await pad.press('cancel');
    await pad.typeDigitsThenConfirm('9');
    await pad.press('call');
    expect(actions).toEqual(['pause', 'no_show', null]);
  });

  it('sends display commands with the exact bytes and the keypad shows them', async () => {
    const { bus, sim, host } = await rig();
    const caller = new CallerKeypad(bus, { address: 0x01 });
    const other = new CallerKeypad(bus, { address: 0x03 });
    const pad1 = new KeypadSimulator(sim, { address: 0x01 });
    const pad3 = new KeypadSimulator(sim, { address: 0x03 });
    await Promise.all([caller.showTicket('A001'), other.showWaiting(15), caller.beep(), caller.serviceStar(), caller.startEvaluation()]);
    await until(() => sim.received.length === 5);
    expect(host.written.map(toHex)).toEqual([
      'FF 68 08 08 68 01 02 0A 0A 0A 00 00 01 22 16',
      'FF 68 08 08 68 03 02 00 01 05 0A 0A 0A 29 16',
      'FF 68 02 02 68 01 03 04 16',
      'FF 68 03 03 68 01 02 05 08 16',
      'FF 68 03 03 68 01 01 0B 0D 16',
    ]);
    expect(pad1.display).toMatchObject({ ticket: '001', cells: '   001', beeps: 1, stars: 5, evaluationsStarted: 1 });
    expect(pad3.display).toMatchObject({ waiting: '015', ticket: null, cells: '015   ' });
  });

  it('does not acknowledge or route frames from unattached addresses by default', async () => {
    const { bus, sim } = await rig();
    new CallerKeypad(bus, { address: 0x01 });
    const stranger = new KeypadSimulator(sim, { address: 0x09, ackTimeoutMs: 150 });
    const unrouted = once(bus, 'unrouted');
    const result = await stranger.press('call');
    expect(result.acked).toBe(false);
    const [frame] = (await unrouted) as [{ address: number }];
    expect(frame.address).toBe(0x09);
  });

  it('routes a keypad and an evaluator sharing one address by FUNC', async () => {
    const { bus, sim } = await rig();
    const caller = new CallerKeypad(bus, { address: 0x04 });
    const evaluator = new Evaluator(bus, { address: 0x04, levels: { byValue: { '1': 'basic' }, otherwise: null } });
    const pad = new KeypadSimulator(sim, { address: 0x04 });
    const rater = new EvaluatorSimulator(sim, { address: 0x04 });
    const key = once(caller, 'key');
    const evaluation = once(evaluator, 'evaluation');
    await rater.press(1);
    await pad.press('recall');
    expect(((await key) as [CallerKeyEvent])[0].action).toBe('recall');
    expect(((await evaluation) as [EvaluationEvent])[0].level).toBe('basic');
    expect(rater.presses).toEqual([{ value: 1, acked: true }]);
  });

  it('accepts a frame with a bad CS, acknowledges it and logs the mismatch', async () => {
    const { bus, device, logs } = await rig();
    const caller = new CallerKeypad(bus, { address: 0x01 });
    const key = once(caller, 'key');
    await device.write(fromHex('FF 68 03 03 68 01 01 0C 99 16'));
    expect(((await key) as [CallerKeyEvent])[0]).toMatchObject({ action: 'call', checksumOk: false });
    expect(logs.some((l) => l.level === 'warn' && /CS 99, expected 0E/.test(l.message))).toBe(true);
  });

  it('awaits echoes when configured and names the awaited echo on timeout', async () => {
    const { bus, sim } = await rig({ maxLength: 8 });
    const echoing = new CallerKeypad(bus, { address: 0x01, awaitEcho: true, echoTimeoutMs: 2000 });
    const silent = new CallerKeypad(bus, { address: 0x02, awaitEcho: true, echoTimeoutMs: 100 });
    new KeypadSimulator(sim, { address: 0x01, echoCommands: true });
    const keys: CallerKeyEvent[] = [];
    echoing.on('key', (e) => keys.push(e));
    await echoing.showTicket('A123');
    expect(keys).toEqual([]); // the echo is the reply, not a key press
    const fault = waitForHealth(silent, 'fault');
    await expect(silent.beep()).rejects.toThrow(/waiting for caller 02 to echo "beep"/);
    expect(await fault).toMatchObject({ reason: expect.stringMatching(/caller 02/) });
    expect(echoing.health.state).toBe('ready');
  });

  it('fails a wait for an echo as soon as the link drops, naming the echo', async () => {
    const { bus, host } = await rig({ maxLength: 8 });
    const silent = new CallerKeypad(bus, { address: 0x02, awaitEcho: true, echoTimeoutMs: 20_000 });
    const beep = silent.beep();
    await until(() => host.written.length > 0);
    host.drop(new Error('unplugged'));
    await expect(within(2000, beep)).rejects.toThrow(/^rs485 link fault while waiting for caller 02 to echo "beep"$/);
  });

  it('stopping the bus fails a pending request with a clear error', async () => {
    const { bus } = await rig({ maxLength: 8 });
    const silent = new CallerKeypad(bus, { address: 0x02, awaitEcho: true, echoTimeoutMs: 20_000 });
    const beep = silent.beep();
    await new Promise<void>((resolve) => setImmediate(resolve));
    const stopped = bus.stop();
    await expect(within(2000, beep)).rejects.toThrow(/^bus stopped while waiting for caller 02 to echo "beep"$/);
    await stopped;
  });

  it('refuses awaitEcho on a bus that cannot parse 8-byte commands', async () => {
    const { bus } = await rig();
    expect(() => new CallerKeypad(bus, { address: 0x01, awaitEcho: true })).toThrow(/maxLength 8/);
  });

  it('reports the unplug, reconnects and keeps serving keys', async () => {
    const { bus, sim, host, device } = await rig();
    const caller = new CallerKeypad(bus, { address: 0x01 });
    const states: string[] = [];
    caller.on('health', (h) => states.push(h.state));
    const back = waitForHealth(bus, 'ready');
    host.drop(new Error('unplugged'));
    await back;
    await device.open();
    const pad = new KeypadSimulator(sim, { address: 0x01 });
    const key = once(caller, 'key');
    expect((await pad.press('call')).acked).toBe(true);
    await key;
    expect(states).toContain('fault');
    expect(states[states.length - 1]).toBe('ready');
  });
});

/** The promise's outcome, or a rejection naming the deadline if it takes longer than ms. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}
