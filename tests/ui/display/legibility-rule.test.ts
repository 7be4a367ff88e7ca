import { describe, expect, it } from 'vitest';
import { DEFAULT_DISPLAY_SETTINGS, DisplaySettings } from '../../../contract/display-settings.ts';
import { CAP_HEIGHT_EM, legibility, pixelPitchMm } from '../../../ui-kit/legibility.ts';

describe('the legibility rule', () => {
  it('gives a 55-inch 1920×1080 panel its 0.63 mm pitch and 8 m its 4 cm and 10 cm cap heights', () => {
    expect(pixelPitchMm(DEFAULT_DISPLAY_SETTINGS)).toBeCloseTo(0.634, 3);
    const r = legibility(DEFAULT_DISPLAY_SETTINGS);
    expect(r.minCapMm).toBe(40);
    expect(r.newestCapMm).toBe(100);
    expect(r.minCapPx).toBeCloseTo(63.1, 1);
    expect(r.newestCapPx).toBeCloseTo(157.7, 1);
    // The font sizes reach those cap heights in the display font.
    expect(r.minFontPx * CAP_HEIGHT_EM).toBeGreaterThanOrEqual(r.minCapPx);
    expect(r.newestFontPx * CAP_HEIGHT_EM).toBeGreaterThanOrEqual(r.newestCapPx);
  });

  it('scales with the distance and the panel, and with the page width the browser renders at', () => {
    const near = legibility(DisplaySettings.parse({ viewingDistanceM: 4 }));
    expect(near.minCapMm).toBe(20);
    expect(near.minCapPx).toBeCloseTo(31.5, 1);
    const bigPanel = legibility(DisplaySettings.parse({ panelDiagonalInch: 75 }));
    expect(bigPanel.minCapMm).toBe(40);
    expect(bigPanel.minCapPx).toBeCloseTo((63.08 * 55) / 75, 1);
    // The same panel shown by a browser 1280 CSS px wide: each CSS pixel covers 1.5 panel pixels.
    const scaled = legibility(DEFAULT_DISPLAY_SETTINGS, 1280);
    expect(scaled.mmPerPx).toBeCloseTo(0.634 * 1.5, 3);
    expect(scaled.minCapPx).toBeCloseTo(63.08 / 1.5, 1);
  });

  it('defaults the hall settings and refuses settings no hall has', () => {
    expect(DisplaySettings.parse({})).toEqual({ viewingDistanceM: 8, panelDiagonalInch: 55, panelWidthPx: 1920, panelHeightPx: 1080 });
    expect(DisplaySettings.safeParse({ viewingDistanceM: 0 }).success).toBe(false);
    expect(DisplaySettings.safeParse({ panelDiagonalInch: 'large' }).success).toBe(false);
  });
});
