import { EventEmitter } from 'node:events';
import type { Transport, TransportFactory } from '../transport/transport.ts';
import { backoffDelay, type BackoffOptions, type DeviceHealth } from './health.ts';

export interface LinkEvents {
  health: [DeviceHealth];
  data: [Buffer];
  /** Emitted after every successful (re)open, so a driver can re-initialise the device. */
  open: [];
}

/**
 * Keeps one transport open: opens it, reopens it with capped back-off after an unplug or error,
 * and reports health. Drivers build their protocol on top and never handle reconnection themselves.
 */
export class DeviceLink extends EventEmitter<LinkEvents> {
  private transport: Transport | undefined;
  private unsubscribe: (() => void)[] = [];
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private health_: DeviceHealth = { state: 'disconnected' };

  constructor(
    private readonly factory: TransportFactory,
    private readonly backoff: BackoffOptions = {},
  ) {
    super();
  }

  get health(): DeviceHealth {
    return this.health_;
  }

  get isOpen(): boolean {
    return this.transport?.isOpen ?? false;
  }

  get description(): string {
    return this.transport?.description ?? 'not connected';
  }

  /** Set by drivers when the link is open but the device reports a fault (paper out, SAM error). */
  setHealth(health: DeviceHealth): void {
    const same = health.state === this.health_.state &&
      (health.state !== 'fault' || (this.health_.state === 'fault' && this.health_.reason === health.reason));
    this.health_ = health;
    if (!same) this.emit('health', health);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const t = this.transport;
    this.detach();
    if (t?.isOpen) await t.close().catch(() => undefined);
    this.setHealth({ state: 'disconnected' });
  }

  async write(data: Uint8Array): Promise<void> {
    const t = this.transport;
    if (!t?.isOpen) throw new Error(`device not connected (${this.description})`);
    await t.write(data);
  }

  private detach(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.transport = undefined;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.setHealth({ state: 'connecting' });
    let transport: Transport;
    try {
      transport = this.factory();
      await transport.open();
    } catch (error) {
      this.scheduleRetry(error);
      return;
    }
    if (this.stopped) {
      await transport.close().catch(() => undefined);
      return;
    }
    this.transport = transport;
    this.attempt = 0;
    this.unsubscribe.push(
      transport.onData((chunk) => this.emit('data', chunk)),
      transport.onClose((error) => {
        this.detach();
        if (!this.stopped) this.scheduleRetry(error ?? new Error('link closed'));
      }),
    );
    this.setHealth({ state: 'ready' });
    this.emit('open');
  }

  private scheduleRetry(error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.setHealth({ state: 'fault', reason: `cannot open: ${reason}` });
    const delay = backoffDelay(this.attempt++, this.backoff);
    this.timer = setTimeout(() => void this.connect(), delay);
    this.timer.unref?.();
  }
}
