import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { EscposBuilder, cutCommand, qrCommands, qrStore } from '../../../drivers/printer/escpos-adapter.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').replace(/(..)(?!$)/g, '$1 ');

describe('escpos adapter', () => {
  it('stores "A001" with the golden GS ( k fn 80 frame from protocols.md', () => {
    expect(hex(qrStore('A001'))).toBe('1d 28 6b 07 00 31 50 30 41 30 30 31');
  });

  it('emits the full native QR sequence: model, module size, error level, store, print', () => {
    const bytes = qrCommands('A001', { model: 2, moduleSize: 3, errorLevel: 'M' });
    expect(hex(bytes)).toBe([
      '1d 28 6b 04 00 31 41 32 00',
      '1d 28 6b 03 00 31 43 03',
      '1d 28 6b 03 00 31 45 31',
      '1d 28 6b 07 00 31 50 30 41 30 30 31',
      '1d 28 6b 03 00 31 51 30',
    ].join(' '));
  });

  it('puts the payload length in pL pH for payloads longer than 252 bytes', () => {
    const bytes = qrStore('x'.repeat(300));
    expect(bytes[3]! + 256 * bytes[4]!).toBe(303);
    expect(bytes.length).toBe(5 + 303);
  });

  it('rejects module sizes the printer does not accept', () => {
    expect(() => qrCommands('A001', { moduleSize: 17 })).toThrow(/1–16/);
  });

  it('builds function A and B cuts', () => {
    expect(hex(cutCommand({ function: 'B', partial: true, feedUnits: 0 }))).toBe('1d 56 42 00');
    expect(hex(cutCommand({ function: 'B', partial: false, feedUnits: 5 }))).toBe('1d 56 41 05');
    expect(hex(cutCommand({ function: 'A', partial: true }))).toBe('1d 56 01');
    expect(hex(cutCommand({ function: 'A', partial: false }))).toBe('1d 56 00');
  });

  it('builds init, Chinese mode, align, size, bold, quadruple and GB18030 text through node-escpos', () => {
    const bytes = new EscposBuilder().init().chineseMode(true).align('center').size(2, 2).bold(true)
      .quadruple(true).line('叫号 A001').quadruple(false).feedLines(2).bytes();
    const text = iconv.encode('叫号 A001\n', 'GB18030');
    expect(hex(bytes)).toBe(hex(Buffer.concat([
      Buffer.from('1b401c261b61011d21111b45011c5701', 'hex'),
      text,
      Buffer.from('1c57001b6402', 'hex'),
    ])));
  });

  it('uses node-escpos for a function A cut, feeding first because A cuts where the paper is', () => {
    expect(hex(new EscposBuilder().cut({ function: 'A', partial: false, feedLines: 2 }).bytes())).toBe('0a 0a 1d 56 00');
  });

  it('empties its buffer on bytes()', () => {
    const b = new EscposBuilder().init();
    expect(b.bytes().length).toBe(2);
    expect(b.bytes().length).toBe(0);
  });
});
