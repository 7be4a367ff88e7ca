import { fillTemplate } from './template.ts';
import type { LedScreen, ScrollDirection } from './types.ts';

export interface StripCall {
  ticket: string;
  window: string;
}

export interface StripComposeOptions {
  /** Calls shown, newest first. Default 5. */
  maxCalls?: number;
  /** Default "请{ticket}号到{window}办理" (the phrase used in the source, §5). */
  callTemplate?: string;
  /** Between items; default two ideographic spaces. */
  separator?: string;
  /** Shown when there is nothing to scroll. Default "". */
  emptyText?: string;
}

/** Calls (newest first) then notices, as one line to scroll. */
export function composeStripText(calls: readonly StripCall[], notices: readonly string[], options: StripComposeOptions = {}): string {
  const template = options.callTemplate ?? '请{ticket}号到{window}办理';
  const items = [
    ...calls.slice(0, options.maxCalls ?? 5).map((c) => fillTemplate(template, { ticket: c.ticket, window: c.window })),
    ...notices.map((n) => n.trim()).filter((n) => n.length > 0),
  ];
  return items.length ? items.join(options.separator ?? '\u3000\u3000') : (options.emptyText ?? '');
}

export interface StripLedOptions extends StripComposeOptions {
  area?: number;
  direction?: ScrollDirection;
  /** 0 fastest … 18 slowest. */
  speed?: number;
}

/** A scrolling strip LED; only sends when the composed text changes, to keep the bus quiet. */
export class StripLed {
  private last: string | undefined;

  constructor(private readonly screen: LedScreen, private readonly options: StripLedOptions = {}) {}

  /** Returns whether a new text was sent. */
  async update(calls: readonly StripCall[], notices: readonly string[]): Promise<boolean> {
    const text = composeStripText(calls, notices, this.options);
    if (text === this.last) return false;
    await this.screen.showText(this.options.area ?? 0, text, {
      kind: 'scroll',
      direction: this.options.direction ?? 'left',
      ...(this.options.speed === undefined ? {} : { speed: this.options.speed }),
    });
    this.last = text;
    return true;
  }
}
