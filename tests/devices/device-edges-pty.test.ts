import { afterEach, describe, expect, it } from 'vitest';
import { Hardware } from '../../agent/hardware/hardware.ts';
import { OnbonScreenSimulator } from '../../drivers/led/onbon/simulator.ts';
import { PlainLedSimulator } from '../../drivers/led/plain/simulator.ts';
import { PrinterSimulator } from '../../drivers/printer/simulator.ts';
import { SerialTransport } from '../../drivers/transport/serial.ts';
import { hasSocat, openPtyPair, type PtyPair } from '../drivers/transport/socat.ts';
import { devicesFromYaml, KIOSK_TOKEN, startDeviceServer, until, type DeviceTestServer } from './helpers.ts';
import { sampleTicket } from '../drivers/printer/fixtures.ts';

/**
 * Device edges driven from a devices file through the real drivers and real ttys (socat): plain LED
 * addressing and framing, printer options, Onbon one-way and self-healing screens, paper near end.
 */
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function pty(): Promise<PtyPair> {
  const p = await openPtyPair();
  cleanups.push(() => p.close());
  return p;
}

/** The device end of a pty, open, with every byte it received. */
async function deviceEnd(path: string): Promise<{ transport: SerialTransport; received: () => Buffer }> {
  const transport = new SerialTransport({ path, baudRate: 9600, presenceCheckMs: 0 });
  await transport.open();
  cleanups.push(() => transport.close());
  const chunks: Buffer[] = [];
  transport.onData((c) => chunks.push(Buffer.from(c)));
  return { transport, received: () => Buffer.concat(chunks) };
}

function hardware(yaml: string): Hardware {
  const hw = new Hardware(devicesFromYaml(yaml), { printerPollMs: 0 });
  cleanups.push(() => hw.stop());
  hw.start();
  return hw;
}

