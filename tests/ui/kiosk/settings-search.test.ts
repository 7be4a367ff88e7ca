import { describe, expect, it } from 'vitest';
import { searchItems } from '../../../kiosk-ui/search.ts';
import { addressWithoutToken, readSettings } from '../../../kiosk-ui/settings.ts';
import { hallData } from './helpers.tsx';

class MemoryStorage {
  private m = new Map<string, string>();
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
}

describe('kiosk settings', () => {
  it('keeps the token and idle time from the URL so a reboot to /kiosk keeps them', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    expect(readSettings('', storage)).toEqual({ token: null, doneIdleSeconds: 20 });
    expect(readSettings('?token=kiosk-token-0000000001&idle=30', storage)).toEqual({ token: 'kiosk-token-0000000001', doneIdleSeconds: 30 });
    expect(readSettings('', storage)).toEqual({ token: 'kiosk-token-0000000001', doneIdleSeconds: 30 });
    // Nonsense idle times are ignored.
    expect(readSettings('?idle=1', storage).doneIdleSeconds).toBe(30);
    expect(readSettings('?idle=abc', storage).doneIdleSeconds).toBe(30);
  });

  it('gives the address without its token (other parameters kept), and still works when storage is refused', () => {
    expect(addressWithoutToken('http://h:8080/kiosk?token=abc&idle=30#x')).toBe('/kiosk?idle=30#x');
    expect(addressWithoutToken('http://h:8080/kiosk?token=abc')).toBe('/kiosk');
    expect(addressWithoutToken('http://h:8080/kiosk?idle=30')).toBeNull();
    const refusing = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('SecurityError'); } } as unknown as Storage;
    expect(readSettings('?token=kiosk-token-0000000001&idle=30', refusing)).toEqual({ token: 'kiosk-token-0000000001', doneIdleSeconds: 30 });
  });
});

describe('item search', () => {
  const items = hallData().items;
  it('matches Chinese names first, then pinyin initials, prefix matches before others', () => {
    expect(searchItems(items, '咨询').map((i) => i.code)).toEqual(['I1']);
    expect(searchItems(items, 'SFZ').map((i) => i.code)).toEqual(['I2']);
    expect(searchItems(items, 'hl').map((i) => i.code)).toEqual(['I2']);
    expect(searchItems(items, 'sbsx1').map((i) => i.code)).toEqual(['M1', 'M10', 'M11', 'M12']);
    expect(searchItems(items, '  ')).toEqual([]);
    expect(searchItems(items, 'xyz')).toEqual([]);
  });
});
