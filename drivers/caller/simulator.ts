import {
  BLANK_DIGIT,
  encodeFf68,
  FUNC_BEEP,
  FUNC_CONTROL,
  FUNC_DISPLAY,
  type Ff68Frame,
} from '../rs485/ff68-codec.ts';
import type { SimulatedFf68Bus, SimulatedFf68Device } from '../rs485/sim-bus.ts';

/** Key codes of the §2.3 keypad, by the name printed on the key. */
export const KEYPAD_KEYS = {
  evaluate: 0x0b,
  call: 0x0c,
  recall: 0x0d,
  cancel: 0x0e,
  confirm: 0x0f,
  oneMeter: 0x11,
  wait: 0x12,
  transfer: 0x13,
} as const;
export type KeypadKeyName = keyof typeof KEYPAD_KEYS;

export interface KeypadDisplay {
  /** The six digit cells as the keypad shows them; blanks are spaces. */
  cells: string;
  /** Last ticket number shown (three digits), or null. */
  ticket: string | null;
  /** Last waiting count shown (three digits), or null. */
  waiting: string | null;
  beeps: number;
  stars: number | null;
  evaluationsStarted: number;
}

export interface PressResult {
  frame: Buffer;
  acked: boolean;
}

export interface KeypadSimulatorOptions {
  address: number;
  /** FUNC the keypad sends; unconfirmed in the sheet, 01 as in its examples. */
  func?: number;
  /** Echo every host command back, for hosts configured to await an echo. */
  echoCommands?: boolean;
  /** How long press() waits for the host's ACK before reporting acked: false. Default 2000 ms. */
  ackTimeoutMs?: number;
}

interface Pending {
  frame: Buffer;
  done: (acked: boolean) => void;
}

/** A window caller keypad on a simulated bus: sends key frames, waits for ACKs, shows what the host sends. */
export class KeypadSimulator implements SimulatedFf68Device {
  readonly address: number;
  readonly display: KeypadDisplay = { cells: '      ', ticket: null, waiting: null, beeps: 0, stars: null, evaluationsStarted: 0 };
  /** Host frames that were commands rather than ACKs. */
  readonly commands: Ff68Frame[] = [];
  readonly acks: Buffer[] = [];
  private readonly func: number;
  private readonly echo: boolean;
  private readonly ackTimeoutMs: number;
  private readonly pending: Pending[] = [];
  private readonly detach: () => void;

  constructor(private readonly bus: SimulatedFf68Bus, options: KeypadSimulatorOptions) {
    this.address = options.address;
    this.func = options.func ?? 0x01;
    this.echo = options.echoCommands ?? false;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 2000;
    this.detach = bus.attach(this);
  }

  /** Presses one key (by code or name) and resolves once the host acknowledged it or the wait ran out. */
  press(key: number | KeypadKeyName): Promise<PressResult> {
    const code = typeof key === 'number' ? key : KEYPAD_KEYS[key];
    return this.sendKeys([code]);
  }

  /** Digits then 确认 in one frame, as the keypad sends combinations ("06" = 弃号). */
  typeDigitsThenConfirm(digits: string): Promise<PressResult> {
    if (!/^\d{1,2}$/.test(digits)) throw new RangeError('one or two digits (L is at most 5)');
    return this.sendKeys([...Array.from(digits, Number), KEYPAD_KEYS.confirm]);
  }

  close(): void {
    this.detach();
    for (const p of this.pending.splice(0)) p.done(false);
  }

  onHostFrame(frame: Ff68Frame): void {
    const index = this.pending.findIndex((p) => p.frame.equals(frame.raw));
    if (index >= 0) {
      const [p] = this.pending.splice(index, 1);
      this.acks.push(frame.raw);
      p?.done(true);
      return;
    }
    this.commands.push(frame);
    this.apply(frame);
    if (this.echo) void this.bus.send(frame.raw).catch(() => undefined);
  }

  private sendKeys(keys: number[]): Promise<PressResult> {
    const frame = encodeFf68(this.address, this.func, keys);
    return new Promise<PressResult>((resolve, reject) => {
      const timer = setTimeout(() => finish(false), this.ackTimeoutMs);
      const pending: Pending = { frame, done: (acked) => finish(acked) };
      const finish = (acked: boolean): void => {
        clearTimeout(timer);
        const i = this.pending.indexOf(pending);
        if (i >= 0) this.pending.splice(i, 1);
        resolve({ frame, acked });
      };
      this.pending.push(pending);
      this.bus.send(frame).catch((error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  }

  private apply(frame: Ff68Frame): void {
    const d = frame.data;
    if (frame.func === FUNC_DISPLAY && d.length === 6) {
      const cells = Array.from(d, (b) => (b === BLANK_DIGIT ? ' ' : b <= 9 ? String(b) : '?')).join('');
      this.display.cells = cells;
      if (cells.startsWith('   ')) this.display.ticket = cells.slice(3);
      else if (cells.endsWith('   ')) this.display.waiting = cells.slice(0, 3);
    } else if (frame.func === FUNC_DISPLAY && d.length === 1) {
      this.display.stars = d[0] ?? null;
    } else if (frame.func === FUNC_BEEP) {
      this.display.beeps++;
    } else if (frame.func === FUNC_CONTROL && d.length === 1 && d[0] === 0x0b) {
      this.display.evaluationsStarted++;
    }
  }
}
