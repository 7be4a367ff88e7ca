import { afterEach, describe, expect, it } from 'vitest';
import { OnbonScreen } from '../../../drivers/led/onbon/driver.ts';
import { OnbonScreenSimulator } from '../../../drivers/led/onbon/simulator.ts';
import { PlainLedScreen } from '../../../drivers/led/plain/driver.ts';
import { PlainLedSimulator } from '../../../drivers/led/plain/simulator.ts';
import { WindowLed } from '../../../drivers/led/window.ts';
import type { DeviceHealth } from '../../../drivers/core/health.ts';
import { Rs485Bus } from '../../../drivers/rs485/bus.ts';
import { SerialTransport } from '../../../drivers/transport/serial.ts';
import { hasSocat, openPtyPair } from '../transport/socat.ts';
import { until } from './rig.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(!hasSocat)('Onbon screens over a real pseudo-terminal pair', () => {
  it('updates two screens by address and awaits their replies through the tty', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.close());

    const deviceSide = new SerialTransport({ path: pty.b, baudRate: 9600, presenceCheckMs: 0 });
    await deviceSide.open();
    cleanups.push(() => deviceSide.close());
    const sim1 = new OnbonScreenSimulator(deviceSide, { screenAddress: 1 });
    const sim2 = new OnbonScreenSimulator(deviceSide, { screenAddress: 2 });

    const bus = new Rs485Bus({ transport: () => new SerialTransport({ path: pty.a, baudRate: 9600, presenceCheckMs: 0 }) });
    cleanups.push(() => bus.stop());
    bus.start();
    await until(() => bus.health.state === 'ready');

    const areas = { 0: { x: 0, y: 0, width: 128, height: 32 } };
    const window3 = new WindowLed(new OnbonScreen(bus, { screenAddress: 1, areas }), { windowText: '3号窗口', flashSeconds: 0.2, flashPeriodMs: 100 });
    const screen2 = new OnbonScreen(bus, { screenAddress: 2, areas, replyTimeoutMs: 2000 });

    await Promise.all([window3.showCall('A001'), screen2.showText(0, '请A002号到5号窗口办理 アΑZ[', { kind: 'scroll' })]);
    expect(sim2.areas.get(0)).toMatchObject({ text: '请A002号到5号窗口办理 アΑZ[', displayMode: 0x03 });
    await until(() => sim1.history.length === 5);
    expect(sim1.history.map((h) => h.text)).toEqual(['A001 3号窗口', '     3号窗口', 'A001 3号窗口', '     3号窗口', 'A001 3号窗口']);
    expect([...sim1.rejected, ...sim2.rejected]).toEqual([]);
  });

  it('a screen in fault is sent its text again on a back-off and recovers without new content', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.close());
    const deviceSide = new SerialTransport({ path: pty.b, baudRate: 9600, presenceCheckMs: 0 });
    await deviceSide.open();
    cleanups.push(() => deviceSide.close());
    const bus = new Rs485Bus({ transport: () => new SerialTransport({ path: pty.a, baudRate: 9600, presenceCheckMs: 0 }) });
    cleanups.push(() => bus.stop());
    bus.start();
    await until(() => bus.health.state === 'ready');
    const screen = new OnbonScreen(bus, { screenAddress: 4, areas: { 0: { x: 0, y: 0, width: 128, height: 32 } }, replyTimeoutMs: 200, retry: { initialMs: 100, maxMs: 200 } });
    cleanups.push(async () => screen.close());
    const seen: DeviceHealth['state'][] = [];
    screen.on('health', (h) => seen.push(h.state));
    // Nobody answers yet: the update fails and the screen is in fault.
    await expect(screen.showText(0, '暂停服务')).rejects.toThrow(/Onbon screen 4 to reply/);
    expect(screen.health.state).toBe('fault');
    // The controller is back; no new text is sent by anyone but the retry.
    const sim = new OnbonScreenSimulator(deviceSide, { screenAddress: 4 });
    await until(() => screen.health.state === 'ready');
    expect(sim.text(0)).toBe('暂停服务');
    expect(seen).toEqual(['fault', 'ready']);
  });

  it('a one-way screen is never waited for and never faults for a missing reply', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.close());
    const deviceSide = new SerialTransport({ path: pty.b, baudRate: 9600, presenceCheckMs: 0 });
    await deviceSide.open();
    cleanups.push(() => deviceSide.close());
    const silent = new OnbonScreenSimulator(deviceSide, { screenAddress: 5, reply: false });
    const bus = new Rs485Bus({ transport: () => new SerialTransport({ path: pty.a, baudRate: 9600, presenceCheckMs: 0 }) });
    cleanups.push(() => bus.stop());
    bus.start();
    await until(() => bus.health.state === 'ready');
    const screen = new OnbonScreen(bus, { screenAddress: 5, areas: { 0: { x: 0, y: 0, width: 64, height: 16 } }, awaitReply: false, replyTimeoutMs: 50 });
    cleanups.push(async () => screen.close());
    await screen.showText(0, 'A009');
    await screen.showText(0, 'A010');
    await until(() => silent.text(0) === 'A010');
    expect(screen.health.state).toBe('ready');
  });

  it('plain LEDs on one tty: each frame carries its address between the configured prefix and suffix', async () => {
    const pty = await openPtyPair();
    cleanups.push(() => pty.close());
    const deviceSide = new SerialTransport({ path: pty.b, baudRate: 9600, presenceCheckMs: 0 });
    await deviceSide.open();
    cleanups.push(() => deviceSide.close());
    const protocol = { prefix: [0x02], suffix: [0x03], address: { kind: 'byte' as const } };
    const sims = [new PlainLedSimulator(deviceSide, { address: 7, protocol }), new PlainLedSimulator(deviceSide, { address: 8, protocol })];
    const bus = new Rs485Bus({ transport: () => new SerialTransport({ path: pty.a, baudRate: 9600, presenceCheckMs: 0 }) });
    cleanups.push(() => bus.stop());
    bus.start();
    await until(() => bus.health.state === 'ready');
    await new PlainLedScreen(bus, { address: 7, protocol }).showText(0, '请A001号');
    await new PlainLedScreen(bus, { address: 8, protocol }).showText(0, '请B002号');
    await until(() => sims.every((x) => x.frames.length === 1));
    expect(sims.map((x) => x.text(0))).toEqual(['请A001号', '请B002号']);
  });
});
