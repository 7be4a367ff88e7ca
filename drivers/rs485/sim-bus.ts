import type { Transport } from '../transport/transport.ts';
import type { Ff68Frame } from './ff68-codec.ts';
import { Ff68Parser } from './ff68-parser.ts';
import { Serialiser } from '../core/serialiser.ts';

/** A simulated device on the bus: it sees every host frame sent to its address. */
export interface SimulatedFf68Device {
  readonly address: number;
  onHostFrame(frame: Ff68Frame): void;
}

export interface SimulatedFf68BusOptions {
  /** Host → device frames can be 8 bytes of ADDR+FUNC+DATA (ticket and waiting commands). */
  maxLength?: number;
  interFrameGapMs?: number;
}

/**
 * The device side of one RS-485 bus: several simulated keypads and evaluators behind one endpoint.
 * Host frames are routed to every device at their address; device frames leave one at a time.
 */
export class SimulatedFf68Bus {
  private readonly devices = new Set<SimulatedFf68Device>();
  private readonly parser: Ff68Parser;
  private readonly wire: Serialiser;
  private readonly off: () => void;
  /** Every frame the host sent, in order. */
  readonly received: Ff68Frame[] = [];

  constructor(private readonly transport: Transport, options: SimulatedFf68BusOptions = {}) {
    this.parser = new Ff68Parser({ minLength: 2, maxLength: options.maxLength ?? 8 });
    this.wire = new Serialiser({ gapMs: options.interFrameGapMs ?? 0 });
    this.off = transport.onData((chunk) => {
      for (const frame of this.parser.push(chunk)) this.route(frame);
    });
  }

  /** Opens the transport if needed (a pty endpoint must be opened before the host writes). */
  async open(): Promise<void> {
    if (!this.transport.isOpen) await this.transport.open();
  }

  attach(device: SimulatedFf68Device): () => void {
    this.devices.add(device);
    return () => this.devices.delete(device);
  }

  send(frame: Uint8Array): Promise<void> {
    return this.wire.run(() => this.transport.write(frame), { description: 'simulated device frame' });
  }

  async close(): Promise<void> {
    this.off();
    if (this.transport.isOpen) await this.transport.close();
  }

  private route(frame: Ff68Frame): void {
    this.received.push(frame);
    for (const device of this.devices) if (device.address === frame.address) device.onHostFrame(frame);
  }
}
