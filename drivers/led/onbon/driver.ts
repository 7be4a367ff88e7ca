import { EventEmitter } from 'node:events';
import { Correlator } from '../../core/correlator.ts';
import { messageOf } from '../../core/errors.ts';
import { backoffDelay, type BackoffOptions, type DeviceHealth } from '../../core/health.ts';
import type { Rs485Bus } from '../../rs485/bus.ts';
import { BusDeviceHealth } from '../../rs485/device-health.ts';
import { hexByte } from '../../rs485/hex.ts';
import { AreaFlasher } from '../flasher.ts';
import type { LedEffect, LedScreen, NativeEffect } from '../types.ts';
import { defaultHeader, encodeOnbonFrame, HOST_ADDRESS, type OnbonFrame, type OnbonHeader } from './codec.ts';
import { encodeDynamicAreaUpdate, ONBON_DISPLAY_MODE, type DynamicAreaBlock } from './dynamic-area.ts';
import { OnbonParser } from './parser.ts';

/** Geometry of one dynamic area, in pixels. */
export interface OnbonAreaGeometry {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Several lines with auto-wrap instead of one line. Default false. */
  multiLine?: boolean;
}

/** Pixels per unit sent for each coordinate; the sources disagree (protocols.md §4a). */
export interface OnbonCoordinateUnits {
  x: 1 | 8;
  y: 1 | 8;
  width: 1 | 8;
  height: 1 | 8;
  /** Set bit 15 on X and width ("these are pixels", per the analysis tool). */
  pixelFlag: boolean;
}

export interface OnbonScreenOptions {
  /** Destination screen address, default 1. */
  screenAddress?: number;
  /** Source address, default 0x8000 as in the published example. */
  hostAddress?: number;
  /** Default FE (any controller). */
  deviceType?: number;
  /** A5 bytes before each frame, default 8. */
  preambleCount?: number;
  /** Header reserved bytes, default 00 00 00. */
  headerReserved?: [number, number, number];
  /** A3 06 "reply flag" byte, default 01 as in the published example. */
  replyFlag?: number;
  /** A3 06 reserved word, default 0x002D (bytes 2D 00) as in the published example. */
  commandReserved?: number;
  /**
   * Wait for the controller's reply before releasing the bus (default true): an unread reply would
   * collide with the next frame on a half-duplex line.
   */
  awaitReply?: boolean;
  /** Default 1000 ms. */
  replyTimeoutMs?: number;
  /** Offset of the error code in the reply's data field (unconfirmed), default 2: after group and command. */
  replyErrorOffset?: number;
  areas: Readonly<Record<number, OnbonAreaGeometry>>;
  /** Default: all pixels, no flag, matching the published example (width 80 00 on a 128-pixel screen). */
  coordinateUnits?: Partial<OnbonCoordinateUnits>;
  /** Area run mode, default 0 (loop). */
  runMode?: number;
  /** Area timeout in seconds, default 2 as in the published example. */
  timeoutSeconds?: number;
  /** Default speed 0 … 18 when the effect gives none; default 4 as in the published example. */
  speed?: number;
  /** Stay time in 0.5 s units, default 5 as in the published example. */
  stayTime?: number;
  /** The brightness command is not in the protocol facts; brightness() fails until it is configured. */
  brightnessCommand?: { group: number; command: number };
  /**
   * A screen whose update failed (no reply, an error reply, a write error) is sent what it should
   * show again on this back-off until it answers, so it recovers without waiting for new content.
   * Default 1 s doubling to 60 s; false turns retries off.
   */
  retry?: BackoffOptions | false;
}

/** An update the screen has not taken yet: sent again by the retry timer. */
interface Unsent {
  data: Buffer;
  what: string;
}

export interface OnbonScreenEvents {
  health: [DeviceHealth];
}

/** Controller error codes (Onbon SDK enum). */
export const ONBON_ERRORS: Readonly<Record<number, string>> = {
  1: 'group error',
  2: 'no such command',
  3: 'busy',
  4: 'out of memory',
  5: 'CRC error',
  6: 'file missing',
  7: 'flash error',
};

/**
 * An Onbon BX-5K/6K screen on an Rs485Bus (or alone on a port). Text goes out as A3 06 dynamic-area
 * updates; several screens on one bus are told apart by screen address and share the bus serialiser.
 */
