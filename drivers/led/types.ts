import type { DeviceHealth } from '../core/health.ts';

export type ScrollDirection = 'left' | 'right' | 'up' | 'down';

/** Effects a screen renders itself. */
export type NativeEffect =
  | { kind: 'static' }
  | { kind: 'typeOut'; speed?: number }
  /** speed: 0 fastest … 18 slowest (Onbon scale); other screens map it as they can. */
  | { kind: 'scroll'; direction?: ScrollDirection; speed?: number };

/**
 * Flash: alternate the text with blankText for `seconds`, then leave the text static. Driven by the
 * host because the controllers have no flash mode in the protocol facts.
 */
export interface FlashEffect {
  kind: 'flash';
  /** Default 10. */
  seconds?: number;
  /** One on + off cycle, default 1000 ms. */
  periodMs?: number;
  /** What the "off" phase shows; default "" (blank area). Pass spaces to blank only part of a line. */
  blankText?: string;
}

export type LedEffect = NativeEffect | FlashEffect;

/** What every LED screen driver offers; areas are numbered from 0. */
export interface LedScreen {
  readonly health: DeviceHealth;
  showText(area: number, text: string, effect?: LedEffect): Promise<void>;
  /** One area, or every configured area when omitted. */
  clear(area?: number): Promise<void>;
  /** 0 (darkest) … 15 (brightest), the usual controller scale. */
  brightness(level: number): Promise<void>;
  close(): void;
}
