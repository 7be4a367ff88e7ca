import { describe, expect, it } from 'vitest';
import { ScanWedge } from '../../../ui-kit/scan-wedge.ts';

const typeAt = (w: ScanWedge, text: string, start: number, gap: number) => {
  let t = start;
  let out: string | null = null;
  for (const ch of [...text, 'Enter']) {
    out = w.key(ch, t);
    t += gap;
  }
  return out;
};

describe('ScanWedge', () => {
  it('takes a fast burst ended by Enter as a scan, Shift presses included', () => {
    const w = new ScanWedge();
    let t = 0;
    const keys = ['E', 'Shift', 'I', 'D', '1', '.', 'a', 'B', 'c', '9', 'Enter'];
    let out: string | null = null;
    for (const k of keys) out = w.key(k, (t += 4));
    expect(out).toBe('EID1.aBc9');
  });

  it('never takes a person typing at human speed', () => {
    expect(typeAt(new ScanWedge(), '482913', 0, 180)).toBeNull();
  });

  it('drops codes shorter than a booking code and starts again after a pause', () => {
    const w = new ScanWedge();
    expect(typeAt(w, '123', 0, 5)).toBeNull();
    expect(typeAt(w, '654321', 1000, 5)).toBe('654321');
  });

  it('a slow first key then a burst: only the burst counts', () => {
    const w = new ScanWedge();
    w.key('x', 0);
    expect(typeAt(w, '112233', 500, 3)).toBe('112233');
  });
});
