import { describe, expect, it } from 'vitest';
import { splitAim } from '../../../drivers/scanner/framing.ts';
import { LineAssembler } from '../../../drivers/scanner/line-assembler.ts';
import { wedgeKeys, wedgeReports } from '../../../drivers/scanner/hid-wedge.ts';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('scanner serial framing', () => {
  it('splits codes at CR, LF and CRLF however the bytes are chunked', () => {
    const a = new LineAssembler();
    const input = bytes('123456\rABC\r\nxyz\n');
    const out = [];
    for (const b of input) out.push(...a.push(Uint8Array.of(b)));
    expect(out).toEqual([
      { kind: 'code', text: '123456' },
      { kind: 'code', text: 'ABC' },
      { kind: 'code', text: 'xyz' },
    ]);
    expect(a.pending).toBe(false);
  });

  it('keeps a UTF-8 character split across chunks', () => {
    const a = new LineAssembler();
    const all = bytes('网证A\r');
    expect(a.push(all.subarray(0, 2))).toEqual([]);
    expect(a.push(all.subarray(2))).toEqual([{ kind: 'code', text: '网证A' }]);
  });

  it('ends codes at TAB only when the scanner is set to a TAB suffix', () => {
    expect(new LineAssembler({ terminator: 'TAB' }).push(bytes('AB\tCD\t'))).toEqual([
      { kind: 'code', text: 'AB' },
      { kind: 'code', text: 'CD' },
    ]);
    expect(new LineAssembler({ terminator: 'CR' }).push(bytes('AB\tCD\r'))).toEqual([{ kind: 'code', text: 'AB\tCD' }]);
  });

  it('drops an overlong code as a whole and recovers at the next terminator', () => {
    const a = new LineAssembler({ maxLength: 8 });
    expect(a.push(bytes('x'.repeat(100) + '\rOK\r'))).toEqual([{ kind: 'overlong', length: 100 }, { kind: 'code', text: 'OK' }]);
  });

  it('with no terminator, flush ends the code', () => {
    const a = new LineAssembler({ terminator: 'none' });
    expect(a.push(bytes('CODE'))).toEqual([]);
    expect(a.flush()).toEqual({ kind: 'code', text: 'CODE' });
    expect(a.flush()).toBeUndefined();
  });

  it('strips an AIM identifier and reports it', () => {
    expect(splitAim(']Q1eyJhbGciOi')).toEqual({ code: 'eyJhbGciOi', aim: ']Q1' });
    expect(splitAim('123456')).toEqual({ code: '123456', aim: null });
    expect(splitAim(']')).toEqual({ code: ']', aim: null });
  });
});

describe('scanner HID keyboard mode', () => {
  const type = (reports: Uint8Array[]) => {
    let previous: Uint8Array | undefined;
    let text = '';
    const ends: string[] = [];
    for (const r of reports) {
      for (const k of wedgeKeys(previous, r)) {
        if (k.kind === 'char') text += k.char;
        else ends.push(k.kind);
      }
      previous = r;
    }
    return { text, ends };
  };

  it('types back every character a Base64 / URL payload uses, with shift from the modifier byte', () => {
    const payload = 'https://e.example/v?t=AbZ09+/=_-.~!';
    expect(type(wedgeReports(payload))).toEqual({ text: payload, ends: ['enter'] });
  });

  it('counts a repeated character only when it was released in between', () => {
    const press = Uint8Array.of(0, 0, 0x1e, 0, 0, 0, 0, 0); // "1"
    const release = new Uint8Array(8);
    expect(type([press, press, release, press, release]).text).toBe('11');
  });

  it('takes several keys newly held in one report in slot order (fast scanners roll keys over)', () => {
    const r = Uint8Array.of(0, 0, 0x04, 0x05, 0x06, 0, 0, 0);
    expect(type([r]).text).toBe('abc');
  });

  it('reports keys a scanner does not type so the code can be refused as a whole', () => {
    expect(wedgeKeys(undefined, Uint8Array.of(0, 0, 0x3a, 0, 0, 0, 0, 0))).toEqual([{ kind: 'other', usage: 0x3a }]);
  });

  it('refuses to simulate a character keyboard mode cannot carry', () => {
    expect(() => wedgeReports('网证')).toThrow(RangeError);
  });
});
