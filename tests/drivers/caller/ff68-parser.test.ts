import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeFf68, type Ff68Frame } from '../../../drivers/rs485/ff68-codec.ts';
import { createFf68ParserStream, Ff68Parser } from '../../../drivers/rs485/ff68-parser.ts';
import { fromHex, toHex } from '../../../drivers/rs485/hex.ts';

const CALL = fromHex('FF 68 03 03 68 01 01 0C 0E 16');
const NO_SHOW = fromHex('FF 68 04 04 68 01 01 06 0F 17 16');
const EVAL = fromHex('FF 68 03 03 68 02 11 03 16 16');

function rawOf(frames: Ff68Frame[]): string[] {
  return frames.map((f) => toHex(f.raw));
}

describe('Ff68Parser', () => {
  it('finds back-to-back frames in one chunk', () => {
    const parser = new Ff68Parser();
    expect(rawOf(parser.push(Buffer.concat([CALL, NO_SHOW, EVAL])))).toEqual([toHex(CALL), toHex(NO_SHOW), toHex(EVAL)]);
  });

  it('assembles a frame delivered one byte at a time', () => {
    const parser = new Ff68Parser();
    const frames: Ff68Frame[] = [];
    for (const b of NO_SHOW) frames.push(...parser.push(Buffer.from([b])));
    expect(rawOf(frames)).toEqual([toHex(NO_SHOW)]);
  });

  it('re-syncs after garbage, false starts and a truncated frame', () => {
    const garbage: Buffer[] = [];
    const parser = new Ff68Parser({ onGarbage: (b) => garbage.push(b) });
    const stream = Buffer.concat([
      fromHex('00 13 FF FF 68'), // noise ending in a false start
      fromHex('FF 68 03 04 68'), // L copies differ
      fromHex('FF 68 09 09 68 01'), // L above the device maximum of 5
      CALL.subarray(0, 6), // truncated frame
      EVAL,
      fromHex('16 FF'),
      NO_SHOW,
    ]);
    expect(rawOf(parser.push(stream))).toEqual([toHex(EVAL), toHex(NO_SHOW)]);
    expect(garbage.length).toBeGreaterThan(0);
  });

  it('keeps a trailing FF that may start the next frame', () => {
    const parser = new Ff68Parser();
    expect(parser.push(fromHex('00 00 FF'))).toEqual([]);
    expect(rawOf(parser.push(CALL.subarray(1)))).toEqual([toHex(CALL)]);
  });

  it('rejects L <= 2 from devices by default but accepts it when configured (host → device)', () => {
    const beep = encodeFf68(1, 3);
    expect(new Ff68Parser().push(beep)).toEqual([]);
    expect(rawOf(new Ff68Parser({ minLength: 2, maxLength: 8 }).push(beep))).toEqual([toHex(beep)]);
  });

  it('delivers frames with a bad CS, flagged', () => {
    const [frame] = new Ff68Parser().push(fromHex('FF 68 03 03 68 01 01 0C 42 16'));
    expect(frame?.checksumOk).toBe(false);
  });

  it('never throws on random input and still finds a frame afterwards', () => {
    let seed = 12345;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    const parser = new Ff68Parser();
    for (let i = 0; i < 200; i++) {
      const chunk = Buffer.from(Array.from({ length: 1 + (random() % 17) }, () => [0xff, 0x68, 0x16, random()][random() % 4] ?? 0));
      expect(() => parser.push(chunk)).not.toThrow();
    }
    // Whatever state random bytes left, at most one false frame can swallow the first real one.
    const found = rawOf([...parser.push(CALL), ...parser.push(CALL), ...parser.push(CALL)]);
    expect(found).toContain(toHex(CALL));
  });

  it('works as an object-mode Transform', async () => {
    const frames: Ff68Frame[] = [];
    const stream = Readable.from([fromHex('AA BB'), CALL.subarray(0, 4), CALL.subarray(4), EVAL]).pipe(createFf68ParserStream());
    for await (const frame of stream) frames.push(frame as Ff68Frame);
    expect(rawOf(frames)).toEqual([toHex(CALL), toHex(EVAL)]);
  });
});
