import { afterEach, describe, expect, it } from 'vitest';
import { OnbonScreen } from '../../../drivers/led/onbon/driver.ts';
import { OnbonScreenSimulator } from '../../../drivers/led/onbon/simulator.ts';
import { WindowLed } from '../../../drivers/led/window.ts';
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
});
