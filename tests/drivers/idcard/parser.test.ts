import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeCardRecord, encodeResponse } from '../../../drivers/idcard/codec.ts';
import { SamFrameParser, SamFrameStream, type SamParseEvent } from '../../../drivers/idcard/parser.ts';

const ok = encodeResponse(0x90);
const noCard = encodeResponse(0x80);
const found = encodeResponse(0x9f, Buffer.alloc(4));
const read = encodeResponse(0x90, encodeCardRecord({ text: Buffer.alloc(256, 0x20), photo: Buffer.alloc(1024, 0xaa) }, false));

const frames = (events: SamParseEvent[]) => events.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));

describe('SamFrameParser', () => {
  it('assembles frames fed one byte at a time, including a 1295-byte read full of AA bytes', () => {
    const p = new SamFrameParser();
    const out: Buffer[] = [];
    for (const byte of Buffer.concat([found, read, ok])) out.push(...frames(p.push(Uint8Array.of(byte))));
    expect(out).toEqual([found, read, ok]);
    expect(p.droppedBytes).toBe(0);
    expect(p.pending).toBe(0);
  });

  it('finds frames in one chunk and across chunk boundaries', () => {
    const p = new SamFrameParser();
    const all = Buffer.concat([ok, noCard, found]);
    expect(frames(p.push(all.subarray(0, 13)))).toEqual([ok]);
    expect(frames(p.push(all.subarray(13)))).toEqual([noCard, found]);
  });

  it('skips and counts garbage, including a partial preamble, before a good frame', () => {
    const p = new SamFrameParser();
    const garbage = Buffer.from([0x00, 0xff, 0xaa, 0xaa, 0x13, 0x96, 0x69, 0xaa, 0xaa, 0xaa]);
    expect(frames(p.push(garbage))).toEqual([]);
    // The trailing AA AA AA may begin a preamble, so it is held, not dropped.
    expect(p.pending).toBe(3);
    expect(frames(p.push(ok.subarray(3)))).toEqual([ok]);
    expect(p.droppedBytes).toBe(7);
  });

  it('reports a corrupted frame and still finds the good frame that follows', () => {
    const bad = Buffer.from(noCard);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
    const p = new SamFrameParser();
    const events = p.push(Buffer.concat([bad, ok]));
    expect(events).toEqual([{ type: 'bad-checksum', length: bad.length }, { type: 'frame', frame: ok }]);
    expect(p.badChecksums).toBe(1);
    expect(p.droppedBytes).toBe(bad.length);
  });

  it('re-syncs when a LEN is absurd instead of waiting for kilobytes that never come', () => {
    const p = new SamFrameParser({ maxFrameLength: 2048 });
    const liar = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff, 0x00]);
    expect(frames(p.push(Buffer.concat([liar, ok])))).toEqual([ok]);
    const tiny = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x01, 0x00]);
    expect(frames(p.push(Buffer.concat([tiny, noCard])))).toEqual([noCard]);
  });

  it('never throws on random bytes', () => {
    const p = new SamFrameParser();
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      const chunk = Buffer.alloc((i % 37) + 1);
      for (let j = 0; j < chunk.length; j++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        chunk[j] = [0xaa, 0x96, 0x69, 0x00, seed & 0xff][seed % 5]!;
      }
      expect(() => p.push(chunk)).not.toThrow();
    }
    expect(frames(p.push(Buffer.concat([Buffer.alloc(8000), ok])))).toContainEqual(ok);
  });

  it('reset() forgets a partial frame', () => {
    const p = new SamFrameParser();
    p.push(read.subarray(0, 100));
    p.reset();
    expect(p.pending).toBe(0);
    expect(frames(p.push(ok))).toEqual([ok]);
  });
});

describe('SamFrameStream', () => {
  it('emits whole frames as objects', async () => {
    const stream = Readable.from([Buffer.from([1, 2]), ok.subarray(0, 4), ok.subarray(4), found]).pipe(new SamFrameStream());
    const out: Buffer[] = [];
    for await (const frame of stream) out.push(frame as Buffer);
    expect(out).toEqual([ok, found]);
  });
});