export class OnbonScreen extends EventEmitter<OnbonScreenEvents> implements LedScreen {
  readonly screenAddress: number;
  private readonly options: OnbonScreenOptions;
  private readonly units: OnbonCoordinateUnits;
  private readonly parser: OnbonParser;
  private readonly flasher: AreaFlasher;
  private readonly offData: () => void;
  private readonly offHealth: () => void;
  private readonly replies = new Correlator<OnbonFrame>();
  private readonly health_: BusDeviceHealth;
  /** Per area, the last update that failed; a later success on that area removes it. */
  private readonly unsent = new Map<number, Unsent>();
  private retryTimer: NodeJS.Timeout | undefined;
  private retryAttempt = 0;
  private closed = false;

  constructor(private readonly bus: Rs485Bus, options: OnbonScreenOptions) {
    super();
    this.options = options;
    this.screenAddress = options.screenAddress ?? 1;
    this.units = { x: 1, y: 1, width: 1, height: 1, pixelFlag: false, ...options.coordinateUnits };
    this.parser = new OnbonParser();
    this.flasher = new AreaFlasher(
      (area, text, effect) => this.render(area, text, effect),
      (error) => this.health_.setFault(messageOf(error)),
    );
    this.offData = bus.onData((chunk) => {
      for (const frame of this.parser.push(chunk)) this.replies.offer(frame);
    });
    const onBusHealth = (health: DeviceHealth): void => {
      if (!bus.isOpen) this.replies.rejectAll(`rs485 link ${health.state}`);
    };
    bus.on('health', onBusHealth);
    this.offHealth = () => bus.off('health', onBusHealth);
    this.health_ = new BusDeviceHealth(bus, (health) => this.emit('health', health));
  }

  get health(): DeviceHealth {
    return this.health_.current;
  }

  async showText(area: number, text: string, effect: LedEffect = { kind: 'static' }): Promise<void> {
    this.geometry(area);
    if (effect.kind === 'flash') return this.flasher.start(area, text, effect);
    this.flasher.stop(area);
    await this.render(area, text, effect);
  }

  async clear(area?: number): Promise<void> {
    const ids = area === undefined ? Object.keys(this.options.areas).map(Number) : [area];
    this.flasher.stop(area);
    await this.send(this.updateData(ids, []), 'A3 06 (delete dynamic areas)', ids);
  }

  async brightness(level: number): Promise<void> {
    const command = this.options.brightnessCommand;
    if (!command) throw new Error('brightness is not configured for this Onbon screen (command not in the protocol facts)');
    const value = Math.max(0, Math.min(15, Math.round(level)));
    await this.send(Buffer.from([command.group, command.command, value]), `${hexByte(command.group)} ${hexByte(command.command)} (brightness)`);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.unsent.clear();
    this.flasher.stop();
    this.offData();
    this.offHealth();
    this.replies.rejectAll('screen closed');
    this.health_.dispose();
  }

  private geometry(area: number): OnbonAreaGeometry {
    const g = this.options.areas[area];
    if (!g) throw new RangeError(`area ${area} is not configured for Onbon screen ${this.screenAddress}`);
    return g;
  }

  private render(area: number, text: string, effect: NativeEffect): Promise<void> {
    const g = this.geometry(area);
    const u = this.units;
    const flag = u.pixelFlag ? 0x8000 : 0;
    const block: DynamicAreaBlock = {
      id: area,
      x: Math.floor(g.x / u.x) | flag,
      y: Math.floor(g.y / u.y),
      width: Math.floor(g.width / u.width) | flag,
      height: Math.floor(g.height / u.height),
      lineSpacing: 0,
      runMode: this.options.runMode ?? 0,
      timeoutSeconds: this.options.timeoutSeconds ?? 2,
      alignment: 0,
      singleLine: g.multiLine ? 0x02 : 0x01,
      lineWrap: g.multiLine ? 0x02 : 0x01,
      displayMode: displayModeOf(effect),
      exitMode: 0,
      speed: effect.kind === 'static' ? (this.options.speed ?? 4) : (effect.speed ?? this.options.speed ?? 4),
      stayTime: this.options.stayTime ?? 5,
      text,
    };
    return this.send(this.updateData([], [block]), 'A3 06 (update dynamic area)', [area]);
  }

