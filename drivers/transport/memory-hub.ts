import { createMemoryPair, type MemoryTransport } from './memory.ts';
import type { Transport } from './transport.ts';

/** Called with the device end of each new connection; typically attaches a simulator to it. */
export type MemoryServer = (device: Transport) => void;

/**
 * Named in-memory "ports" for demo mode: a device entry `{type: memory, name: idcard}` connects to
 * whatever simulator serves that name. Every (re)connection gets a fresh pair, so a simulated unplug
 * (`drop()`) followed by a reconnect behaves like the real thing.
 */
export class MemoryHub {
  private readonly servers = new Map<string, MemoryServer>();

  serve(name: string, server: MemoryServer): () => void {
    this.servers.set(name, server);
    return () => {
      if (this.servers.get(name) === server) this.servers.delete(name);
    };
  }

  connect(name: string): Transport {
    return new HubConnection(name, this.servers);
  }
}

class HubConnection implements Transport {
  readonly description: string;
  private host: MemoryTransport | undefined;
  private readonly dataListeners = new Set<(chunk: Buffer) => void>();
  private readonly closeListeners = new Set<(error?: Error) => void>();

  constructor(
    private readonly name: string,
    private readonly servers: Map<string, MemoryServer>,
  ) {
    this.description = `memory:${name}`;
  }

  get isOpen(): boolean {
    return this.host?.isOpen ?? false;
  }

  /** The host end of the current connection, for tests that want to simulate an unplug. */
  get current(): MemoryTransport | undefined {
    return this.host;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const server = this.servers.get(this.name);
    if (!server) throw new Error(`nothing serves ${this.description} (is the simulator running?)`);
    const { host, device } = createMemoryPair(this.name);
    host.onData((chunk) => this.dataListeners.forEach((l) => l(chunk)));
    host.onClose((error) => this.closeListeners.forEach((l) => l(error)));
    await device.open();
    await host.open();
    this.host = host;
    server(device);
  }

  async close(): Promise<void> {
    const host = this.host;
    await host?.close();
    host?.peer?.drop();
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.host) throw new Error(`${this.description} is not open`);
    await this.host.write(data);
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
