import type { DisplaySettings } from '../contract/display-settings.ts';

/**
 * The legibility rule for public screens. A seated citizen reads a glyph comfortably when its cap
 * height is at least 1/200 of the viewing distance (4 cm at 8 m, the usual signage rule of thumb);
 * the newest call, which people look for first and from anywhere in the hall, gets 2.5 × that.
 * "Cap height" here is the ink height of capitals and digits (A012) and of full CJK glyphs (窗).
 *
 * Pure: the displays size themselves with it, and the Chromium test checks them with the same numbers.
 */

/** Viewing distance divided by this is the least cap height. */
export const DISTANCE_PER_CAP = 200;
/** The newest call's cap height against the least one. */
export const NEWEST_FACTOR = 2.5;
/**
 * Cap height of the display font (Noto Sans CJK SC / Source Han Sans) as a share of the font size:
 * capitals and digits are 0.733 em; CJK glyphs ink about 0.84 em, so the Latin figure decides.
 */
export const CAP_HEIGHT_EM = 0.733;

export interface Legibility {
  /** Millimetres per CSS pixel on this panel at this window width. */
  mmPerPx: number;
  /** Least cap height for everything a seated citizen must read. */
  minCapMm: number;
  minCapPx: number;
  /** Least cap height of the newest call. */
  newestCapMm: number;
  newestCapPx: number;
  /** Font sizes that reach those cap heights in the display font (with 3 % to spare for rounding). */
  minFontPx: number;
  newestFontPx: number;
}

/** Pixel pitch of the panel at its native resolution, in mm (55″ 1920×1080 → 0.634 mm). */
export function pixelPitchMm(s: Pick<DisplaySettings, 'panelDiagonalInch' | 'panelWidthPx' | 'panelHeightPx'>): number {
  return (s.panelDiagonalInch * 25.4) / Math.hypot(s.panelWidthPx, s.panelHeightPx);
}

/**
 * The rule for one screen. `cssWidthPx` is the page's width in CSS pixels (window.innerWidth); when
 * the browser renders at the panel's native width it equals panelWidthPx and a CSS pixel is one
 * panel pixel, otherwise the panel's physical width is shared out over the CSS width.
 */
export function legibility(s: DisplaySettings, cssWidthPx: number = s.panelWidthPx): Legibility {
  const panelWidthMm = pixelPitchMm(s) * s.panelWidthPx;
  const mmPerPx = panelWidthMm / Math.max(1, cssWidthPx);
  const minCapMm = (s.viewingDistanceM * 1000) / DISTANCE_PER_CAP;
  const newestCapMm = minCapMm * NEWEST_FACTOR;
  const minCapPx = minCapMm / mmPerPx;
  const newestCapPx = newestCapMm / mmPerPx;
  const font = (capPx: number) => Math.ceil((capPx / CAP_HEIGHT_EM) * 1.03);
  return { mmPerPx, minCapMm, minCapPx, newestCapMm, newestCapPx, minFontPx: font(minCapPx), newestFontPx: font(newestCapPx) };
}
