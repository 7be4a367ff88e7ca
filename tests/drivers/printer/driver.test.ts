import { afterEach, describe, expect, it } from 'vitest';
import type { EventEmitter } from 'node:events';
import { createMemoryPair, type MemoryTransport } from '../../../drivers/transport/memory.ts';
import { PrinterDriver, type PrintJobResult, type PrinterDriverOptions } from '../../../drivers/printer/driver.ts';
import { PrinterSimulator, type PrinterSimulatorOptions } from '../../../drivers/printer/simulator.ts';
import { renderTicket } from '../../../drivers/printer/ticket-layout.ts';
import type { DeviceHealth } from '../../../drivers/core/health.ts';
import { sampleTicket } from './fixtures.ts';
import { waitForEvent, waitForHealth } from './helpers.ts';

interface Rig {
  driver: PrinterDriver;
  sim: PrinterSimulator;
  host: MemoryTransport;
  device: MemoryTransport;
  health: DeviceHealth[];
  jobs: PrintJobResult[];
  unplug(): void;
  replug(): Promise<void>;
}

let rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs) {
    await r.driver.stop();
    await r.sim.stop();
  }
  rigs = [];
});

/** Driver and simulator over an in-memory line; resolves once the first status check is done. */
async function rig(options: PrinterDriverOptions = {}, simOptions: PrinterSimulatorOptions = {}): Promise<Rig> {
  const { host, device } = createMemoryPair('printer');
  let plugged = true;
  const driver = new PrinterDriver(() => {
    if (!plugged) throw new Error('unplugged');
    return host;
  }, { pollIntervalMs: 0, backoff: { initialMs: 5, maxMs: 20 }, ...options });
  const sim = new PrinterSimulator(device, simOptions);
  await sim.start();
  const health: DeviceHealth[] = [];
  const jobs: PrintJobResult[] = [];
  driver.on('health', (h) => health.push(h));
  driver.on('job', (j) => jobs.push(j));
  const r: Rig = {
    driver, sim, host, device, health, jobs,
    unplug() {
      plugged = false;
      host.drop(new Error('cable pulled'));
    },
    async replug() {
      await device.open();
      plugged = true;
    },
  };
  rigs.push(r);
  driver.start();
  await waitForHealth(driver, (h) => h.state === 'ready');
  if (options.statusSupported !== false && simOptions.answersStatus !== false) await driver.checkStatus();
  return r;
}

const ticketBytes = (number = 'A001'): Uint8Array => renderTicket(sampleTicket({ number }));

