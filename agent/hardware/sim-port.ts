import type { Transport } from '../../drivers/transport/transport.ts';

/**
 * The device end of a simulated port that outlives connections: every time the driver (re)connects
 * through the MemoryHub, the new device end is plugged in here, so a simulator keeps its state (the
 * paper, the tickets printed, the card on the reader) across reconnects, like a real device does.
 */
export class SimPort implements Transport {
  private current: Transport | undefined;
  private offs: (() => void)[] = [];
  private readonly dataListeners = new Set<(chunk: Buffer) => void>();
  private readonly closeListeners = new Set<(error?: Error) => void>();

  constructor(readonly description: string) {}

  get isOpen(): boolean {
    return this.current?.isOpen ?? false;
  }

  plug(device: Transport): void {
    for (const off of this.offs) off();
    this.current = device;
    this.offs = [
      device.onData((chunk) => this.dataListeners.forEach((l) => l(chunk))),
      device.onClose((error) => this.closeListeners.forEach((l) => l(error))),
    ];
  }

  /** Drops the current connection: both ends see the link close. */
  drop(): void {
    const device = this.current as (Transport & { drop?: (error?: Error) => void }) | undefined;
    if (device?.drop) device.drop(new Error('cable pulled'));
    else void device?.close();
  }

  async open(): Promise<void> {
    /* The hub opens each connection's device end. */
  }

  async close(): Promise<void> {
    await this.current?.close();
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.current?.isOpen) return; // nobody listening: bytes fall on the floor, as on a real wire
    await this.current.write(data);
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }
}
