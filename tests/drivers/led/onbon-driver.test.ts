import { afterEach, describe, expect, it } from 'vitest';
import { CallerKeypad } from '../../../drivers/caller/driver.ts';
import { KeypadSimulator } from '../../../drivers/caller/simulator.ts';
import type { DeviceHealth } from '../../../drivers/core/health.ts';
import { decodeOnbonFrame } from '../../../drivers/led/onbon/codec.ts';
import { decodeDynamicAreaUpdate } from '../../../drivers/led/onbon/dynamic-area.ts';
import { OnbonScreen, type OnbonScreenOptions } from '../../../drivers/led/onbon/driver.ts';
import { OnbonScreenSimulator } from '../../../drivers/led/onbon/simulator.ts';
import { SimulatedFf68Bus } from '../../../drivers/rs485/sim-bus.ts';
import { memoryBus, until, type MemoryBus } from './rig.ts';

const AREAS: OnbonScreenOptions['areas'] = { 0: { x: 0, y: 0, width: 128, height: 16 }, 1: { x: 0, y: 16, width: 128, height: 16 } };
const rigs: MemoryBus[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.stop();
});

async function setup(): Promise<MemoryBus> {
  const r = await memoryBus();
  rigs.push(r);
  return r;
}

describe('OnbonScreen', () => {
  it('updates two screens by address on one bus, awaiting each reply', async () => {
    const { bus, device, host } = await setup();
    const sim1 = new OnbonScreenSimulator(device, { screenAddress: 1 });
    const sim2 = new OnbonScreenSimulator(device, { screenAddress: 2 });
    const screen1 = new OnbonScreen(bus, { screenAddress: 1, areas: AREAS });
    const screen2 = new OnbonScreen(bus, { screenAddress: 2, areas: { 0: { x: 0, y: 0, width: 64, height: 16 } } });
    await Promise.all([
      screen1.showText(0, '请A001号到3号窗口'),
      screen2.showText(0, '暂停服务', { kind: 'scroll', direction: 'left', speed: 9 }),
      screen1.showText(1, '社保业务', { kind: 'typeOut' }),
    ]);
    expect(sim1.text(0)).toBe('请A001号到3号窗口');
    expect(sim1.areas.get(1)).toMatchObject({ text: '社保业务', displayMode: 0x02, y: 16 });
    expect(sim2.areas.get(0)).toMatchObject({ text: '暂停服务', displayMode: 0x03, speed: 9, width: 64 });
    expect(sim1.frames).toHaveLength(2);
    expect(sim2.frames).toHaveLength(1);
    expect(sim1.rejected).toEqual([]);
    // Each transaction held the bus until its reply: host frames never overlapped a reply.
    expect(host.written).toHaveLength(3);
    expect(screen1.health.state).toBe('ready');
  });

  it('shares the bus lock with FF68 keypads on the same wire', async () => {
    const { bus, device } = await setup();
    const sim = new OnbonScreenSimulator(device, { screenAddress: 1 });
    const keypads = new SimulatedFf68Bus(device);
    const screen = new OnbonScreen(bus, { screenAddress: 1, areas: AREAS });
    const caller = new CallerKeypad(bus, { address: 0x01 });
    const pad = new KeypadSimulator(keypads, { address: 0x01 });
    const actions: (string | null)[] = [];
    caller.on('key', (e) => actions.push(e.action));
    const [press] = await Promise.all([pad.press('call'), screen.showText(0, 'A002'), caller.showTicket('A002')]);
    expect(press.acked).toBe(true);
    expect(actions).toEqual(['call']);
    expect(sim.text(0)).toBe('A002');
    await until(() => pad.display.ticket === '002');
  });

  it('sends configured coordinate units and header bytes', async () => {
    const { bus, device, host } = await setup();
    new OnbonScreenSimulator(device, { screenAddress: 7 });
    const screen = new OnbonScreen(bus, {
      screenAddress: 7,
      deviceType: 0x51,
      preambleCount: 4,
      replyFlag: 0x00,
      commandReserved: 0,
      areas: { 2: { x: 16, y: 8, width: 96, height: 16, multiLine: true } },
      coordinateUnits: { x: 8, width: 8, pixelFlag: true },
    });
    await screen.showText(2, 'X');
    const wire = host.written[0]!;
    expect([...wire.subarray(0, 5)]).toEqual([0xa5, 0xa5, 0xa5, 0xa5, 0x07]);
    const decoded = decodeOnbonFrame(wire);
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.frame.header).toMatchObject({ destination: 7, source: 0x8000, deviceType: 0x51 });
    const update = decodeDynamicAreaUpdate(decoded.frame.data);
    if (!update.ok) throw new Error(update.reason);
    expect(update.update).toMatchObject({ replyFlag: 0, reserved: 0 });
    expect(update.update.areas[0]).toMatchObject({ id: 2, x: 0x8002, y: 8, width: 0x800c, height: 16, singleLine: 2, lineWrap: 2 });
  });

  it('deletes areas on clear', async () => {
    const { bus, device } = await setup();
    const sim = new OnbonScreenSimulator(device, { screenAddress: 1 });
    const screen = new OnbonScreen(bus, { screenAddress: 1, areas: AREAS });
    await screen.showText(0, 'A');
    await screen.showText(1, 'B');
    await screen.clear(1);
    expect([...sim.areas.keys()]).toEqual([0]);
    await screen.clear();
    expect(sim.areas.size).toBe(0);
  });

  it('names what it waited for when the screen does not reply, and reports the fault', async () => {
    const { bus, device } = await setup();
    new OnbonScreenSimulator(device, { screenAddress: 1, reply: false });
    const screen = new OnbonScreen(bus, { screenAddress: 1, areas: AREAS, replyTimeoutMs: 100 });
    const health: DeviceHealth[] = [];
    screen.on('health', (h) => health.push(h));
    await expect(screen.showText(0, 'A001')).rejects.toThrow(/waiting for Onbon screen 1 to reply to A3 06 \(update dynamic area\)/);
    expect(screen.health).toMatchObject({ state: 'fault', reason: expect.stringMatching(/timed out/) });
    expect(health.map((h) => h.state)).toEqual(['fault']);
  });

  it('fails a pending reply at once when the screen is closed or the bus link drops', async () => {
    const { bus, device, host } = await setup();
    new OnbonScreenSimulator(device, { screenAddress: 1, reply: false });
    const first = new OnbonScreen(bus, { screenAddress: 1, areas: AREAS, replyTimeoutMs: 20_000 });
    const shown = first.showText(0, 'A001');
    await until(() => host.written.length > 0);
    first.close();
    await expect(within(2000, shown)).rejects.toThrow(/^screen closed while waiting for Onbon screen 1 to reply to A3 06 \(update dynamic area\)$/);

    const second = new OnbonScreen(bus, { screenAddress: 1, areas: AREAS, replyTimeoutMs: 20_000 });
    const cleared = second.clear();
    await until(() => host.written.length > 1);
    host.drop(new Error('unplugged'));
    await expect(within(2000, cleared)).rejects.toThrow(/^rs485 link \w+ while waiting for Onbon screen 1 to reply to A3 06 \(delete dynamic areas\)$/);
    second.close();
  });

  it('reports controller error codes and recovers once the screen accepts again', async () => {
    const { bus, device } = await setup();
    const sim = new OnbonScreenSimulator(device, { screenAddress: 1 });
    const screen = new OnbonScreen(bus, { screenAddress: 1, areas: AREAS });
    sim.errorCode = 3;
    await expect(screen.showText(0, 'A001')).rejects.toThrow(/error 3 \(busy\)/);
    expect(screen.health.state).toBe('fault');
    sim.errorCode = 0;
    await screen.showText(0, 'A001');
    expect(screen.health.state).toBe('ready');
  });

  it('can run without awaiting replies', async () => {
    const { bus, device } = await setup();
    const sim = new OnbonScreenSimulator(device, { screenAddress: 1, reply: false });
    const screen = new OnbonScreen(bus, { screenAddress: 1, areas: AREAS, awaitReply: false });
    await screen.showText(0, 'A003');
    await until(() => sim.text(0) === 'A003');
  });

  it('refuses unknown areas and an unconfigured brightness command', async () => {
    const { bus, device } = await setup();
    const sim = new OnbonScreenSimulator(device, { screenAddress: 1 });
    const screen = new OnbonScreen(bus, { screenAddress: 1, areas: AREAS });
    await expect(screen.showText(5, 'x')).rejects.toThrow(/area 5 is not configured/);
    await expect(screen.brightness(8)).rejects.toThrow(/brightness is not configured/);
    const bright = new OnbonScreen(bus, { screenAddress: 1, areas: AREAS, brightnessCommand: { group: 0xa3, command: 0x02 } });
    await bright.brightness(20);
    expect([...sim.frames[0]!.data]).toEqual([0xa3, 0x02, 15]);
  });

  it('flashes a call: on, off, …, then static text', async () => {
    const { bus, device } = await setup();
    const sim = new OnbonScreenSimulator(device, { screenAddress: 1 });
    const screen = new OnbonScreen(bus, { screenAddress: 1, areas: AREAS });
    await screen.showText(0, 'A001 3号窗口', { kind: 'flash', seconds: 0.4, periodMs: 200, blankText: '     3号窗口' });
    await until(() => sim.history.length === 5);
    expect(sim.history.map((h) => h.text)).toEqual(['A001 3号窗口', '     3号窗口', 'A001 3号窗口', '     3号窗口', 'A001 3号窗口']);
    expect(sim.history.every((h) => h.displayMode === 0x01)).toBe(true);
  });

  it('stops a running flash when new text arrives for the area', async () => {
    const { bus, device } = await setup();
    const sim = new OnbonScreenSimulator(device, { screenAddress: 1 });
    const screen = new OnbonScreen(bus, { screenAddress: 1, areas: AREAS });
    await screen.showText(0, 'A001', { kind: 'flash', seconds: 60, periodMs: 100 });
    await until(() => sim.history.length >= 2);
    await screen.showText(0, 'A002');
    const count = sim.history.length;
    await new Promise((r) => setTimeout(r, 150));
    expect(sim.history.length).toBe(count);
    expect(sim.text(0)).toBe('A002');
    screen.close();
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
