import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScannerDriver, type ScanDrop, type ScanEvent } from '../../../drivers/scanner/driver.ts';
import { SerialScannerSimulator, simulatedWedgeScan } from '../../../drivers/scanner/simulator.ts';
import { createMemoryPair, type MemoryTransport } from '../../../drivers/transport/memory.ts';

const started: ScannerDriver[] = [];
afterEach(async () => {
  for (const d of started.splice(0)) await d.stop();
});

async function rig(options: ConstructorParameters<typeof ScannerDriver>[1] = {}) {
  const { host, device } = createMemoryPair('scanner');
  let clock = 1_000_000;
  const driver = new ScannerDriver(() => host, { now: () => clock, ...options });
  const scans: ScanEvent[] = [];
  const drops: ScanDrop[] = [];
  driver.on('scan', (s) => scans.push(s));
  driver.on('dropped', (d) => drops.push(d));
  const ready = new Promise<void>((resolve) => driver.on('health', (h) => h.state === 'ready' && resolve()));
  driver.start();
  started.push(driver);
  await ready;
  await device.open().catch(() => undefined);
  return { driver, device: device as MemoryTransport, scans, drops, advance: (ms: number) => (clock += ms) };
}

describe('ScannerDriver (serial) against the simulator', () => {
  it('emits each code once, without the AIM prefix, and drops the same code again within the repeat window', async () => {
    const r = await rig();
    const sim = new SerialScannerSimulator(r.device, 'CR');
    await sim.scan('eyJ0eXAiOiJKV1QifQ', { aim: ']Q1', chunkSize: 3 });
    await vi.waitFor(() => expect(r.scans).toHaveLength(1), { timeout: 2000, interval: 5 });
    expect(r.scans[0]).toMatchObject({ code: 'eyJ0eXAiOiJKV1QifQ', aim: ']Q1' });

    await sim.scan('eyJ0eXAiOiJKV1QifQ', { aim: ']Q1' });
    await vi.waitFor(() => expect(r.drops).toEqual([{ reason: 'repeat', length: 18 }]), { timeout: 2000, interval: 5 });

    r.advance(2500);
    await sim.scan('eyJ0eXAiOiJKV1QifQ', { aim: ']Q1' });
    await vi.waitFor(() => expect(r.scans).toHaveLength(2), { timeout: 2000, interval: 5 });
  });

  it('with no terminator, a pause ends the code', async () => {
    const r = await rig({ terminator: 'none', idleMs: 30 });
    await new SerialScannerSimulator(r.device, 'none').scan('123456', { chunkSize: 2 });
    await vi.waitFor(() => expect(r.scans.map((s) => s.code)).toEqual(['123456']), { timeout: 2000, interval: 5 });
  });
});

describe('ScannerDriver (HID keyboard mode) against simulated reports', () => {
  it('types the reports back into the code and ends it at Enter', async () => {
    const r = await rig({ interface: 'hid' });
    for (const report of simulatedWedgeScan('Ab+/=9', { aim: ']Q1' })) await r.device.write(report);
    await vi.waitFor(() => expect(r.scans.map((s) => [s.code, s.aim])).toEqual([['Ab+/=9', ']Q1']]), { timeout: 2000, interval: 5 });
  });

  it('drops a code with keys a scanner never types (someone on a keyboard), whole', async () => {
    const r = await rig({ interface: 'hid' });
    const reports = simulatedWedgeScan('AB');
    await r.device.write(Uint8Array.of(0, 0, 0x3a, 0, 0, 0, 0, 0)); // F1
    await r.device.write(new Uint8Array(8));
    for (const report of reports) await r.device.write(report);
    await vi.waitFor(() => expect(r.drops).toEqual([{ reason: 'untypable', length: 3 }]), { timeout: 2000, interval: 5 });
    expect(r.scans).toEqual([]);
  });
});
