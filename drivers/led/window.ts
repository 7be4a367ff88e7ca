import { displayWidth, fillTemplate } from './template.ts';
import type { LedScreen } from './types.ts';

export interface WindowLedOptions {
  /** The window's own text, e.g. "3号窗口 社保业务". */
  windowText: string;
  /** Area showing the called number (or everything, with one area). Default 0. */
  numberArea?: number;
  /** A second area for the window text, kept static while the number flashes. */
  textArea?: number;
  /** One-area layout; {ticket} and {window} are replaced. Default "{ticket} {window}". */
  template?: string;
  /** How long a new call flashes before it stays static. Default 10 s. */
  flashSeconds?: number;
  flashPeriodMs?: number;
  /** Shown when no ticket is being served; default the window text. */
  idleText?: string;
}

/**
 * The LED above a service window: a newly called number flashes for a while, then stays, next to
 * the window's text. With one area only the number blinks; the rest of the line holds still.
 */
export class WindowLed {
  private readonly numberArea: number;

  constructor(private readonly screen: LedScreen, private readonly options: WindowLedOptions) {
    this.numberArea = options.numberArea ?? 0;
  }

  async showCall(ticket: string): Promise<void> {
    const flash = { kind: 'flash' as const, seconds: this.options.flashSeconds ?? 10, periodMs: this.options.flashPeriodMs };
    const { textArea, windowText } = this.options;
    if (textArea !== undefined) {
      await this.screen.showText(textArea, windowText);
      await this.screen.showText(this.numberArea, ticket, { ...flash, blankText: '' });
      return;
    }
    const template = this.options.template ?? '{ticket} {window}';
    const text = fillTemplate(template, { ticket, window: windowText });
    const blankText = fillTemplate(template, { ticket: ' '.repeat(displayWidth(ticket)), window: windowText });
    await this.screen.showText(this.numberArea, text, { ...flash, blankText });
  }

  async showIdle(): Promise<void> {
    const idle = this.options.idleText ?? this.options.windowText;
    if (this.options.textArea !== undefined) {
      await this.screen.showText(this.options.textArea, this.options.windowText);
      await this.screen.showText(this.numberArea, '');
      return;
    }
    await this.screen.showText(this.numberArea, idle);
  }
}
