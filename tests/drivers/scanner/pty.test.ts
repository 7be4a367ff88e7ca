import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import type { DeviceHealth } from '../../../drivers/core/health.ts';
import { ScannerDriver, type ScanEvent } from '../../../drivers/scanner/driver.ts';
import { SerialScannerSimulator, simulatedWedgeScan } from '../../../drivers/scanner/simulator.ts';
import { transportFactory } from '../../../drivers/transport/factory.ts';
import { HidTransport, type HidDevice, type HidModule } from '../../../drivers/transport/hid.ts';
import { SerialTransport } from '../../../drivers/transport/serial.ts';
import { hasSocat, openPtyPair, type PtyPair } from '../transport/socat.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

const readyOf = (driver: ScannerDriver) => new Promise<void>((resolve) => driver.on('health', (h: DeviceHealth) => h.state === 'ready' && resolve()));

describe.skipIf(!hasSocat)('ScannerDriver over a real pseudo-terminal (virtual COM mode)', () => {
  it('reads codes at 9600 8N1 with CRLF suffix and AIM prefix, one event per scan', async () => {
    const pty: PtyPair = await openPtyPair();
    cleanup.push(() => pty.close());
    const scannerSide = new SerialTransport({ path: pty.b, baudRate: 9600 });
    await scannerSide.open();
    cleanup.push(() => scannerSide.close());
    const driver = new ScannerDriver(transportFactory({ type: 'serial', path: pty.a, baudRate: 9600 }), { terminator: 'CRLF' });
    cleanup.push(() => driver.stop());
    const scans: ScanEvent[] = [];
    driver.on('scan', (s) => scans.push(s));
    const ready = readyOf(driver);
    driver.start();
    await ready;

    const sim = new SerialScannerSimulator(scannerSide, 'CRLF');
    const eid = 'EID1.' + Buffer.from('hall-test-token-'.repeat(12)).toString('base64url');
    await sim.scan(eid, { aim: ']Q1', chunkSize: 17 });
    await sim.scan('482913');
    await vi.waitFor(() => expect(scans.map((s) => s.code)).toEqual([eid, '482913']), { timeout: 10_000, interval: 10 });
    expect(scans[0]!.aim).toBe(']Q1');
    expect(scans[1]!.aim).toBeNull();
  });

  it('reconnects after the port vanishes and reads again', async () => {
    const first = await openPtyPair();
    const driver = new ScannerDriver(transportFactory({ type: 'serial', path: first.a, baudRate: 115200 }), { backoff: { initialMs: 20, maxMs: 100 } });
    cleanup.push(() => driver.stop());
    const states: string[] = [];
    driver.on('health', (h) => states.push(h.state));
    const ready = readyOf(driver);
    driver.start();
    await ready;
    await first.close();
    await vi.waitFor(() => expect(states).toContain('fault'), { timeout: 10_000, interval: 10 });
  });
});

class FakeHidDevice extends EventEmitter implements HidDevice {
  async write(values: number[] | Buffer): Promise<number> {
    return Buffer.from(values).length;
  }
  async close(): Promise<void> {}
}

describe('ScannerDriver through HidTransport (keyboard mode)', () => {
  it('reads the boot-keyboard reports node-hid delivers and types the code back', async () => {
    const device = new FakeHidDevice();
    const hid: HidModule = { HIDAsync: { open: async () => device } as unknown as HidModule['HIDAsync'] };
    const driver = new ScannerDriver(() => new HidTransport({ vendorId: 0x0c2e, productId: 0x0b61, loadHid: async () => hid }), { interface: 'hid' });
    cleanup.push(() => driver.stop());
    const scans: ScanEvent[] = [];
    driver.on('scan', (s) => scans.push(s));
    const ready = readyOf(driver);
    driver.start();
    await ready;
    for (const report of simulatedWedgeScan('https://e.example/v?t=Ab9_-')) device.emit('data', Buffer.from(report));
    await vi.waitFor(() => expect(scans.map((s) => s.code)).toEqual(['https://e.example/v?t=Ab9_-']), { timeout: 5000, interval: 5 });
  });
});
