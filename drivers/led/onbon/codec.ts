import { crc16Arc } from './crc.ts';
import { escapeOnbon, ONBON_END, ONBON_START, unescapeOnbon } from './escape.ts';

/**
 * Onbon BX-5K/6K "font card" frames, protocol version 02 (protocols.md §4a):
 * A5×N | escaped(header + data + CRC-16/ARC LE) | 5A, all multi-byte header fields LE.
 */
export interface OnbonHeader {
  /** Screen address; 0xFFFE is the wildcard in the Onbon dual SDK (unconfirmed). */
  destination: number;
  source: number;
  /** Three reserved bytes, sent as given. */
  reserved: [number, number, number];
  /** 16 ASCII characters when present (barcode flag 01). */
  barcode?: string | undefined;
  checkMode: number;
  displayMode: number;
  /** FE = any controller; see the sheet for model codes. */
  deviceType: number;
  protocolVersion: number;
}

export interface OnbonFrame {
  header: OnbonHeader;
  data: Buffer;
  crc: number;
  crcOk: boolean;
}

export const DEFAULT_PREAMBLE_COUNT = 8;
export const HOST_ADDRESS = 0x8000;

export function defaultHeader(destination: number): OnbonHeader {
  return {
    destination,
    source: HOST_ADDRESS,
    reserved: [0, 0, 0],
    checkMode: 0,
    displayMode: 0,
    deviceType: 0xfe,
    protocolVersion: 0x02,
  };
}

/** Header + data, unescaped and without CRC: the bytes the CRC covers. */
export function encodeOnbonBody(header: OnbonHeader, data: Uint8Array): Buffer {
  const barcode = header.barcode === undefined ? undefined : Buffer.from(header.barcode.padEnd(16, ' ').slice(0, 16), 'ascii');
  const head = Buffer.alloc(14 + (barcode ? 16 : 0));
  let o = 0;
  head.writeUInt16LE(header.destination & 0xffff, o); o += 2;
  head.writeUInt16LE(header.source & 0xffff, o); o += 2;
  for (const r of header.reserved) head[o++] = r & 0xff;
  head[o++] = barcode ? 0x01 : 0x00;
  if (barcode) { barcode.copy(head, o); o += 16; }
  head[o++] = header.checkMode & 0xff;
  head[o++] = header.displayMode & 0xff;
  head[o++] = header.deviceType & 0xff;
  head[o++] = header.protocolVersion & 0xff;
  if (data.length > 0xffff) throw new RangeError(`Onbon data field too long (${data.length} bytes)`);
  head.writeUInt16LE(data.length, o);
  return Buffer.concat([head, data]);
}

export function encodeOnbonFrame(header: OnbonHeader, data: Uint8Array, preambleCount = DEFAULT_PREAMBLE_COUNT): Buffer {
  const body = encodeOnbonBody(header, data);
  const crc = Buffer.alloc(2);
  crc.writeUInt16LE(crc16Arc(body));
  return Buffer.concat([Buffer.alloc(Math.max(1, preambleCount), ONBON_START), escapeOnbon(Buffer.concat([body, crc])), Buffer.from([ONBON_END])]);
}

export type OnbonDecoded = { ok: true; frame: OnbonFrame } | { ok: false; reason: string };

/** Decodes header + data + CRC once unescaped. Never throws. */
export function decodeOnbonBody(bytes: Uint8Array): OnbonDecoded {
  const b = Buffer.from(bytes);
  if (b.length < 16) return { ok: false, reason: `frame too short (${b.length} bytes)` };
  const hasBarcode = b[7] === 0x01;
  const headLength = 14 + (hasBarcode ? 16 : 0);
  if (b.length < headLength + 2) return { ok: false, reason: `frame too short for its header (${b.length} bytes)` };
  let o = 8;
  const barcode = hasBarcode ? b.toString('ascii', o, o + 16) : undefined;
  if (hasBarcode) o += 16;
  const header: OnbonHeader = {
    destination: b.readUInt16LE(0),
    source: b.readUInt16LE(2),
    reserved: [b[4] ?? 0, b[5] ?? 0, b[6] ?? 0],
    barcode,
    checkMode: b[o] ?? 0,
    displayMode: b[o + 1] ?? 0,
    deviceType: b[o + 2] ?? 0,
    protocolVersion: b[o + 3] ?? 0,
  };
  const length = b.readUInt16LE(o + 4);
  if (b.length !== headLength + length + 2) {
    return { ok: false, reason: `data length ${length} does not fit a ${b.length}-byte frame` };
  }
  const data = Buffer.from(b.subarray(headLength, headLength + length));
  const crc = b.readUInt16LE(headLength + length);
  return { ok: true, frame: { header, data, crc, crcOk: crc === crc16Arc(b.subarray(0, headLength + length)) } };
}

/** Decodes one whole frame as sent on the wire (preamble, escaped body, end byte). */
export function decodeOnbonFrame(wire: Uint8Array): OnbonDecoded {
  let start = 0;
  while (wire[start] === ONBON_START) start++;
  if (start === 0) return { ok: false, reason: 'frame does not start with A5' };
  if (wire[wire.length - 1] !== ONBON_END) return { ok: false, reason: 'frame does not end with 5A' };
  const unescaped = unescapeOnbon(wire.subarray(start, wire.length - 1));
  return unescaped.ok ? decodeOnbonBody(unescaped.bytes) : unescaped;
}
