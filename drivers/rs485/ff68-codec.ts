import { hexByte, toHex } from './hex.ts';

/**
 * "FF 68" multi-drop protocol of window caller keypads and evaluators (protocols.md §2):
 * FF 68 | L | L | 68 | ADDR | FUNC | DATA (L-2) | CS | 16, with CS = (ADDR + FUNC + ΣDATA) mod 256.
 */
export const FF68_HEAD = 0xff;
export const FF68_START = 0x68;
export const FF68_END = 0x16;
/** FUNC of evaluator results; every other FUNC from a device is a keypad event. */
export const FUNC_EVALUATION = 0x11;
/** FUNC of the host's display commands (ticket, waiting count, service stars). */
export const FUNC_DISPLAY = 0x02;
export const FUNC_BEEP = 0x03;
/** FUNC the host uses for "start evaluation" and for evaluator acknowledgements. */
export const FUNC_CONTROL = 0x01;
/** Digit cell value the host sends for "no digit" (inferred in the sheet). */
export const BLANK_DIGIT = 0x0a;

export interface Ff68Frame {
  address: number;
  func: number;
  data: Buffer;
  /** CS as received. */
  checksum: number;
  /** False when CS disagrees; the frame is still delivered because the original host never checked it. */
  checksumOk: boolean;
  /** The whole frame as received, needed for byte-identical keypad ACKs. */
  raw: Buffer;
}

export type Ff68Decoded = { ok: true; frame: Ff68Frame } | { ok: false; reason: string };

export function ff68Checksum(address: number, func: number, data: ArrayLike<number>): number {
  let sum = address + func;
  for (let i = 0; i < data.length; i++) sum += data[i] ?? 0;
  return sum & 0xff;
}

function assertByte(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new RangeError(`${name} must be a byte, got ${value}`);
}

export function encodeFf68(address: number, func: number, data: ArrayLike<number> = []): Buffer {
  assertByte('address', address);
  assertByte('func', func);
  const length = data.length + 2;
  if (length > 0xff) throw new RangeError(`FF68 data too long (${data.length} bytes)`);
  const out = Buffer.alloc(length + 7);
  out[0] = FF68_HEAD;
  out[1] = FF68_START;
  out[2] = length;
  out[3] = length;
  out[4] = FF68_START;
  out[5] = address;
  out[6] = func;
  for (let i = 0; i < data.length; i++) {
    const b = data[i] ?? 0;
    assertByte(`data[${i}]`, b);
    out[7 + i] = b;
  }
  out[7 + data.length] = ff68Checksum(address, func, data);
  out[8 + data.length] = FF68_END;
  return out;
}

/** Decodes one complete frame. Never throws; structural problems come back as a reason. */
export function decodeFf68(bytes: Uint8Array): Ff68Decoded {
  const raw = Buffer.from(bytes);
  if (raw.length < 9) return { ok: false, reason: `frame too short (${raw.length} bytes)` };
  if (raw[0] !== FF68_HEAD || raw[1] !== FF68_START || raw[4] !== FF68_START) {
    return { ok: false, reason: `bad frame start ${toHex(raw.subarray(0, 5))}` };
  }
  const length = raw[2] ?? 0;
  if (raw[3] !== length) return { ok: false, reason: `length bytes differ (${hexByte(length)} vs ${hexByte(raw[3] ?? 0)})` };
  if (length < 2) return { ok: false, reason: `length ${length} below 2` };
  if (raw.length !== length + 7) return { ok: false, reason: `frame has ${raw.length} bytes, length byte says ${length + 7}` };
  if (raw[raw.length - 1] !== FF68_END) return { ok: false, reason: `frame does not end with 16` };
  const address = raw[5] ?? 0;
  const func = raw[6] ?? 0;
  const data = Buffer.from(raw.subarray(7, 7 + length - 2));
  const checksum = raw[7 + length - 2] ?? 0;
  return {
    ok: true,
    frame: { address, func, data, checksum, checksumOk: checksum === ff68Checksum(address, func, data), raw },
  };
}

/** Like decodeFf68 but throws; for callers holding bytes they built themselves. */
export function parseFf68(bytes: Uint8Array): Ff68Frame {
  const decoded = decodeFf68(bytes);
  if (!decoded.ok) throw new Error(`invalid FF68 frame: ${decoded.reason}`);
  return decoded.frame;
}

export function expectedChecksum(frame: Ff68Frame): number {
  return ff68Checksum(frame.address, frame.func, frame.data);
}

/** Keypads are acknowledged with the identical frame, byte for byte (§2.3). */
export function keypadAck(frame: Ff68Frame): Buffer {
  return Buffer.from(frame.raw);
}

/** Evaluators are acknowledged with the same frame but FUNC 01 and CS recomputed (§2.4). */
export function evaluatorAck(frame: Ff68Frame): Buffer {
  return encodeFf68(frame.address, FUNC_CONTROL, frame.data);
}

export function ackFor(frame: Ff68Frame): Buffer {
  return frame.func === FUNC_EVALUATION ? evaluatorAck(frame) : keypadAck(frame);
}

/** Last three digits of a ticket number ("A001" → [0,0,1]); the prefix letter is dropped (§2.5, §5). */
export function ticketDigits(ticket: string): [number, number, number] {
  const digits = ticket.replace(/\D/g, '');
  if (digits.length === 0) throw new RangeError('ticket number has no digits');
  const last = digits.slice(-3).padStart(3, '0');
  return [Number(last[0]), Number(last[1]), Number(last[2])];
}

function countDigits(n: number): [number, number, number] {
  const capped = Math.max(0, Math.min(999, Math.floor(Number.isFinite(n) ? n : 0)));
  const s = String(capped).padStart(3, '0');
  return [Number(s[0]), Number(s[1]), Number(s[2])];
}

export function showTicketFrame(address: number, ticket: string): Buffer {
  return encodeFf68(address, FUNC_DISPLAY, [BLANK_DIGIT, BLANK_DIGIT, BLANK_DIGIT, ...ticketDigits(ticket)]);
}

/** Waiting count, capped at 999 because the display has three digit cells. */
export function showWaitingFrame(address: number, waiting: number): Buffer {
  return encodeFf68(address, FUNC_DISPLAY, [...countDigits(waiting), BLANK_DIGIT, BLANK_DIGIT, BLANK_DIGIT]);
}

export function beepFrame(address: number): Buffer {
  return encodeFf68(address, FUNC_BEEP);
}

/** The sheet only shows level 05 (full stars, the power-on default). */
export function serviceStarFrame(address: number, level = 5): Buffer {
  return encodeFf68(address, FUNC_DISPLAY, [level]);
}

export function startEvaluationFrame(address: number): Buffer {
  return encodeFf68(address, FUNC_CONTROL, [0x0b]);
}
