import { describe, expect, it } from 'vitest';
import { decodeOnbonBody, decodeOnbonFrame, defaultHeader, encodeOnbonBody, encodeOnbonFrame } from '../../../drivers/led/onbon/codec.ts';
import { crc16Arc } from '../../../drivers/led/onbon/crc.ts';
import { decodeDynamicAreaUpdate, encodeDynamicAreaUpdate, type DynamicAreaBlock } from '../../../drivers/led/onbon/dynamic-area.ts';
import { escapeOnbon, unescapeOnbon } from '../../../drivers/led/onbon/escape.ts';
import { OnbonParser } from '../../../drivers/led/onbon/parser.ts';
import { fromHex, toHex } from '../../../drivers/rs485/hex.ts';

/** The published example of protocols.md §4a, with its (wrong) CRC A8 7D. */
const PUBLISHED = fromHex(`A5 A5 A5 A5 A5 A5 A5 A5 01 00 00 80 00 00 00 00 00 00 FE 02 32 00 A3 06 01 2D 00 00
01 29 00 00 00 00 00 00 80 00 20 00 00 00 00 02 00 00 00 00 02 02 03 00 04 05 0E
00 00 00 30 31 32 33 34 35 51 52 53 54 54 56 27 42 A8 7D 5A`);
const PUBLISHED_BODY = PUBLISHED.subarray(8, PUBLISHED.length - 3);
const CORRECTED = Buffer.concat([PUBLISHED.subarray(0, PUBLISHED.length - 3), fromHex('BD 6F 5A')]);

const EXAMPLE_AREA: DynamicAreaBlock = {
  id: 0, x: 0, y: 0, width: 128, height: 32, lineSpacing: 0, runMode: 0, timeoutSeconds: 2,
  alignment: 0, singleLine: 2, lineWrap: 2, displayMode: 3, exitMode: 0, speed: 4, stayTime: 5,
  text: "012345QRSTTV'B",
};

describe('CRC-16/ARC', () => {
  it('has the standard check value', () => {
    expect(crc16Arc(Buffer.from('123456789', 'ascii'))).toBe(0xbb3d);
  });

  it('gives BD 6F (0x6FBD) for the published example, not its printed A8 7D', () => {
    expect(crc16Arc(PUBLISHED_BODY)).toBe(0x6fbd);
  });
});

describe('Onbon escaping', () => {
  it('stuffs the four special bytes and restores them', () => {
    const raw = fromHex('A5 A6 5A 5B 00 FF');
    expect(toHex(escapeOnbon(raw))).toBe('A6 02 A6 01 5B 02 5B 01 00 FF');
    const back = unescapeOnbon(escapeOnbon(raw));
    expect(back.ok && toHex(back.bytes)).toBe(toHex(raw));
  });

  it('reports a dangling or unknown escape without throwing', () => {
    expect(unescapeOnbon(fromHex('00 A6')).ok).toBe(false);
    expect(unescapeOnbon(fromHex('5B 07')).ok).toBe(false);
  });
});

