import { createConnection, type Socket } from 'node:net';
import { TransportEvents } from './transport-events.ts';
import type { Transport } from './transport.ts';

export interface TcpOptions {
  host: string;
  port: number;
  /** Give up on a connect that hangs (a powered-off printer behind a switch drops SYNs). Default 5000. */
  connectTimeoutMs?: number;
  /** TCP keep-alive probe delay, so a pulled network cable is noticed while idle. Default 10000; 0 disables. */
  keepAliveMs?: number;
}

/** A raw TCP byte stream: network printers (port 9100) and LED controllers. */
export class TcpTransport implements Transport {
  readonly description: string;
  private socket: Socket | undefined;
  private readonly events = new TransportEvents();
  private closing = false;

  constructor(private readonly options: TcpOptions) {
    this.description = `tcp:${options.host}:${options.port}`;
  }

  get isOpen(): boolean {
    const s = this.socket;
    return s !== undefined && !s.destroyed && s.readyState === 'open';
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const { host, port, connectTimeoutMs = 5000, keepAliveMs = 10_000 } = this.options;
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = createConnection({ host, port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error(`cannot connect to ${this.description}: no answer within ${connectTimeoutMs} ms`));
      }, connectTimeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (error) => {
        clearTimeout(timer);
        s.destroy();
        reject(new Error(`cannot connect to ${this.description}: ${error.message}`));
      });
    });
    socket.setNoDelay(true);
    if (keepAliveMs > 0) socket.setKeepAlive(true, keepAliveMs);
    this.socket = socket;
    this.events.reset();
    let lastError: Error | undefined;
    this.closing = false;
    socket.on('data', (chunk: Buffer) => this.events.data(chunk));
    socket.on('error', (error) => {
      lastError = error;
    });
    // The peer closing its side means the device went away; close ours so 'close' follows.
    socket.on('end', () => socket.end());
    socket.on('close', () =>
      this.events.close(this.closing ? undefined : (lastError ?? new Error(`${this.description} closed by peer`))),
    );
  }

  async write(data: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket || !this.isOpen) throw new Error(`${this.description} is not open`);
    await new Promise<void>((resolve, reject) => {
      socket.write(Buffer.from(data), (error) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    this.closing = true;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      // end() lets queued bytes (a print job) reach the device; destroy if the peer never answers the FIN.
      socket.end();
      const timer = setTimeout(() => socket.destroy(), 1000);
      timer.unref();
    });
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.events.onData(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.events.onClose(listener);
  }
}
