/**
 * SAM serial protocol frames (protocols.md §1): `AA AA AA 96 69 | LEN (BE) | body | CHK`, where LEN
 * counts body + CHK and CHK is the XOR of LEN and body. Commands carry CMD PARA DATA; responses
 * carry SW1 SW2 SW3 DATA.
 */

export const PREAMBLE = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
/** Preamble + LEN. */
export const HEADER_LENGTH = 7;

export interface SamCommand {
  cmd: number;
  para: number;
  data?: Uint8Array;
}

export interface SamResponse {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Buffer;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

export const Commands = {
  resetSam: { cmd: 0x10, para: 0xff },
  samStatus: { cmd: 0x11, para: 0xff },
  readSamId: { cmd: 0x12, para: 0xff },
  findCard: { cmd: 0x20, para: 0x01 },
  selectCard: { cmd: 0x20, para: 0x02 },
  readText: { cmd: 0x30, para: 0x01 },
  readTextWithFingerprint: { cmd: 0x30, para: 0x10 },
  readAppendedAddress: { cmd: 0x30, para: 0x03 },
  /** Max bytes per RF exchange; 0x50 (80) is what readers are normally set to. */
  setMaxRfBytes: (n = 0x50): SamCommand => ({ cmd: 0x61, para: 0xff, data: Uint8Array.of(n) }),
} as const;

const COMMAND_NAMES: Record<string, string> = {
  '10ff': 'reset SAM',
  '11ff': 'SAM status',
  '12ff': 'read SAM ID',
  '2001': 'find card',
  '2002': 'select card',
  '3001': 'read card',
  '3010': 'read card with fingerprint',
  '3003': 'read appended address',
  '61ff': 'set max RF bytes',
};

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** "find card (20 01)": how timeouts and faults name what was awaited. */
export function commandName(c: SamCommand): string {
  const code = `${hex2(c.cmd)} ${hex2(c.para)}`;
  const name = COMMAND_NAMES[hex2(c.cmd) + hex2(c.para)];
  return name ? `${name} (${code.toUpperCase()})` : `command ${code.toUpperCase()}`;
}

/** Status byte SW3 (protocols.md §1.5). */
export const SW3 = {
  ok: 0x90,
  cardFound: 0x9f,
  noContent: 0x91,
  checksumError: 0x10,
  lengthError: 0x11,
  commandError: 0x21,
  notPermitted: 0x23,
  unrecognisedError: 0x24,
  cardAuthFailed: 0x31,
  samAuthFailed: 0x32,
  verificationError: 0x33,
  unknownCardType: 0x40,
  readFailed: 0x41,
  randomFailed: 0x47,
  samSelfTestFailed: 0x60,
  samNotAuthorised: 0x66,
  noCard: 0x80,
  selectFailed: 0x81,
} as const;

const SW3_MESSAGES: Record<number, string> = {
  0x90: 'success',
  0x9f: 'card found',
  0x91: 'no content for this item on the card',
  0x10: 'checksum error in received command',
  0x11: 'length error in received command',
  0x21: 'command error (bad value or combination)',
  0x23: 'operation not permitted',
  0x24: 'unrecognised error',
  0x31: 'card failed to authenticate the SAM',
  0x32: 'SAM failed to authenticate the card',
  0x33: 'information verification error',
  0x40: 'unrecognised card type',
  0x41: 'card read failed',
  0x47: 'failed to get random number',
  0x60: 'SAM self-test failed',
  0x66: 'SAM not authorised',
  0x80: 'find card failed (no card)',
  0x81: 'select card failed',
};

export function describeSw3(sw3: number): string {
  return `${SW3_MESSAGES[sw3] ?? 'unknown status'} (SW3 ${hex2(sw3).toUpperCase()})`;
}

/**
 * Statuses caused by the card in the field (moved away, damaged, foreign), as opposed to the reader
 * or its SAM; the driver reports these without marking the device faulty.
 */
export function isCardStatus(sw3: number): boolean {
  return [0x31, 0x32, 0x33, 0x40, 0x41, 0x47, 0x80, 0x81, 0x91].includes(sw3);
}

export function xor(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let x = 0;
  for (let i = start; i < end; i++) x ^= bytes[i]!;
  return x;
}

/** Wraps a body (command or response fields) in preamble, LEN and CHK. */
export function encodeFrame(body: Uint8Array): Buffer {
  const len = body.length + 1;
  if (len > 0xffff) throw new RangeError(`frame body of ${body.length} bytes does not fit a 16-bit LEN`);
  const frame = Buffer.alloc(HEADER_LENGTH + len);
  PREAMBLE.copy(frame, 0);
  frame.writeUInt16BE(len, 5);
  frame.set(body, HEADER_LENGTH);
  frame[frame.length - 1] = xor(frame, 5, frame.length - 1);
  return frame;
}

/** Checks preamble, LEN and CHK of one complete frame and returns its body. */
export function frameBody(frame: Uint8Array): Decoded<Buffer> {
  const f = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  if (f.length < HEADER_LENGTH + 1 || !f.subarray(0, 5).equals(PREAMBLE)) return { ok: false, error: 'missing preamble' };
  const len = f.readUInt16BE(5);
  if (f.length !== HEADER_LENGTH + len) return { ok: false, error: `LEN says ${len} but ${f.length - HEADER_LENGTH} bytes follow` };
  const chk = xor(f, 5, f.length - 1);
  if (chk !== f[f.length - 1]) {
    return { ok: false, error: `checksum mismatch (computed ${hex2(chk)}, frame has ${hex2(f[f.length - 1]!)})` };
  }
  return { ok: true, value: f.subarray(HEADER_LENGTH, f.length - 1) };
}

export function encodeCommand(c: SamCommand): Buffer {
  return encodeFrame(Buffer.concat([Uint8Array.of(c.cmd, c.para), c.data ?? new Uint8Array()]));
}

export function decodeCommand(frame: Uint8Array): Decoded<SamCommand> {
  const body = frameBody(frame);
  if (!body.ok) return body;
  if (body.value.length < 2) return { ok: false, error: 'command frame too short' };
  const data = body.value.subarray(2);
  return { ok: true, value: { cmd: body.value[0]!, para: body.value[1]!, ...(data.length ? { data: Buffer.from(data) } : {}) } };
}

export function encodeResponse(sw3: number, data: Uint8Array = new Uint8Array()): Buffer {
  return encodeFrame(Buffer.concat([Uint8Array.of(0, 0, sw3), data]));
}

export function decodeResponse(frame: Uint8Array): Decoded<SamResponse> {
  const body = frameBody(frame);
  if (!body.ok) return body;
  const b = body.value;
  if (b.length < 3) return { ok: false, error: 'response frame too short' };
  return { ok: true, value: { sw1: b[0]!, sw2: b[1]!, sw3: b[2]!, data: Buffer.from(b.subarray(3)) } };
}

export interface CardRecord {
  /** 256-byte UCS-2LE text block. */
  text: Buffer;
  /** WLT photo, 1024 bytes on current cards. Proprietary: kept raw, never decoded. */
  photo: Buffer;
  fingerprint?: Buffer;
}

/**
 * Splits the data of a 30 01 / 30 10 reply (everything after SW3) by its length fields, never by
 * fixed offsets (protocols.md §1.6).
 */
export function decodeCardRecord(data: Uint8Array, withFingerprint: boolean): Decoded<CardRecord> {
  const d = Buffer.from(data);
  const headerLength = withFingerprint ? 6 : 4;
  if (d.length < headerLength) return { ok: false, error: `card record too short (${d.length} bytes)` };
  const textLength = d.readUInt16BE(0);
  const photoLength = d.readUInt16BE(2);
  const fpLength = withFingerprint ? d.readUInt16BE(4) : 0;
  const total = headerLength + textLength + photoLength + fpLength;
  if (d.length < total) return { ok: false, error: `card record announces ${total} bytes but has ${d.length}` };
  const text = d.subarray(headerLength, headerLength + textLength);
  const photo = d.subarray(headerLength + textLength, headerLength + textLength + photoLength);
  const fingerprint = d.subarray(headerLength + textLength + photoLength, total);
  return { ok: true, value: { text, photo, ...(withFingerprint ? { fingerprint } : {}) } };
}

export function encodeCardRecord(record: CardRecord, withFingerprint: boolean): Buffer {
  const head = Buffer.alloc(withFingerprint ? 6 : 4);
  head.writeUInt16BE(record.text.length, 0);
  head.writeUInt16BE(record.photo.length, 2);
  const fp = withFingerprint ? (record.fingerprint ?? Buffer.alloc(0)) : Buffer.alloc(0);
  if (withFingerprint) head.writeUInt16BE(fp.length, 4);
  return Buffer.concat([head, record.text, record.photo, fp]);
}

/**
 * Formats the 16 bytes of a 12 FF reply the way HslCommunication shows SAM IDs:
 * `b0.b2-u32LE@4-u32LE@8-u32LE@12`, the last two zero-padded to 9 digits (protocols.md §1.6).
 */
export function formatSamId(data: Uint8Array): string {
  const d = Buffer.from(data);
  if (d.length < 16) throw new RangeError(`SAM ID needs 16 bytes, got ${d.length}`);
  const two = (n: number) => String(n).padStart(2, '0');
  const nine = (n: number) => String(n).padStart(9, '0');
  return `${two(d[0]!)}.${two(d[2]!)}-${d.readUInt32LE(4)}-${nine(d.readUInt32LE(8))}-${nine(d.readUInt32LE(12))}`;
}