describe('Onbon frame encoding', () => {
  it('reproduces the published example byte for byte, with the correct CRC', () => {
    const data = encodeDynamicAreaUpdate({ replyFlag: 0x01, reserved: 0x002d, deleteIds: [], areas: [EXAMPLE_AREA] });
    expect(data.length).toBe(0x32);
    expect(toHex(encodeOnbonFrame(defaultHeader(1), data))).toBe(toHex(CORRECTED));
    expect(toHex(encodeOnbonBody(defaultHeader(1), data))).toBe(toHex(PUBLISHED_BODY));
  });

  it('decodes the published example and flags its CRC', () => {
    const decoded = decodeOnbonFrame(PUBLISHED);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.frame.crcOk).toBe(false);
    expect(decoded.frame.crc).toBe(0x7da8);
    expect(decoded.frame.header).toMatchObject({ destination: 1, source: 0x8000, deviceType: 0xfe, protocolVersion: 2 });
    const update = decodeDynamicAreaUpdate(decoded.frame.data);
    expect(update.ok && update.update).toEqual({ replyFlag: 1, reserved: 0x2d, deleteIds: [], areas: [EXAMPLE_AREA] });
    const corrected = decodeOnbonFrame(CORRECTED);
    expect(corrected.ok && corrected.frame.crcOk).toBe(true);
  });

  it('round-trips header fields, a barcode and text whose bytes need escaping', () => {
    // ア = A5 A2 and Α = A6 A1 in GB2312; Z = 5A and [ = 5B; the address 0x5AA5 and lengths add more.
    const header = { ...defaultHeader(0x5aa5), source: 0xa65b, deviceType: 0x61, barcode: 'SN-0001' };
    const area = { ...EXAMPLE_AREA, id: 3, x: 0x5a, width: 0xa5, text: '请A001号到3号窗口 アΑZ[' };
    const data = encodeDynamicAreaUpdate({ replyFlag: 0, reserved: 0x5b5a, deleteIds: [0xa5, 1], areas: [area] });
    const wire = encodeOnbonFrame(header, data, 3);
    const inner = wire.subarray(3, wire.length - 1);
    expect(inner.includes(0xa5)).toBe(false);
    expect(inner.includes(0x5a)).toBe(false);
    const decoded = decodeOnbonFrame(wire);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.frame.crcOk).toBe(true);
    expect(decoded.frame.header).toEqual({ ...header, barcode: 'SN-0001         ' });
    const update = decodeDynamicAreaUpdate(decoded.frame.data);
    expect(update.ok && update.update).toEqual({ replyFlag: 0, reserved: 0x5b5a, deleteIds: [0xa5, 1], areas: [area] });
  });

  it('rejects a body whose data length does not match', () => {
    const body = encodeOnbonBody(defaultHeader(1), fromHex('A2 00'));
    expect(decodeOnbonBody(Buffer.concat([body, fromHex('00 00 00')])).ok).toBe(false);
  });

  it('reads voice and extension bytes it never sends', () => {
    const data = encodeDynamicAreaUpdate({ replyFlag: 1, reserved: 0, deleteIds: [], areas: [EXAMPLE_AREA] });
    // Voice flag 1 adds three bytes after it; the area length grows by three.
    const voiceAt = 7 + 2 + 14;
    const withVoice = Buffer.concat([data.subarray(0, voiceAt), fromHex('01 11 05 05'), data.subarray(voiceAt + 1)]);
    withVoice.writeUInt16LE(withVoice.length - 9, 7);
    const decoded = decodeDynamicAreaUpdate(withVoice);
    expect(decoded.ok && decoded.update.areas[0]?.text).toBe(EXAMPLE_AREA.text);
  });
});

describe('OnbonParser', () => {
  it('finds frames after garbage and drops corrupt ones with a reason', () => {
    const reasons: string[] = [];
    const parser = new OnbonParser({ onReject: (r) => reasons.push(r) });
    const good = encodeOnbonFrame(defaultHeader(2), fromHex('A3 06 00'));
    const frames = parser.push(Buffer.concat([
      fromHex('00 5A 13'), // noise, including a stray end byte
      PUBLISHED, // CRC mismatch
      fromHex('A5 A5 01 02 A6 09 5A'), // bad escape
      good.subarray(0, 10), // truncated, then a new preamble restarts
      good,
    ]));
    expect(frames.map((f) => toHex(f.data))).toEqual(['A3 06 00']);
    expect(reasons).toEqual(expect.arrayContaining(['CRC mismatch', expect.stringMatching(/bad escape/), expect.stringMatching(/restarted/)]));
  });

  it('assembles a frame delivered byte by byte', () => {
    const parser = new OnbonParser();
    const frames = [...CORRECTED].flatMap((b) => parser.push(Uint8Array.of(b)));
    expect(frames).toHaveLength(1);
  });

  it('gives up on a frame longer than the limit and recovers', () => {
    const reasons: string[] = [];
    const parser = new OnbonParser({ maxFrameBytes: 32, onReject: (r) => reasons.push(r) });
    expect(parser.push(Buffer.concat([fromHex('A5'), Buffer.alloc(100, 1), fromHex('5A')]))).toEqual([]);
    expect(reasons[0]).toMatch(/longer than 32/);
    expect(parser.push(encodeOnbonFrame(defaultHeader(1), Buffer.alloc(0)))).toHaveLength(1);
  });
});
