import { afterEach, describe, expect, it } from 'vitest';
import { encodePlainBrightness, encodePlainText, plainProtocol } from '../../../drivers/led/plain/codec.ts';
import { PlainLedScreen } from '../../../drivers/led/plain/driver.ts';
import { PlainLedParser } from '../../../drivers/led/plain/parser.ts';
import { PlainLedSimulator } from '../../../drivers/led/plain/simulator.ts';
import { fromHex, toHex } from '../../../drivers/rs485/hex.ts';
import { memoryBus, until, type MemoryBus } from './rig.ts';

const rigs: MemoryBus[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.stop();
});

describe('plain LED codec', () => {
  it('defaults to GB2312 text ended by CR LF', () => {
    expect(toHex(encodePlainText(plainProtocol(), { text: 'A1号' }))).toBe('41 31 BA C5 0D 0A');
  });

  it('adds prefix, ASCII or binary address, area byte and effect bytes', () => {
    const ascii = plainProtocol({ prefix: [0x02], suffix: [0x03], address: { kind: 'ascii', digits: 2 }, effects: { scroll: [0x1b, 0x53] } });
    expect(toHex(encodePlainText(ascii, { address: 5, text: 'A', effect: { kind: 'scroll' } }))).toBe('02 30 35 1B 53 41 03');
    const binary = plainProtocol({ prefix: [0xaa], suffix: [0x55], address: { kind: 'byte' }, areaByte: true });
    expect(toHex(encodePlainText(binary, { address: 0x21, area: 1, text: 'B' }))).toBe('AA 21 01 42 55');
    expect(() => encodePlainText(binary, { text: 'B' })).toThrow(/needs a module address/);
  });

  it('encodes brightness only when configured', () => {
    expect(() => encodePlainBrightness(plainProtocol(), undefined, 3)).toThrow(/not configured/);
    expect(toHex(encodePlainBrightness(plainProtocol({ brightnessPrefix: [0x1b, 0x42] }), undefined, 7))).toBe('1B 42 07 0D 0A');
  });

  it('rejects an empty suffix and unknown encodings', () => {
    expect(() => plainProtocol({ suffix: [] })).toThrow(/suffix/);
    expect(() => plainProtocol({ encoding: 'klingon' })).toThrow(/encoding/);
  });

  it('parses frames back after garbage and across chunk boundaries', () => {
    const protocol = plainProtocol({ prefix: [0x02], address: { kind: 'ascii', digits: 2 }, effects: { scroll: [0x1b, 0x53], scrollRight: [0x1b, 0x53, 0x52] } });
    const parser = new PlainLedParser(protocol);
    const wire = Buffer.concat([
      fromHex('FF 00 0D 0A'), // a line without prefix is dropped
      fromHex('33 02'),
      encodePlainText(protocol, { address: 12, text: '请A001号', effect: { kind: 'scroll', direction: 'right' } }),
    ]);
    const first = parser.push(wire.subarray(0, 9));
    const rest = parser.push(wire.subarray(9));
    expect([...first, ...rest]).toEqual([expect.objectContaining({ address: 12, text: '请A001号', effect: 'scrollRight' })]);
  });
});

describe('PlainLedScreen', () => {
  it('drives two modules by address on one bus', async () => {
    const r = await memoryBus();
    rigs.push(r);
    const protocol = { prefix: [0x02], address: { kind: 'ascii' as const, digits: 3 } };
    const sim1 = new PlainLedSimulator(r.device, { address: 1, protocol });
    const sim2 = new PlainLedSimulator(r.device, { address: 2, protocol: { ...protocol, brightnessPrefix: [0x42] } });
    const led1 = new PlainLedScreen(r.bus, { address: 1, protocol });
    const led2 = new PlainLedScreen(r.bus, { address: 2, protocol: { ...protocol, brightnessPrefix: [0x42] } });
    await Promise.all([led1.showText(0, '请A001号到1号窗口'), led2.showText(0, '暂停服务'), led2.brightness(9)]);
    await until(() => sim1.frames.length === 1 && sim2.frames.length === 2);
    expect(sim1.text()).toBe('请A001号到1号窗口');
    expect(sim2.text()).toBe('暂停服务');
    expect(sim2.brightness).toBe(9);
    await led1.clear();
    await until(() => sim1.text() === '');
    expect(led1.health.state).toBe('ready');
  });

  it('flashes with blank frames and ends on the text', async () => {
    const r = await memoryBus();
    rigs.push(r);
    const sim = new PlainLedSimulator(r.device);
    const led = new PlainLedScreen(r.bus);
    await led.showText(0, 'A009', { kind: 'flash', seconds: 0.2, periodMs: 100 });
    await until(() => sim.frames.length === 5);
    expect(sim.frames.map((f) => f.text)).toEqual(['A009', '', 'A009', '', 'A009']);
  });

  it('reports a fault when the bus is down', async () => {
    const r = await memoryBus();
    rigs.push(r);
    await r.bus.stop();
    const led = new PlainLedScreen(r.bus);
    await expect(led.showText(0, 'x')).rejects.toThrow(/not connected/);
  });
});
