import { EventEmitter } from 'node:events';
import type { DeviceHealth } from '../../core/health.ts';
import type { Rs485Bus } from '../../rs485/bus.ts';
import { BusDeviceHealth } from '../../rs485/device-health.ts';
import { AreaFlasher } from '../flasher.ts';
import type { LedEffect, LedScreen, NativeEffect } from '../types.ts';
import { encodePlainBrightness, encodePlainText, plainProtocol, type PlainLedProtocol } from './codec.ts';

export interface PlainLedScreenOptions {
  /** Module address, when the protocol sends one. */
  address?: number;
  protocol?: Partial<PlainLedProtocol>;
  /** Areas clear() empties when given no area; default [0]. */
  areas?: readonly number[];
}

export interface PlainLedScreenEvents {
  health: [DeviceHealth];
}

/**
 * A generic serial LED module: write-only lines of GB2312 text. Modules on one RS-485 line are told
 * apart by the address in each frame and share the bus serialiser.
 */
export class PlainLedScreen extends EventEmitter<PlainLedScreenEvents> implements LedScreen {
  readonly protocol: PlainLedProtocol;
  private readonly flasher: AreaFlasher;
  private readonly health_: BusDeviceHealth;

  constructor(private readonly bus: Rs485Bus, private readonly options: PlainLedScreenOptions = {}) {
    super();
    this.protocol = plainProtocol(options.protocol);
    this.health_ = new BusDeviceHealth(bus, (health) => this.emit('health', health));
    this.flasher = new AreaFlasher(
      (area, text, effect) => this.render(area, text, effect),
      (error) => this.health_.setFault(error instanceof Error ? error.message : String(error)),
    );
  }

  get health(): DeviceHealth {
    return this.health_.current;
  }

  async showText(area: number, text: string, effect: LedEffect = { kind: 'static' }): Promise<void> {
    if (effect.kind === 'flash') return this.flasher.start(area, text, effect);
    this.flasher.stop(area);
    await this.render(area, text, effect);
  }

  async clear(area?: number): Promise<void> {
    this.flasher.stop(area);
    for (const a of area === undefined ? (this.options.areas ?? [0]) : [area]) await this.render(a, '', { kind: 'static' });
  }

  brightness(level: number): Promise<void> {
    return this.write(encodePlainBrightness(this.protocol, this.options.address, level));
  }

  close(): void {
    this.flasher.stop();
    this.health_.dispose();
  }

  private render(area: number, text: string, effect: NativeEffect): Promise<void> {
    return this.write(encodePlainText(this.protocol, { address: this.options.address, area, effect, text }));
  }

  private async write(frame: Buffer): Promise<void> {
    try {
      await this.bus.send(frame);
      this.health_.setFault(undefined);
    } catch (error) {
      this.health_.setFault(error instanceof Error ? error.message : String(error));
      throw error;
    }
  }
}
