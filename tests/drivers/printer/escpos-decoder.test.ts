import { describe, expect, it } from 'vitest';
import { EscPosDecoder, type EscPosCommand } from '../../../drivers/printer/escpos-decoder.ts';

const ops = (cmds: EscPosCommand[]): string[] => cmds.map((c) => c.op);

describe('EscPosDecoder', () => {
  it('waits for the rest of a command split across chunks', () => {
    const d = new EscPosDecoder();
    expect(d.push(Uint8Array.of(0x1b))).toEqual([]);
    expect(d.push(Uint8Array.of(0x61))).toEqual([]);
    expect(d.push(Uint8Array.of(0x01, 0x1d, 0x28, 0x6b, 0x07, 0x00, 0x31, 0x50, 0x30, 0x41)))
      .toEqual([{ op: 'align', align: 'center' }]);
    expect(d.push(Uint8Array.of(0x30, 0x30, 0x31))).toEqual([{ op: 'qr-store', data: Uint8Array.of(0x41, 0x30, 0x30, 0x31) }]);
  });

  it('reads ESC !, both cut functions and DLE EOT', () => {
    const d = new EscPosDecoder();
    expect(d.push(Uint8Array.of(0x1b, 0x21, 0x38, 0x1d, 0x56, 0x31, 0x1d, 0x56, 0x41, 0x03, 0x10, 0x04, 0x02))).toEqual([
      { op: 'mode', bold: true, doubleHeight: true, doubleWidth: true },
      { op: 'cut', fn: 'A', partial: true },
      { op: 'cut', fn: 'B', partial: false },
      { op: 'status-request', n: 2 },
    ]);
  });

  it('skips unknown commands and a corrupt 2D length without swallowing what follows', () => {
    const d = new EscPosDecoder();
    const out = d.push(Uint8Array.of(0x1b, 0x7e, 0x1d, 0x28, 0x6b, 0xff, 0xff, 0x07, 0x41, 0x0a));
    expect(ops(out)).toEqual(['other', 'other', 'other', 'text', 'lf']);
    expect(out.at(-2)).toEqual({ op: 'text', bytes: Uint8Array.of(0x41) });
  });

  it('never throws on random bytes', () => {
    const d = new EscPosDecoder();
    let seed = 11;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (let i = 0; i < 300; i++) expect(() => d.push(Uint8Array.from({ length: 1 + (i % 13) }, rnd))).not.toThrow();
  });
});