  private updateData(deleteIds: number[], areas: DynamicAreaBlock[]): Buffer {
    return encodeDynamicAreaUpdate({
      replyFlag: this.options.replyFlag ?? 0x01,
      reserved: this.options.commandReserved ?? 0x002d,
      deleteIds,
      areas,
    });
  }

  private header(): OnbonHeader {
    return {
      ...defaultHeader(this.screenAddress),
      source: this.options.hostAddress ?? HOST_ADDRESS,
      deviceType: this.options.deviceType ?? 0xfe,
      reserved: this.options.headerReserved ?? [0, 0, 0],
    };
  }

  /** Sends one command; `areas` are the areas it sets, kept for a retry if it fails. */
  private async send(data: Buffer, what: string, areas: readonly number[] = []): Promise<void> {
    try {
      await this.transmit(data, what);
    } catch (error) {
      if (!this.closed && this.options.retry !== false && areas.length > 0) {
        const entry = { data, what };
        for (const a of areas) this.unsent.set(a, entry);
        this.scheduleRetry();
      }
      throw error;
    }
    for (const a of areas) this.unsent.delete(a);
    if (this.unsent.size === 0) this.retryAttempt = 0;
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed || this.unsent.size === 0) return;
    const delay = backoffDelay(this.retryAttempt++, { initialMs: 1000, maxMs: 60_000, ...(this.options.retry || {}) });
    this.retryTimer = setTimeout(() => void this.retry(), delay);
    this.retryTimer.unref?.();
  }

  /** Sends every area's unsent update again, oldest first; a full success ends the back-off. */
  private async retry(): Promise<void> {
    this.retryTimer = undefined;
    const pending = new Map<Unsent, number[]>();
    for (const [area, entry] of this.unsent) pending.set(entry, [...(pending.get(entry) ?? []), area]);
    let failed = false;
    for (const [entry, areas] of pending) {
      if (this.closed) return;
      try {
        await this.transmit(entry.data, `${entry.what}, retried`);
        // A newer update of the area may have been queued meanwhile; only this one is done.
        for (const a of areas) if (this.unsent.get(a) === entry) this.unsent.delete(a);
      } catch {
        failed = true;
        break;
      }
    }
    if (!failed && this.unsent.size === 0) this.retryAttempt = 0;
    this.scheduleRetry();
  }

  private async transmit(data: Buffer, what: string): Promise<void> {
    const frame = encodeOnbonFrame(this.header(), data, this.options.preambleCount ?? 8);
    const awaitReply = this.options.awaitReply ?? true;
    const timeoutMs = this.options.replyTimeoutMs ?? 1000;
    try {
      const reply = await this.bus.transaction(async (write) => {
        if (!awaitReply) {
          await write(frame);
          return undefined;
        }
        return this.replies.request(() => write(frame), this.isReplyTo(data), timeoutMs, `Onbon screen ${this.screenAddress} to reply to ${what}`);
      });
      if (reply) this.checkReply(reply, what);
      this.health_.setFault(undefined);
    } catch (error) {
      this.health_.setFault(messageOf(error));
      throw error;
    }
  }

  private checkReply(reply: OnbonFrame, what: string): void {
    const code = reply.data[this.options.replyErrorOffset ?? 2] ?? 0;
    if (code !== 0) {
      throw new Error(`Onbon screen ${this.screenAddress} rejected ${what}: error ${code} (${ONBON_ERRORS[code] ?? 'unknown'})`);
    }
  }

  /** The controller answers from its own address with the group and command it was sent. */
  private isReplyTo(data: Buffer): (frame: OnbonFrame) => boolean {
    const group = data[0] ?? 0;
    const command = data[1] ?? 0;
    return (frame) => {
      const fromUs = frame.header.source === this.screenAddress || this.screenAddress === 0xfffe;
      return fromUs && frame.data[0] === group && frame.data[1] === command;
    };
  }
}

function displayModeOf(effect: NativeEffect): number {
  if (effect.kind === 'static') return ONBON_DISPLAY_MODE.static;
  if (effect.kind === 'typeOut') return ONBON_DISPLAY_MODE.typeOut;
  switch (effect.direction ?? 'left') {
    case 'left': return ONBON_DISPLAY_MODE.moveLeft;
    case 'right': return ONBON_DISPLAY_MODE.moveRight;
    case 'up': return ONBON_DISPLAY_MODE.moveUp;
    case 'down': return ONBON_DISPLAY_MODE.moveDown;
  }
}
