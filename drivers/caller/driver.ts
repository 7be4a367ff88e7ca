import { EventEmitter } from 'node:events';
import type { DeviceHealth } from '../core/health.ts';
import type { Rs485Bus } from '../rs485/bus.ts';
import { BusDeviceHealth } from '../rs485/device-health.ts';
import {
  beepFrame,
  serviceStarFrame,
  showTicketFrame,
  showWaitingFrame,
  startEvaluationFrame,
  type Ff68Frame,
} from '../rs485/ff68-codec.ts';
import { hexByte } from '../rs485/hex.ts';
import { DEFAULT_KEY_ACTIONS, digitsOf, resolveKeyAction, type CallerAction, type KeyActionMap } from './actions.ts';

export interface CallerKeyEvent {
  address: number;
  /** The key code: the last DATA byte. */
  key: number;
  /** Digits typed before the key, e.g. "06" for 6 then 确认. */
  digits: string;
  /** Null when the hall's map has nothing for this key. */
  action: CallerAction | null;
  func: number;
  checksumOk: boolean;
}

export interface CallerKeypadEvents {
  key: [CallerKeyEvent];
  health: [DeviceHealth];
}

export interface CallerKeypadOptions {
  address: number;
  actions?: KeyActionMap;
  /**
   * Wait for the keypad to echo each host command (unconfirmed whether devices do; default false).
   * Needs the bus to accept frames of L = 8 (Rs485Bus maxLength 8).
   */
  awaitEcho?: boolean;
  /** Default 500 ms. */
  echoTimeoutMs?: number;
}

/**
 * One window caller keypad on an Rs485Bus: key frames become typed 'key' events (the bus sends the
 * ACK) and the host's display commands go out one at a time through the bus serialiser.
 */
export class CallerKeypad extends EventEmitter<CallerKeypadEvents> {
  readonly address: number;
  private readonly actions: KeyActionMap;
  private readonly awaitEcho: boolean;
  private readonly echoTimeoutMs: number;
  private readonly detach: () => void;
  private readonly health_: BusDeviceHealth;

  constructor(private readonly bus: Rs485Bus, options: CallerKeypadOptions) {
    super();
    this.address = options.address;
    this.actions = options.actions ?? DEFAULT_KEY_ACTIONS;
    this.awaitEcho = options.awaitEcho ?? false;
    this.echoTimeoutMs = options.echoTimeoutMs ?? 500;
    if (this.awaitEcho && bus.maxLength < 8) {
      throw new Error('awaitEcho needs an Rs485Bus created with maxLength 8 (display commands carry 6 data bytes)');
    }
    this.detach = bus.attach(this.address, 'keypad', (frame) => this.onFrame(frame));
    this.health_ = new BusDeviceHealth(bus, (health) => this.emit('health', health));
  }

  get health(): DeviceHealth {
    return this.health_.current;
  }

  /** Shows the last three digits of the ticket number ("A001" → 001). */
  showTicket(ticket: string): Promise<void> {
    return this.command(showTicketFrame(this.address, ticket), 'show ticket');
  }

  showWaiting(count: number): Promise<void> {
    return this.command(showWaitingFrame(this.address, count), 'show waiting count');
  }

  beep(): Promise<void> {
    return this.command(beepFrame(this.address), 'beep');
  }

  serviceStar(level = 5): Promise<void> {
    return this.command(serviceStarFrame(this.address, level), 'service star level');
  }

  startEvaluation(): Promise<void> {
    return this.command(startEvaluationFrame(this.address), 'start evaluation');
  }

  close(): void {
    this.detach();
    this.health_.dispose();
  }

  private async command(frame: Buffer, what: string): Promise<void> {
    if (!this.awaitEcho) {
      await this.bus.send(frame);
      return;
    }
    try {
      await this.bus.request(frame, {
        what: `caller ${hexByte(this.address)} to echo "${what}"`,
        reply: (reply) => reply.raw.equals(frame),
        timeoutMs: this.echoTimeoutMs,
      });
      this.health_.setFault(undefined);
    } catch (error) {
      this.health_.setFault(error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  private onFrame(frame: Ff68Frame): void {
    this.health_.setFault(undefined);
    const key = frame.data[frame.data.length - 1];
    if (key === undefined) return;
    const digits = digitsOf(frame.data.subarray(0, frame.data.length - 1));
    this.emit('key', {
      address: frame.address,
      key,
      digits,
      action: resolveKeyAction(key, digits, this.actions),
      func: frame.func,
      checksumOk: frame.checksumOk,
    });
  }
}
