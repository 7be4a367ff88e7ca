import { describe, expect, it } from 'vitest';
import {
  bootKeyboardPresses,
  compileHidReportMap,
  digitOfKey,
  KeyboardKeypad,
  reduceKeyboardKey,
  type KeyboardKeypadMap,
} from '../../../drivers/caller/hid-keypad.ts';
import { fromHex } from '../../../drivers/rs485/hex.ts';

describe('keyboard-style keypads', () => {
  it('maps single keys by name or key code', () => {
    const map: KeyboardKeypadMap = { keys: { F1: 'call', '113': 'recall' }, confirmKeys: ['Enter'], combos: {}, cancelKeys: [] };
    expect(reduceKeyboardKey({ digits: '' }, 'F1', map).event).toEqual({ key: 'F1', digits: '', action: 'call' });
    expect(reduceKeyboardKey({ digits: '' }, '113', map).event?.action).toBe('recall');
    expect(reduceKeyboardKey({ digits: '' }, 'F9', map).event).toBeUndefined();
  });

  it('recognises digits from key, code and keyCode', () => {
    expect(['7', 'Digit7', 'Numpad7', '55', '103', 'F7', '200'].map(digitOfKey)).toEqual(['7', '7', '7', '7', '7', null, null]);
  });

  it('collects digits and resolves combos on confirm', () => {
    const pad = new KeyboardKeypad();
    expect(pad.press('Numpad0')).toBeUndefined();
    expect(pad.press('Numpad6')).toBeUndefined();
    expect(pad.press('NumpadEnter')).toEqual({ key: 'NumpadEnter', digits: '06', action: 'no_show' });
    expect(pad.press('Digit0')).toBeUndefined();
    expect(pad.press('Enter')).toMatchObject({ digits: '0', action: 'suspend' });
    pad.press('9');
    pad.press('9');
    expect(pad.press('Enter')).toMatchObject({ digits: '99', action: null });
  });

  it('forgets typed digits on cancel and keeps only the last digits', () => {
    const pad = new KeyboardKeypad();
    pad.press('6');
    pad.press('Escape');
    expect(pad.press('Enter')).toMatchObject({ digits: '' });
    for (const d of ['1', '2', '0', '3']) pad.press(d);
    expect(pad.press('Enter')).toMatchObject({ digits: '203' });
  });
});

describe('raw HID report patterns', () => {
  const match = compileHidReportMap([
    { pattern: '02 01 ?? 0C', action: 'call' },
    { pattern: '02 01 ?? 0D', action: 'recall', exact: true },
    { pattern: '02', action: 'pause' },
  ]);

  it('matches by prefix with wildcards, first rule wins', () => {
    expect(match(fromHex('02 01 7F 0C 00 00'))?.action).toBe('call');
    expect(match(fromHex('02 01 00 0D'))?.action).toBe('recall');
    expect(match(fromHex('02 01 00 0D 00'))?.action).toBe('pause');
    expect(match(fromHex('03 01 00 0C'))).toBeNull();
    expect(match(new Uint8Array())).toBeNull();
  });

  it('rejects malformed patterns when compiled', () => {
    expect(() => compileHidReportMap([{ pattern: '0G', action: 'call' }])).toThrow(/hex/);
  });

  it('turns boot keyboard reports into newly pressed key names', () => {
    const f1 = fromHex('00 00 3A 00 00 00 00 00');
    const f1AndNum6 = fromHex('00 00 3A 5E 00 00 00 00');
    expect(bootKeyboardPresses(undefined, f1)).toEqual(['F1']);
    expect(bootKeyboardPresses(f1, f1AndNum6)).toEqual(['Numpad6']);
    expect(bootKeyboardPresses(f1AndNum6, fromHex('00 00 00 00 00 00 00 00'))).toEqual([]);
    expect(bootKeyboardPresses(undefined, fromHex('00 00 27 28 58 00 00 00'))).toEqual(['Digit0', 'Enter', 'NumpadEnter']);
  });
});