describe('PrinterDriver with the simulator', () => {
  it('prints a ticket after checking status, and reports health connecting → ready', async () => {
    const r = await rig();
    expect(r.health.map((h) => h.state)).toEqual(['connecting', 'ready']);
    r.sim.statusRequests.length = 0;
    const printed = waitForEvent(r.sim as unknown as EventEmitter, 'ticket');
    const result = await r.driver.print(ticketBytes(), 'job-1');
    expect(result).toEqual({ jobId: 'job-1', result: 'printed' });
    await printed;
    expect(r.sim.statusRequests).toEqual([1, 2, 4]);
    expect(r.sim.tickets).toHaveLength(1);
    expect(r.sim.tickets[0]!.lines.some((l) => l.text === 'A001')).toBe(true);
    expect(r.jobs).toEqual([result]);
  });

  it('fails the job with the paper-end reason and reports a fault when paper runs out', async () => {
    const r = await rig();
    r.sim.setPaper('out');
    const result = await r.driver.print(ticketBytes(), 'job-2');
    expect(result.result).toBe('failed');
    expect(result.result === 'failed' && result.reason).toMatch(/paper end \(缺纸\)/);
    expect(r.driver.health).toEqual({ state: 'fault', reason: 'paper end (缺纸)' });
    expect(r.jobs).toEqual([result]);
    expect(r.sim.tickets).toHaveLength(0);
    expect(r.sim.discardedBytes).toBe(0); // the job was never sent

    // Paper reloaded: the next job prints and health recovers.
    r.sim.setPaper('ok');
    expect(await r.driver.print(ticketBytes('A002'), 'job-3')).toEqual({ jobId: 'job-3', result: 'printed' });
    expect(r.driver.health).toEqual({ state: 'ready' });
  });

  it('stays ready but raises the near-end warning', async () => {
    const r = await rig();
    const warned = waitForEvent<[boolean]>(r.driver as unknown as EventEmitter, 'paper-near-end');
    r.sim.setPaper('near-end');
    expect(await r.driver.print(ticketBytes(), 'job-4')).toEqual({ jobId: 'job-4', result: 'printed' });
    expect(await warned).toEqual([true]);
    expect(r.driver.paperNearEnd).toBe(true);
    expect(r.driver.health).toEqual({ state: 'ready' });

    const cleared = waitForEvent<[boolean]>(r.driver as unknown as EventEmitter, 'paper-near-end');
    r.sim.setPaper('ok');
    await r.driver.checkStatus();
    expect(await cleared).toEqual([false]);
    expect(r.driver.paperNearEnd).toBe(false);
  });

  it('fails the job and reports a fault when the cover is open', async () => {
    const r = await rig();
    r.sim.openCover();
    const result = await r.driver.print(ticketBytes(), 'job-5');
    expect(result).toEqual({ jobId: 'job-5', result: 'failed', reason: 'cover open (纸仓盖打开)' });
    expect(r.driver.health).toEqual({ state: 'fault', reason: 'cover open (纸仓盖打开)' });
  });

  it('reports a printer taken offline', async () => {
    const r = await rig();
    r.sim.setOffline();
    const result = await r.driver.print(ticketBytes(), 'job-6');
    expect(result).toMatchObject({ result: 'failed', reason: 'printer offline (脱机)' });
  });

  it('never interleaves two jobs submitted at once', async () => {
    const r = await rig();
    const written: string[] = [];
    const origWrite = r.host.write.bind(r.host);
    r.host.write = async (data: Uint8Array): Promise<void> => {
      written.push(data.length === 3 && data[0] === 0x10 ? `status${data[2]}` : 'job');
      return origWrite(data);
    };
    const a = r.driver.print(ticketBytes('A001'), 'a');
    const b = r.driver.print(ticketBytes('A002'), 'b');
    const both = waitForEvent(r.sim as unknown as EventEmitter, 'ticket', () => r.sim.tickets.length === 2);
    expect(await Promise.all([a, b])).toEqual([{ jobId: 'a', result: 'printed' }, { jobId: 'b', result: 'printed' }]);
    await both;
    expect(written).toEqual(['status1', 'status2', 'status4', 'job', 'status1', 'status2', 'status4', 'job']);
    const numbers = r.sim.tickets.map((t) => t.lines.filter((l) => /^A00\d$/.test(l.text)).map((l) => l.text));
    expect(numbers).toEqual([['A001'], ['A002']]);
    for (const t of r.sim.tickets) {
      expect(t.cut).toBe(true);
      expect(t.qrPayloads).toHaveLength(1);
    }
    expect(r.jobs.map((j) => j.jobId)).toEqual(['a', 'b']);
  });

  it('fails fast when never connected', async () => {
    const driver = new PrinterDriver(() => createMemoryPair().host, { pollIntervalMs: 0 });
    const jobs: PrintJobResult[] = [];
    driver.on('job', (j) => jobs.push(j));
    const result = await driver.print(ticketBytes(), 'early');
    expect(result).toEqual({ jobId: 'early', result: 'failed', reason: 'printer not connected' });
    expect(jobs).toEqual([result]);
  });

  it('fails fast after an unplug, reports the fault, and prints again once replugged', async () => {
    const r = await rig();
    r.unplug();
    const fault = await waitForHealth(r.driver, (h) => h.state === 'fault');
    expect(fault).toMatchObject({ state: 'fault', reason: expect.stringMatching(/cannot open: (cable pulled|unplugged)/) });
    expect(await r.driver.print(ticketBytes(), 'while-out')).toEqual({ jobId: 'while-out', result: 'failed', reason: 'printer not connected' });

    await r.replug();
    await waitForHealth(r.driver, (h) => h.state === 'ready');
    expect(await r.driver.print(ticketBytes('A009'), 'after')).toEqual({ jobId: 'after', result: 'printed' });
  });

  it('fails a job waiting for a status reply as soon as the link drops, not after the timeout', async () => {
    const r = await rig({ statusTimeoutMs: 60_000 }, { answersStatus: false });
    const pending = r.driver.print(ticketBytes(), 'stuck');
    await waitForEvent(r.sim as unknown as EventEmitter, 'status-request');
    r.unplug();
    expect(await pending).toEqual({ jobId: 'stuck', result: 'failed', reason: 'printer not connected' });
  });

  it('names the status request it waited for when the printer does not answer', async () => {
    const r = await rig({ statusTimeoutMs: 30 }, { answersStatus: false });
    const result = await r.driver.print(ticketBytes(), 'mute');
    expect(result).toEqual({ jobId: 'mute', result: 'failed', reason: 'no reply to DLE EOT 1 (printer status) within 30 ms' });
    expect(r.driver.health).toMatchObject({ state: 'fault', reason: expect.stringContaining('DLE EOT 1 (printer status)') });
    expect(r.sim.tickets).toHaveLength(0);
  });

  it('skips status entirely for printers that never answer DLE EOT', async () => {
    const r = await rig({ statusSupported: false }, { answersStatus: false });
    const printed = waitForEvent(r.sim as unknown as EventEmitter, 'ticket');
    expect(await r.driver.print(ticketBytes(), 'blind')).toEqual({ jobId: 'blind', result: 'printed' });
    await printed;
    expect(r.sim.statusRequests).toEqual([]);
    expect(r.driver.health).toEqual({ state: 'ready' });
  });

  it('polls while idle, so paper running out and being reloaded shows without a job', async () => {
    const r = await rig({ pollIntervalMs: 10 });
    r.sim.setPaper('out');
    expect(await waitForHealth(r.driver, (h) => h.state === 'fault')).toEqual({ state: 'fault', reason: 'paper end (缺纸)' });
    r.sim.setPaper('ok');
    await waitForHealth(r.driver, (h) => h.state === 'ready');
  });

  it('follows automatic status back frames when enabled', async () => {
    const r = await rig({ autoStatusBack: true });
    r.sim.openCover();
    expect(await waitForHealth(r.driver, (h) => h.state === 'fault')).toEqual({ state: 'fault', reason: 'cover open (纸仓盖打开)' });
    r.sim.openCover(false);
    await waitForHealth(r.driver, (h) => h.state === 'ready');
  });

  it('ignores stray bytes and garbage from the printer', async () => {
    const r = await rig();
    await r.device.write(Uint8Array.of(0x12, 0x00, 0xff, 0x41));
    expect(await r.driver.print(ticketBytes(), 'after-noise')).toEqual({ jobId: 'after-noise', result: 'printed' });
  });
});
