import { afterEach, describe, expect, it } from 'vitest';
import type { EventEmitter } from 'node:events';
import { SerialTransport } from '../../../drivers/transport/serial.ts';
import { PrinterDriver } from '../../../drivers/printer/driver.ts';
import { PrinterSimulator } from '../../../drivers/printer/simulator.ts';
import { renderTicket } from '../../../drivers/printer/ticket-layout.ts';
import { sampleTicket } from './fixtures.ts';
import { waitForEvent, waitForHealth } from './helpers.ts';
import { openPtyPair, type PtyPair } from './pty.ts';

let teardown: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const t of teardown.reverse()) await t().catch(() => undefined);
  teardown = [];
});

describe('printer over a real pseudo-terminal (socat + serialport)', () => {
  it('prints a ticket and reports paper end through real ttys', async () => {
    const pty: PtyPair = await openPtyPair();
    teardown.push(() => pty.close());

    const sim = new PrinterSimulator(new SerialTransport({ path: pty.device, baudRate: 115200, presenceCheckMs: 0 }));
    await sim.start();
    teardown.push(() => sim.stop());

    const driver = new PrinterDriver(() => new SerialTransport({ path: pty.host, baudRate: 115200, presenceCheckMs: 0 }), {
      pollIntervalMs: 0,
      statusTimeoutMs: 3000,
    });
    teardown.push(() => driver.stop());
    driver.start();
    await waitForHealth(driver, (h) => h.state === 'ready');
    expect(driver.link.description).toContain(pty.host);

    const ticket = sampleTicket();
    const printed = waitForEvent(sim as unknown as EventEmitter, 'ticket');
    expect(await driver.print(renderTicket(ticket, { paperWidth: 58 }), 'pty-1')).toEqual({ jobId: 'pty-1', result: 'printed' });
    await printed;
    const [t] = sim.tickets;
    expect(t!.cut).toBe(true);
    expect(t!.qrPayloads).toEqual([ticket.statusUrl]);
    expect(t!.lines.map((l) => l.text)).toEqual(expect.arrayContaining(['A001', '户籍业务', '前面还有 3 人等候']));
    expect(sim.statusRequests.slice(-3)).toEqual([1, 2, 4]);

    sim.setPaper('out');
    expect(await driver.print(renderTicket(ticket), 'pty-2')).toEqual({ jobId: 'pty-2', result: 'failed', reason: 'paper end (缺纸)' });
    expect(driver.health).toEqual({ state: 'fault', reason: 'paper end (缺纸)' });
    expect(sim.tickets).toHaveLength(1);
  });

  it('fails jobs fast once the tty disappears', async () => {
    const pty = await openPtyPair();
    teardown.push(() => pty.close());
    const sim = new PrinterSimulator(new SerialTransport({ path: pty.device, baudRate: 115200, presenceCheckMs: 0 }));
    await sim.start();
    teardown.push(() => sim.stop());
    const driver = new PrinterDriver(() => new SerialTransport({ path: pty.host, baudRate: 115200, presenceCheckMs: 20 }), {
      pollIntervalMs: 0,
      backoff: { initialMs: 20, maxMs: 100 },
    });
    teardown.push(() => driver.stop());
    driver.start();
    await waitForHealth(driver, (h) => h.state === 'ready');
    await driver.checkStatus();

    await pty.close(); // socat gone: both ttys vanish, as when the USB cable is pulled
    await waitForHealth(driver, (h) => h.state === 'fault' && h.reason.startsWith('cannot open'));
    expect(await driver.print(renderTicket(sampleTicket()), 'gone')).toEqual({ jobId: 'gone', result: 'failed', reason: 'printer not connected' });
  });
});
