import { describe, expect, it } from 'vitest';
import {
  commandName,
  Commands,
  decodeCardRecord,
  decodeCommand,
  decodeResponse,
  describeSw3,
  encodeCardRecord,
  encodeCommand,
  encodeResponse,
  formatSamId,
  isCardStatus,
} from '../../../drivers/idcard/codec.ts';

const hex = (s: string) => Buffer.from(s.replaceAll(' ', ''), 'hex');

describe('SAM codec: golden command frames (protocols.md §1.4)', () => {
  const golden: [string, Parameters<typeof encodeCommand>[0], string][] = [
    ['reset SAM', Commands.resetSam, 'AA AA AA 96 69 00 03 10 FF EC'],
    ['SAM status', Commands.samStatus, 'AA AA AA 96 69 00 03 11 FF ED'],
    ['read SAM ID', Commands.readSamId, 'AA AA AA 96 69 00 03 12 FF EE'],
    ['find card', Commands.findCard, 'AA AA AA 96 69 00 03 20 01 22'],
    ['select card', Commands.selectCard, 'AA AA AA 96 69 00 03 20 02 21'],
    ['read text + photo', Commands.readText, 'AA AA AA 96 69 00 03 30 01 32'],
    ['read with fingerprint', Commands.readTextWithFingerprint, 'AA AA AA 96 69 00 03 30 10 23'],
    ['read appended address', Commands.readAppendedAddress, 'AA AA AA 96 69 00 03 30 03 30'],
    ['set max RF bytes 80', Commands.setMaxRfBytes(0x50), 'AA AA AA 96 69 00 04 61 FF 50 CA'],
  ];
  it.each(golden)('%s', (_name, command, frame) => {
    expect(encodeCommand(command)).toEqual(hex(frame));
    const back = decodeCommand(hex(frame));
    expect(back).toEqual({ ok: true, value: { cmd: command.cmd, para: command.para, ...(command.data ? { data: Buffer.from(command.data) } : {}) } });
  });

  it('names commands for messages', () => {
    expect(commandName(Commands.findCard)).toBe('find card (20 01)');
    expect(commandName(Commands.setMaxRfBytes())).toBe('set max RF bytes (61 FF)');
    expect(commandName({ cmd: 0x77, para: 0x01 })).toBe('command 77 01');
  });
});

describe('SAM codec: replies', () => {
  it('decodes the example replies SAM OK and no card', () => {
    expect(decodeResponse(hex('AA AA AA 96 69 00 04 00 00 90 94'))).toEqual({ ok: true, value: { sw1: 0, sw2: 0, sw3: 0x90, data: Buffer.alloc(0) } });
    expect(decodeResponse(hex('AA AA AA 96 69 00 04 00 00 80 84'))).toEqual({ ok: true, value: { sw1: 0, sw2: 0, sw3: 0x80, data: Buffer.alloc(0) } });
    expect(encodeResponse(0x90)).toEqual(hex('AA AA AA 96 69 00 04 00 00 90 94'));
    expect(encodeResponse(0x80)).toEqual(hex('AA AA AA 96 69 00 04 00 00 80 84'));
  });

  it('parses a find-card reply with extra payload by LEN', () => {
    const frame = encodeResponse(0x9f, Buffer.from([0, 0, 0, 0]));
    expect(frame.subarray(5, 7)).toEqual(Buffer.from([0x00, 0x08]));
    const r = decodeResponse(frame);
    expect(r.ok && r.value.sw3).toBe(0x9f);
    expect(r.ok && r.value.data).toEqual(Buffer.alloc(4));
  });

  it('rejects a bad checksum, a wrong LEN and a missing preamble', () => {
    expect(decodeResponse(hex('AA AA AA 96 69 00 04 00 00 90 95'))).toEqual({ ok: false, error: expect.stringMatching(/checksum mismatch \(computed 94, frame has 95\)/) });
    expect(decodeResponse(hex('AA AA AA 96 69 00 05 00 00 90 94'))).toEqual({ ok: false, error: expect.stringMatching(/LEN says 5/) });
    expect(decodeResponse(hex('AA AA AB 96 69 00 04 00 00 90 94'))).toEqual({ ok: false, error: 'missing preamble' });
  });

  it('a successful 30 01 read is 1295 bytes with LEN 05 08, and splits by its length fields', () => {
    const text = Buffer.alloc(256, 0x20);
    const photo = Buffer.alloc(1024, 0x57);
    const frame = encodeResponse(0x90, encodeCardRecord({ text, photo }, false));
    expect(frame.length).toBe(1295);
    expect(frame.subarray(5, 7)).toEqual(Buffer.from([0x05, 0x08]));
    expect(frame.subarray(10, 14)).toEqual(Buffer.from([0x01, 0x00, 0x04, 0x00]));
    const r = decodeResponse(frame);
    if (!r.ok) throw new Error(r.error);
    const record = decodeCardRecord(r.value.data, false);
    expect(record).toEqual({ ok: true, value: { text, photo } });
  });

  it('30 10 carries a third length for the fingerprint', () => {
    const text = Buffer.alloc(256, 0x20);
    const photo = Buffer.alloc(1024, 1);
    const fingerprint = Buffer.alloc(1024, 2);
    const data = encodeCardRecord({ text, photo, fingerprint }, true);
    expect(data.subarray(0, 6)).toEqual(Buffer.from([0x01, 0x00, 0x04, 0x00, 0x04, 0x00]));
    expect(decodeCardRecord(data, true)).toEqual({ ok: true, value: { text, photo, fingerprint } });
    expect(decodeCardRecord(data.subarray(0, 100), true)).toEqual({ ok: false, error: expect.stringMatching(/announces 2310 bytes but has 100/) });
  });

  it('describes SW3 statuses and tells card problems from device problems', () => {
    expect(describeSw3(0x60)).toBe('SAM self-test failed (SW3 60)');
    expect(describeSw3(0x66)).toBe('SAM not authorised (SW3 66)');
    expect(describeSw3(0x9f)).toBe('card found (SW3 9F)');
    expect(describeSw3(0x55)).toBe('unknown status (SW3 55)');
    expect(isCardStatus(0x41)).toBe(true);
    expect(isCardStatus(0x81)).toBe(true);
    expect(isCardStatus(0x60)).toBe(false);
    expect(isCardStatus(0x10)).toBe(false);
  });

  it('formats a SAM ID the HslCommunication way', () => {
    const d = Buffer.alloc(16);
    d[0] = 5;
    d[2] = 1;
    d.writeUInt32LE(20101215, 4);
    d.writeUInt32LE(1234567, 8);
    d.writeUInt32LE(987654321, 12);
    expect(formatSamId(d)).toBe('05.01-20101215-001234567-987654321');
  });
});
