import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CREATE2_OFFSETS,
  encodeCreate2,
  encodeDestroy,
  encodeInput2,
  findHidraw,
  UHID_EVENT_SIZE,
  UhidDevice,
  uhidUnavailable,
  VENDOR_KEYPAD_DESCRIPTOR,
} from './uhid.ts';

// The layout of struct uhid_event (include/uapi/linux/uhid.h), checked byte by byte so the
// virtual-device test is right on machines that have /dev/uhid even where this one has not.
describe('uhid event encoding', () => {
  it('is 4376 bytes: a u32 type and the packed create2 request', () => {
    expect(UHID_EVENT_SIZE).toBe(4376);
    expect(CREATE2_OFFSETS.rdData + 4096).toBe(UHID_EVENT_SIZE);
  });

  it('encodes UHID_CREATE2 with name, phys, uniq, ids and the report descriptor in place', () => {
    const e = encodeCreate2({
      name: 'keypad',
      phys: 'p',
      uniq: 'u-1',
      vendor: 0x1209,
      product: 0xc0de,
      version: 0x0102,
      country: 33,
      descriptor: VENDOR_KEYPAD_DESCRIPTOR,
    });
    expect(e.length).toBe(4376);
    expect(e.readUInt32LE(0)).toBe(11);
    expect(e.subarray(4, 11).toString('latin1')).toBe('keypad\0');
    expect(e[132]).toBe(0x70);
    expect(e.subarray(196, 200).toString('latin1')).toBe('u-1\0');
    expect(e.readUInt16LE(260)).toBe(VENDOR_KEYPAD_DESCRIPTOR.length);
    expect(e.readUInt16LE(262)).toBe(0x03);
    expect(e.readUInt32LE(264)).toBe(0x1209);
    expect(e.readUInt32LE(268)).toBe(0xc0de);
    expect(e.readUInt32LE(272)).toBe(0x0102);
    expect(e.readUInt32LE(276)).toBe(33);
    expect(e.subarray(280, 280 + VENDOR_KEYPAD_DESCRIPTOR.length)).toEqual(Buffer.from(VENDOR_KEYPAD_DESCRIPTOR));
    expect(e[280 + VENDOR_KEYPAD_DESCRIPTOR.length]).toBe(0);
  });

  it('refuses a name that leaves no room for its terminating zero', () => {
    expect(() => encodeCreate2({ name: 'x'.repeat(128), uniq: 'u', vendor: 1, product: 2, descriptor: VENDOR_KEYPAD_DESCRIPTOR })).toThrow(RangeError);
  });

  it('encodes UHID_INPUT2 as type, u16 size, then the report', () => {
    const e = encodeInput2(Uint8Array.from([0, 0, 0x3a, 0, 0, 0, 0, 0]));
    expect(e.readUInt32LE(0)).toBe(12);
    expect(e.readUInt16LE(4)).toBe(8);
    expect(e.subarray(6, 14)).toEqual(Buffer.from([0, 0, 0x3a, 0, 0, 0, 0, 0]));
  });

  it('encodes UHID_DESTROY as type 1', () => {
    expect(encodeDestroy().readUInt32LE(0)).toBe(1);
  });

  it('declares one 8-byte input report on a vendor page, so no keystrokes reach the console', () => {
    expect(Array.from(VENDOR_KEYPAD_DESCRIPTOR.subarray(0, 3))).toEqual([0x06, 0x00, 0xff]);
    expect(VENDOR_KEYPAD_DESCRIPTOR.at(-1)).toBe(0xc0);
  });

  it('writes whole events: create, each input, destroy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uhid-'));
    try {
      const file = join(dir, 'uhid');
      writeFileSync(file, '');
      const device = UhidDevice.create({ name: 'k', uniq: 'u', vendor: 1, product: 2, descriptor: VENDOR_KEYPAD_DESCRIPTOR }, file);
      device.input(Uint8Array.from([0, 0, 0x28, 0, 0, 0, 0, 0]));
      device.destroy();
      device.destroy();
      expect(() => device.input(new Uint8Array(8))).toThrow(/destroyed/);
      const bytes = readFileSync(file);
      expect(bytes.length).toBe(3 * 4376);
      expect([0, 4376, 8752].map((o) => bytes.readUInt32LE(o))).toEqual([11, 12, 1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the hidraw node by the uniq the device was created with', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hidraw-'));
    try {
      for (const [node, uniq] of [['hidraw0', 'other'], ['hidraw4', 'mine']] as const) {
        mkdirSync(join(dir, node, 'device'), { recursive: true });
        writeFileSync(join(dir, node, 'device', 'uevent'), `HID_ID=0003:00001209:00000001\nHID_NAME=k\nHID_UNIQ=${uniq}\n`);
      }
      expect(findHidraw('mine', dir)).toBe('/dev/hidraw4');
      expect(findHidraw('absent', dir)).toBeUndefined();
      expect(findHidraw('mine', join(dir, 'nowhere'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says why a virtual device cannot be made', () => {
    expect(uhidUnavailable('/nonexistent/uhid')).toBe('/nonexistent/uhid does not exist on this machine (no uhid kernel module)');
  });
});
