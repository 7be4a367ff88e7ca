import { afterEach, describe, expect, it } from 'vitest';
import type { EventEmitter } from 'node:events';
import { createMemoryPair, type MemoryTransport } from '../../../drivers/transport/memory.ts';
import { PrinterSimulator } from '../../../drivers/printer/simulator.ts';
import { renderTicket } from '../../../drivers/printer/ticket-layout.ts';
import { asbEnable } from '../../../drivers/printer/codec.ts';
import { sampleTicket } from './fixtures.ts';
import { waitForEvent } from './helpers.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

async function rig(options = {}): Promise<{ host: MemoryTransport; sim: PrinterSimulator; replies: number[] }> {
  const { host, device } = createMemoryPair('printer');
  const sim = new PrinterSimulator(device, options);
  await sim.start();
  await host.open();
  const replies: number[] = [];
  host.onData((c) => replies.push(...c));
  cleanup.push(() => sim.stop(), () => host.close());
  return { host, sim, replies };
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setImmediate(r));
  if (!check()) throw new Error('condition never met');
};

describe('PrinterSimulator', () => {
  it('answers DLE EOT 1, 2, 4 with the out-of-paper bytes of protocols.md', async () => {
    const { host, sim, replies } = await rig();
    sim.setPaper('out');
    await host.write(Uint8Array.of(0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4));
    await until(() => replies.length === 3);
    expect(replies).toEqual([0x1a, 0x32, 0x7e]);
    expect(sim.statusRequests).toEqual([1, 2, 4]);
  });

  it('answers all clear with 12, near end in n=4, cover open in n=2', async () => {
    const { host, sim, replies } = await rig();
    await host.write(Uint8Array.of(0x10, 0x04, 1, 0x10, 0x04, 3));
    await until(() => replies.length === 2);
    sim.setPaper('near-end');
    sim.openCover();
    await host.write(Uint8Array.of(0x10, 0x04, 4, 0x10, 0x04, 2, 0x10, 0x04, 1));
    await until(() => replies.length === 5);
    expect(replies).toEqual([0x12, 0x12, 0x1e, 0x16, 0x1a]);
  });

  it('stays silent on DLE EOT when configured like a printer without status support', async () => {
    const { host, sim, replies } = await rig({ answersStatus: false });
    await host.write(Uint8Array.of(0x10, 0x04, 1));
    await until(() => sim.statusRequests.length === 1);
    await new Promise((r) => setImmediate(r));
    expect(replies).toEqual([]);
  });

  it('decodes a ticket arriving one byte at a time', async () => {
    const { host, sim } = await rig();
    const done = waitForEvent(sim as unknown as EventEmitter, 'ticket');
    for (const b of renderTicket(sampleTicket())) await host.write(Uint8Array.of(b));
    await done;
    expect(sim.tickets).toHaveLength(1);
    expect(sim.tickets[0]!.lines.some((l) => l.text === 'A001' && l.size.width === 4)).toBe(true);
    expect(sim.tickets[0]!.qrPayloads).toEqual([sampleTicket().statusUrl]);
  });

  it('does not print while out of paper or with the cover open, and says so', async () => {
    const { host, sim } = await rig();
    sim.setPaper('out');
    const discarded = waitForEvent<[{ bytes: number; reason: string }]>(sim as unknown as EventEmitter, 'discarded');
    await host.write(renderTicket(sampleTicket()));
    const [info] = await discarded;
    expect(info.reason).toBe('paper end');
    expect(info.bytes).toBeGreaterThan(100);
    expect(sim.tickets).toHaveLength(0);

    sim.setPaper('ok');
    sim.openCover(true);
    const again = waitForEvent<[{ bytes: number; reason: string }]>(sim as unknown as EventEmitter, 'discarded');
    await host.write(renderTicket(sampleTicket()));
    expect((await again)[0].reason).toBe('cover open');

    sim.openCover(false);
    const printed = waitForEvent(sim as unknown as EventEmitter, 'ticket');
    await host.write(renderTicket(sampleTicket({ number: 'B002' })));
    await printed;
    expect(sim.tickets.map((t) => t.lines.some((l) => l.text === 'B002'))).toEqual([true]);
  });

  it('sends ASB frames once enabled and on every change', async () => {
    const { host, sim, replies } = await rig();
    await host.write(asbEnable(0x0f));
    await until(() => replies.length === 4);
    expect(replies).toEqual([0x10, 0x00, 0x00, 0x00]);
    sim.setPaper('out');
    await until(() => replies.length === 8);
    expect(replies.slice(4)).toEqual([0x18, 0x00, 0x0f, 0x00]);
  });

  it('renders a text and an HTML preview a person can read', async () => {
    const { host, sim } = await rig();
    const done = waitForEvent(sim as unknown as EventEmitter, 'ticket');
    await host.write(renderTicket(sampleTicket({ hallName: '<示范>政务服务中心' })));
    await done;
    const text = sim.toText();
    expect(text).toContain('A   0   0   1');
    expect(text).toContain('[QR: https://hall.example.gov.cn/t/A001');
    expect(text).toContain('1. 居民身份证原件及复印件一份');
    expect(text.split('\n').at(-1)).toMatch(/cut/);
    for (const row of text.split('\n')) expect(row.startsWith('|') || row.startsWith('+')).toBe(true);

    const html = sim.toHtml();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('font-size:4em;line-height:1.2;font-weight:bold">A001</div>');
    expect(html).toContain('&lt;示范&gt;政务服务中心');
    expect(html).not.toContain('<示范>');
    expect(html).toContain('class="qr"');
  });

  it('prints code-page garbage for Chinese text when Chinese mode is off, as a real printer would', async () => {
    const { host, sim } = await rig({ chineseModeAtPowerOn: false });
    const done = waitForEvent(sim as unknown as EventEmitter, 'ticket');
    await host.write(renderTicket(sampleTicket(), { chineseMode: false }));
    await done;
    expect(sim.tickets[0]!.lines.map((l) => l.text)).not.toContain('户籍业务');
  });
});
