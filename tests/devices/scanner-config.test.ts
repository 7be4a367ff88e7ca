import { describe, expect, it } from 'vitest';
import { DevicesFile } from '../../contract/devices.ts';

const parse = (devices: unknown[]) => DevicesFile.safeParse({ devices });
const messages = (r: ReturnType<typeof parse>) => (r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));

describe('scanner entries in the devices file', () => {
  it('accepts a virtual-COM scanner and a keyboard-mode scanner with their framing', () => {
    const r = parse([
      { id: 'K1-scanner', kind: 'scanner', kiosk: 'K1', transport: { type: 'serial', path: '/dev/ttyACM0', baudRate: 9600 }, scanner: { terminator: 'CRLF', repeatWindowMs: 1500 } },
      { id: 'K2-scanner', kind: 'scanner', kiosk: 'K2', transport: { type: 'hid', vendorId: 0x0c2e, productId: 0x0b61 }, scanner: { interface: 'hid', stripAim: false } },
    ]);
    expect(messages(r)).toEqual([]);
  });

  it('refuses a scanner without its kiosk, two scanners at one kiosk, and scanner options on another device', () => {
    expect(messages(parse([{ id: 'S', kind: 'scanner', transport: { simulated: true } }]))).toEqual(['devices.0.kiosk: a scanner belongs to a kiosk: give its code (e.g. K1)']);
    expect(messages(parse([
      { id: 'S1', kind: 'scanner', kiosk: 'K1', transport: { simulated: true } },
      { id: 'S2', kind: 'scanner', kiosk: 'K1', transport: { simulated: true } },
    ]))).toEqual(['devices.1.id: S1 already is the scanner of K1']);
    expect(messages(parse([{ id: 'P', kind: 'printer', kiosk: 'K1', transport: { simulated: true }, scanner: { terminator: 'CR' } }]))).toEqual(['devices.0.scanner: scanner options belong to a scanner, not to a printer']);
  });

  it('refuses an unknown terminator with the allowed ones named', () => {
    const r = parse([{ id: 'S', kind: 'scanner', kiosk: 'K1', transport: { simulated: true }, scanner: { terminator: 'ETX' } }]);
    expect(messages(r).join()).toMatch(/CR.*CRLF.*LF.*TAB.*none/);
  });
});