describe.skipIf(!hasSocat)('device edges over real ttys', () => {
  it('two plain LEDs share one line: each frame carries its address and the configured framing', async () => {
    const p = await pty();
    const wire = await deviceEnd(p.b);
    const protocol = { prefix: [0x02], suffix: [0x03, 0x0d, 0x0a], address: { kind: 'ascii' as const, digits: 2 } };
    const led1 = new PlainLedSimulator(wire.transport, { address: 1, protocol });
    const led2 = new PlainLedSimulator(wire.transport, { address: 2, protocol });
    const hw = hardware(`
buses:
  - { name: line, transport: { type: serial, path: ${p.a}, baudRate: 9600 }, interFrameGapMs: 0 }
devices:
  - { id: W1-led, kind: led-window, window: 1, protocol: plain, bus: line, address: 1, led: { prefix: "\\x02", suffix: "\\x03\\r\\n", template: "{ticket}" } }
  - { id: W2-led, kind: led-window, window: 2, protocol: plain, bus: line, address: 2, led: { prefix: [0x02], suffix: [3, 13, 10], template: "{ticket}" } }
`);
    await until('the line is open', () => hw.health('W1-led')?.state === 'ready', 10_000);
    await hw.apply({ type: 'window-call', window: 1, number: 'A001', windowName: '1号窗口', steady: true });
    await hw.apply({ type: 'window-call', window: 2, number: 'B002', windowName: '2号窗口', steady: true });
    await until('both screens got their frame', () => led1.text(0) !== undefined && led2.text(0) !== undefined, 10_000);
    expect(led1.text(0)).toBe('A001');
    expect(led2.text(0)).toBe('B002');
    expect(led1.frames).toHaveLength(1);
    expect(led2.frames).toHaveLength(1);
    const bytes = wire.received();
    expect(bytes.subarray(0, 7)).toEqual(Buffer.from([0x02, 0x30, 0x31, 0x41, 0x30, 0x30, 0x31]));
    expect(bytes.includes(Buffer.from([0x03, 0x0d, 0x0a, 0x02, 0x30, 0x32]))).toBe(true);
  });

  it('printer options: full cut, QR module size and FS ! for Chinese text reach the printer', async () => {
    const p = await pty();
    const wire = await deviceEnd(p.b);
    const sim = new PrinterSimulator(wire.transport);
    await sim.start();
    cleanups.push(() => sim.stop());
    const hw = hardware(`
devices:
  - { id: K1-printer, kind: printer, kiosk: K1, paperWidth: 58, cut: full, qrSize: 8, chineseSize: fs, transport: { type: serial, path: ${p.a}, baudRate: 9600 } }
`);
    await until('the printer is ready', () => hw.health('K1-printer')?.state === 'ready', 10_000);
    const ticket = sampleTicket({ hallName: '示范大厅' });
    expect(await hw.print('K1', 'job-1', ticket)).toEqual({ printed: true });
    await until('the ticket is cut', () => sim.tickets.length === 1, 10_000);
    const bytes = wire.received();
    expect(bytes.includes(Buffer.from([0x1d, 0x56, 65, 0]))).toBe(true); // GS V 65: full cut (function B)
    expect(bytes.includes(Buffer.from([0x1d, 0x56, 66]))).toBe(false);
    expect(bytes.includes(Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 8]))).toBe(true); // QR module size 8
    const hall = sim.tickets[0]!.lines.find((l) => l.text === ticket.hallName)!;
    expect(hall.kanjiSize).toEqual({ width: 2, height: 2 });
    expect(hall.size).toEqual({ width: 1, height: 1 }); // 'fs': no GS ! on Chinese text
    expect(sim.tickets[0]!.lines.find((l) => l.text === ticket.number)!.size.width).toBeGreaterThan(1); // the number still uses GS !
  });

  it('a printer without a cutter (cut: none) gets no cut command', async () => {
    const p = await pty();
    const wire = await deviceEnd(p.b);
    const sim = new PrinterSimulator(wire.transport);
    await sim.start();
    cleanups.push(() => sim.stop());
    const hw = hardware(`
devices:
  - { id: K1-printer, kind: printer, kiosk: K1, cut: none, chineseSize: both, transport: { type: serial, path: ${p.a}, baudRate: 9600 } }
`);
    await until('the printer is ready', () => hw.health('K1-printer')?.state === 'ready', 10_000);
    const ticket = sampleTicket({ hallName: '示范大厅' });
    expect(await hw.print('K1', 'job-1', ticket)).toEqual({ printed: true });
    await until('the footer reached the paper', () => sim.current.lines.some((l) => l.text === ticket.footer.at(-1)), 10_000);
    const bytes = wire.received();
    expect(bytes.includes(Buffer.from([0x1d, 0x56]))).toBe(false);
    expect(sim.tickets).toHaveLength(0);
    const hall = sim.current.lines.find((l) => l.text === ticket.hallName)!;
    expect(hall).toMatchObject({ size: { width: 2, height: 2 }, kanjiSize: { width: 2, height: 2 } }); // 'both': GS ! and FS !
  });

  describe('through the hall server', () => {
    let server: DeviceTestServer | undefined;
    afterEach(async () => {
      await server?.stop();
      server = undefined;
    });

    it('an Onbon screen that never replies is fine when one-way; a silent one faults, is retried and recovers by itself', async () => {
      const p = await pty();
      const wire = await deviceEnd(p.b);
      const oneWay = new OnbonScreenSimulator(wire.transport, { screenAddress: 1, reply: false });
      server = await startDeviceServer({
        devices: devicesFromYaml(`
buses:
  - { name: line, transport: { type: serial, path: ${p.a}, baudRate: 9600 }, interFrameGapMs: 0 }
devices:
  - { id: W1-led, kind: led-window, window: 1, protocol: onbon, bus: line, address: 1, led: { oneWay: true, replyTimeoutMs: 100 } }
  - { id: W2-led, kind: led-window, window: 2, protocol: onbon, bus: line, address: 2, led: { replyTimeoutMs: 300, retry: { initialMs: 200, maxMs: 400 } } }
`),
      });
      const state = (id: string) => server!.devices.list().find((d) => d.device === id)?.state;
      // Screen 2 has no controller yet: its start-up text goes unanswered.
      await until('the unanswered screen is in fault', () => state('W2-led') === 'fault', 10_000);
      await until('the one-way screen got its text', () => Boolean(oneWay.areas.get(0)?.text), 10_000);
      expect(state('W1-led')).toBe('ready');
      // The controller comes back; nothing new is shown, the retry alone brings the screen back.
      const returned = new OnbonScreenSimulator(wire.transport, { screenAddress: 2 });
      await until('the screen recovered', () => state('W2-led') === 'ready', 10_000);
      expect(returned.areas.get(0)?.text).toBeTruthy();
      const events = server.db.prepare("SELECT type, body FROM events WHERE type IN ('device.fault', 'device.recovered') ORDER BY seq").all() as { type: string; body: string }[];
      expect(events.map((e) => [e.type, JSON.parse(e.body).data.device])).toEqual([
        ['device.fault', 'W2-led'],
        ['device.recovered', 'W2-led'],
      ]);
    });

    it('paper near end: a warning in device health and a supervision alert, and the kiosk keeps printing', async () => {
      const p = await pty();
      const wire = await deviceEnd(p.b);
      const sim = new PrinterSimulator(wire.transport);
      await sim.start();
      cleanups.push(() => sim.stop());
      server = await startDeviceServer({
        devices: devicesFromYaml(`devices:\n  - { id: K1-printer, kind: printer, kiosk: K1, transport: { type: serial, path: ${p.a}, baudRate: 9600 } }\n`),
      });
      await until('the printer is ready', () => server!.devices.local!.health('K1-printer')?.state === 'ready', 20_000);
      sim.setPaper('near-end'); // DLE EOT 4 now answers 1E
      expect(sim.statusReply(4)).toEqual({ kind: 4, nearEnd: true, paperEnd: false });
      for (const n of [1, 2]) {
        const r = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I1' } });
        expect(r.status).toBe(200);
        await until(`ticket ${n} is recorded as printed`, () => server!.ctx.engine.core.ticket(r.body.ticketId).printed === true, 20_000);
      }
      await until('both tickets came out', () => sim.tickets.length === 2, 10_000);
      const cookie = await server.login('S001');
      const devices = await server.api('GET', '/api/devices', { cookie });
      expect(devices.body.devices.find((d: { device: string }) => d.device === 'K1-printer')).toMatchObject({ state: 'ready', warning: expect.stringContaining('paper near end') });
      await until('the supervision alert is raised', async () => {
        const view = await server!.api('GET', '/api/supervision', { cookie });
        return view.body.alerts.some((a: { kind: string; severity: string; device?: string }) => a.kind === 'device_warning' && a.severity === 'warning' && a.device === 'K1-printer');
      });
      // New paper: the warning and its alert go away.
      sim.setPaper('ok');
      const r = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I1' } });
      await until('ticket 3 is recorded as printed', () => server!.ctx.engine.core.ticket(r.body.ticketId).printed === true, 20_000);
      await until('the warning is cleared', () => server!.devices.list().find((d) => d.device === 'K1-printer')?.warning === undefined);
      const view = await server.api('GET', '/api/supervision', { cookie });
      expect(view.body.alerts.filter((a: { kind: string }) => a.kind === 'device_warning')).toEqual([]);
    });
  });
});
