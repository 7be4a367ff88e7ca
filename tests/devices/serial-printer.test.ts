import { afterEach, describe, expect, it } from 'vitest';
import { PrinterSimulator } from '../../drivers/printer/simulator.ts';
import { SerialTransport } from '../../drivers/transport/serial.ts';
import { hasSocat, openPtyPair, type PtyPair } from '../drivers/transport/socat.ts';
import { devicesFromYaml, KIOSK_TOKEN, startDeviceServer, until, type DeviceTestServer } from './helpers.ts';

describe.skipIf(!hasSocat)('a serial printer through the device manager (socat pty pair)', () => {
  let pty: PtyPair | undefined;
  let sim: PrinterSimulator | undefined;
  let server: DeviceTestServer | undefined;

  afterEach(async () => {
    await server?.stop();
    await sim?.stop();
    await pty?.close();
    server = undefined;
    sim = undefined;
    pty = undefined;
  });

  it('prints a kiosk ticket over a real tty and records it as printed', async () => {
    pty = await openPtyPair();
    sim = new PrinterSimulator(new SerialTransport({ path: pty.b, baudRate: 9600, presenceCheckMs: 0 }));
    await sim.start();
    server = await startDeviceServer({
      devices: devicesFromYaml(`devices:\n  - { id: K1-printer, kind: printer, kiosk: K1, transport: { type: serial, path: ${pty.a}, baudRate: 9600 } }\n`),
    });
    expect(server.sim).toBeUndefined();
    await until('the printer is ready', () => server!.devices.local!.health('K1-printer')?.state === 'ready', 20_000);
    const r = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I1' } });
    expect(r.status).toBe(200);
    await until('the ticket is recorded as printed', () => server!.ctx.engine.core.ticket(r.body.ticketId).printed === true, 20_000);
    await until('the simulator cut the ticket', () => sim!.tickets.length === 1, 20_000);
    const printed = sim.tickets[0]!;
    expect(printed.lines.map((l) => l.text).join('\n')).toContain('A001');
    expect(printed.qrPayloads).toEqual([r.body.statusUrl]);
  });
});
