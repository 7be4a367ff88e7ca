import { describe, expect, it } from 'vitest';
import { PrinterReplyParser, type PrinterReply } from '../../../drivers/printer/parser.ts';

const kinds = (replies: PrinterReply[]): string[] => replies.map((r) => r.type);

describe('printer reply parser', () => {
  it('attributes DLE EOT replies to requests in order', () => {
    const p = new PrinterReplyParser();
    p.expect(1);
    p.expect(2);
    p.expect(4);
    const out = p.push(Uint8Array.of(0x1a, 0x32, 0x7e));
    expect(out).toMatchObject([
      { type: 'status', request: 1, reply: { offline: true } },
      { type: 'status', request: 2, reply: { paperEndStop: true } },
      { type: 'status', request: 4, reply: { paperEnd: true } },
    ]);
    expect(p.pending).toEqual([]);
  });

  it('reports a status-looking byte with nothing outstanding as stray', () => {
    const p = new PrinterReplyParser();
    expect(p.push(Uint8Array.of(0x12))).toEqual([{ type: 'stray', byte: 0x12 }]);
    p.expect(1);
    p.clearExpected();
    expect(kinds(p.push(Uint8Array.of(0x12)))).toEqual(['stray']);
  });

  it('assembles ASB frames split across chunks, between status replies', () => {
    const p = new PrinterReplyParser();
    p.expect(1);
    p.expect(4);
    const out = [
      ...p.push(Uint8Array.of(0x12, 0x38)),
      ...p.push(Uint8Array.of(0x00)),
      ...p.push(Uint8Array.of(0x0c, 0x00, 0x7e)),
    ];
    expect(out).toMatchObject([
      { type: 'status', request: 1 },
      { type: 'asb', status: { offline: true, coverOpen: true, paperEnd: true } },
      { type: 'status', request: 4, reply: { paperEnd: true } },
    ]);
  });

  it('skips garbage and re-syncs without throwing', () => {
    const p = new PrinterReplyParser();
    p.expect(1);
    const out = p.push(Uint8Array.of(0x00, 0xff, 0x01, 0x80, 0x12, 0x41));
    expect(kinds(out)).toEqual(['garbage', 'status', 'garbage']);
    expect(out[0]).toEqual({ type: 'garbage', bytes: Uint8Array.of(0x00, 0xff, 0x01, 0x80) });
  });

  it('abandons a broken ASB frame when a reply byte arrives inside it', () => {
    const p = new PrinterReplyParser();
    p.expect(2);
    // 0x10 starts a frame, but 0x16 cannot be ASB byte 2 (bit 4 set): it is the DLE EOT 2 reply.
    const out = p.push(Uint8Array.of(0x10, 0x16));
    expect(out).toMatchObject([
      { type: 'garbage', bytes: Uint8Array.of(0x10) },
      { type: 'status', request: 2, reply: { coverOpen: true } },
    ]);
  });

  it('never throws on random input', () => {
    const p = new PrinterReplyParser();
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (let i = 0; i < 200; i++) {
      if (i % 3 === 0) p.expect(((i % 4) + 1) as 1 | 2 | 3 | 4);
      const chunk = Uint8Array.from({ length: 1 + (i % 9) }, rnd);
      expect(() => p.push(chunk)).not.toThrow();
    }
  });
});
