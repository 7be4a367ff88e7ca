import { describe, expect, it } from 'vitest';
import {
  ackFor,
  beepFrame,
  decodeFf68,
  encodeFf68,
  evaluatorAck,
  keypadAck,
  parseFf68,
  serviceStarFrame,
  showTicketFrame,
  showWaitingFrame,
  startEvaluationFrame,
  ticketDigits,
} from '../../../drivers/rs485/ff68-codec.ts';
import { fromHex, toHex } from '../../../drivers/rs485/hex.ts';

describe('FF68 golden frames from protocols.md §2', () => {
  it.each([
    ['呼叫 key at 01', () => encodeFf68(0x01, 0x01, [0x0c]), 'FF 68 03 03 68 01 01 0C 0E 16'],
    ['"6" then 确认 at 01', () => encodeFf68(0x01, 0x01, [0x06, 0x0f]), 'FF 68 04 04 68 01 01 06 0F 17 16'],
    ['evaluator 02 value 03', () => encodeFf68(0x02, 0x11, [0x03]), 'FF 68 03 03 68 02 11 03 16 16'],
    ['show ticket A001 at 01', () => showTicketFrame(0x01, 'A001'), 'FF 68 08 08 68 01 02 0A 0A 0A 00 00 01 22 16'],
    ['show waiting 15 at 03', () => showWaitingFrame(0x03, 15), 'FF 68 08 08 68 03 02 00 01 05 0A 0A 0A 29 16'],
    ['beep at 01', () => beepFrame(0x01), 'FF 68 02 02 68 01 03 04 16'],
    ['service star level at 01', () => serviceStarFrame(0x01), 'FF 68 03 03 68 01 02 05 08 16'],
    ['start evaluation at 01', () => startEvaluationFrame(0x01), 'FF 68 03 03 68 01 01 0B 0D 16'],
  ])('%s', (_name, build, expected) => {
    expect(toHex(build())).toBe(expected);
    const decoded = decodeFf68(fromHex(expected));
    expect(decoded.ok && decoded.frame.checksumOk).toBe(true);
  });

  it('acknowledges an evaluator with FUNC 01 and CS recomputed (original CS − 0x10)', () => {
    const frame = parseFf68(fromHex('FF 68 03 03 68 02 11 03 16 16'));
    expect(toHex(evaluatorAck(frame))).toBe('FF 68 03 03 68 02 01 03 06 16');
    expect(toHex(ackFor(frame))).toBe('FF 68 03 03 68 02 01 03 06 16');
  });

  it('acknowledges a keypad with the identical frame, even one with a wrong CS', () => {
    const bytes = fromHex('FF 68 04 04 68 01 01 06 0F 99 16');
    const frame = parseFf68(bytes);
    expect(frame.checksumOk).toBe(false);
    expect(keypadAck(frame).equals(bytes)).toBe(true);
    expect(ackFor(frame).equals(bytes)).toBe(true);
  });
});

describe('FF68 decode', () => {
  it('exposes address, FUNC, DATA and CS', () => {
    const frame = parseFf68(fromHex('FF 68 04 04 68 01 01 06 0F 17 16'));
    expect(frame).toMatchObject({ address: 1, func: 1, checksum: 0x17, checksumOk: true });
    expect([...frame.data]).toEqual([0x06, 0x0f]);
  });

  it('decodes a CS mismatch but flags it', () => {
    const decoded = decodeFf68(fromHex('FF 68 03 03 68 01 01 0C 00 16'));
    expect(decoded.ok).toBe(true);
    if (decoded.ok) expect(decoded.frame.checksumOk).toBe(false);
  });

  it.each([
    ['length bytes differ', 'FF 68 03 04 68 01 01 0C 0E 16'],
    ['wrong end byte', 'FF 68 03 03 68 01 01 0C 0E 17'],
    ['wrong total length', 'FF 68 03 03 68 01 01 0C 0E 00 16'],
    ['wrong start', 'FF 69 03 03 68 01 01 0C 0E 16'],
    ['too short', 'FF 68 03'],
  ])('rejects %s without throwing', (_name, hex) => {
    expect(decodeFf68(fromHex(hex)).ok).toBe(false);
  });
});

describe('host command encoding', () => {
  it('drops the prefix and keeps the last three digits of a ticket', () => {
    expect(ticketDigits('A001')).toEqual([0, 0, 1]);
    expect(ticketDigits('B1234')).toEqual([2, 3, 4]);
    expect(ticketDigits('C7')).toEqual([0, 0, 7]);
    expect(() => ticketDigits('VIP')).toThrow(/no digits/);
  });

  it('caps the waiting count at 999 and floors negatives at 0', () => {
    expect(toHex(parseFf68(showWaitingFrame(1, 1234)).data)).toBe('09 09 09 0A 0A 0A');
    expect(toHex(parseFf68(showWaitingFrame(1, -5)).data)).toBe('00 00 00 0A 0A 0A');
  });

  it('refuses values that are not bytes', () => {
    expect(() => encodeFf68(256, 1)).toThrow(RangeError);
    expect(() => encodeFf68(1, 1, [300])).toThrow(RangeError);
  });
});
