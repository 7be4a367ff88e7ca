import { effect } from '@preact/signals';
import { DEFAULT_DISPLAY_SETTINGS, type DisplaySettings } from '../../contract/display-settings.ts';
import { legibility } from '../../ui-kit/legibility.ts';
import { param } from './device.ts';
import { hallInfo } from './hall-info.ts';

/**
 * The screen's viewing distance and panel: the hall's display settings (GET /api/hall), overridden
 * per screen by the address (?distance=5&diagonal=43, e.g. a window screen read from closer).
 */
export function displaySettings(): DisplaySettings {
  const fromHall = hallInfo.value?.hall.display ?? DEFAULT_DISPLAY_SETTINGS;
  const num = (name: string) => {
    const v = Number(param(name));
    return param(name) !== null && Number.isFinite(v) && v > 0 ? v : null;
  };
  return {
    ...fromHall,
    viewingDistanceM: num('distance') ?? fromHall.viewingDistanceM,
    panelDiagonalInch: num('diagonal') ?? fromHall.panelDiagonalInch,
  };
}

/**
 * Puts the legibility rule's font sizes on the page as CSS variables, --legible (everything a seated
 * citizen must read) and --legible-newest (the newest call), and keeps them right when the settings
 * arrive or change and when the window is resized. The stylesheets size those texts with them.
 */
export function applyLegibleSizes(): void {
  const apply = () => {
    const rule = legibility(displaySettings(), window.innerWidth);
    const root = document.documentElement.style;
    root.setProperty('--legible', `${rule.minFontPx}px`);
    root.setProperty('--legible-newest', `${rule.newestFontPx}px`);
    document.documentElement.dataset.legibleCapMm = rule.minCapMm.toFixed(1);
  };
  effect(apply);
  window.addEventListener('resize', apply);
}
