import { existsSync, promises as fsp } from 'node:fs';
import { SerialPort } from 'serialport';
import { TransportEvents } from './transport-events.ts';
import type { Transport } from './transport.ts';

/**
 * The part of serialport's binding interface this module relies on, stated structurally because the
 * interface package publishes no types under NodeNext resolution. `MockBinding` and the native
 * binding both satisfy it.
 */
export interface SerialBinding {
  list(): Promise<SerialPortInfo[]>;
  open(options: never): Promise<unknown>;
}

export interface SerialPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

export type SerialParity = 'none' | 'even' | 'odd' | 'mark' | 'space';

export interface SerialOptions {
  path: string;
  /** Defaults to 9600; each device family passes its own (the ID reader runs at 115200). */
  baudRate?: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: SerialParity;
  stopBits?: 1 | 1.5 | 2;
  rtscts?: boolean;
  /**
   * How often to check that the device node still exists, in ms (default 1000; 0 disables). The
   * native binding reports most unplugs as read errors, but a hung-up tty can instead read zero
   * bytes forever; the node vanishing is the reliable sign.
   */
  presenceCheckMs?: number;
  /** Hardware access layer; tests pass `MockBinding` from @serialport/binding-mock. */
  binding?: SerialBinding;
}

/**
 * A serial port (RS-232, RS-485 adapter, USB CDC-ACM) as a Transport. Each open() builds a fresh
 * SerialPort, so a DeviceLink can reopen the same path after the device is plugged back in.
 */
export class SerialTransport implements Transport {
  readonly description: string;
  private port: SerialPort | undefined;
  private readonly events = new TransportEvents();
  private presenceTimer: NodeJS.Timeout | undefined;
  private vanished: Error | undefined;

  constructor(private readonly options: SerialOptions) {
    this.description = `serial:${options.path}@${options.baudRate ?? 9600}`;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.port?.isOpen) return;
    const { path, baudRate = 9600, dataBits = 8, parity = 'none', stopBits = 1, rtscts = false, binding } = this.options;
    const settings = { path, baudRate, dataBits, parity, stopBits, rtscts, autoOpen: false };
    // SerialPort spreads its options over the auto-detected binding, so an injected binding wins;
    // its typings hide the option because they assume the native binding.
    const port = binding
      ? new SerialPort({ ...settings, binding } as unknown as ConstructorParameters<typeof SerialPort>[0])
      : new SerialPort(settings);
    await new Promise<void>((resolve, reject) => {
      port.open((error) => (error ? reject(new Error(`cannot open ${this.description}: ${error.message}`)) : resolve()));
    });
    this.port = port;
    this.vanished = undefined;
    this.events.reset();
    port.on('data', (chunk: Buffer) => this.events.data(chunk));
    // serialport emits 'close' with a DisconnectedError on unplug and without one on close().
    port.on('close', (error?: Error | null) => {
      this.stopPresenceCheck();
      this.events.close(error ?? this.vanished);
    });
    // Without a listener an I/O error would crash the process; the close that follows reports it.
    port.on('error', (error: Error) => {
      if (!port.isOpen) this.events.close(error);
    });
    // A zero-byte read ends the stream without closing the port (a pty whose peer went away).
    port.on('end', () => {
      if (port.isOpen) port.close();
      else this.events.close(new Error(`${this.description} reached end of stream`));
    });
    this.startPresenceCheck(port);
  }

  private startPresenceCheck(port: SerialPort): void {
    const every = this.options.presenceCheckMs ?? 1000;
    // A path that never existed as a file (mock bindings, COM ports) has nothing to watch.
    if (every <= 0 || !existsSync(this.options.path)) return;
    this.presenceTimer = setInterval(() => {
      fsp.stat(this.options.path).catch(() => {
        if (!port.isOpen || this.vanished) return;
        this.vanished = new Error(`${this.description} disappeared (unplugged)`);
        port.close();
      });
    }, every);
    this.presenceTimer.unref();
  }

  private stopPresenceCheck(): void {
    clearInterval(this.presenceTimer);
    this.presenceTimer = undefined;
  }

  async write(data: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw new Error(`${this.description} is not open`);
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(data), (error) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    const port = this.port;
    this.stopPresenceCheck();
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.events.onData(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.events.onClose(listener);
  }
}

export interface SerialPortListing {
  ports: { path: string; manufacturer?: string; vendorId?: string; productId?: string; serialNumber?: string }[];
  /** Set when listing failed (for example udevadm is missing on Linux); ports is then empty. */
  warning?: string;
}

/** Lists serial ports without ever rejecting, so a setup page can still render on a bare system. */
export async function listSerialPorts(binding?: SerialBinding): Promise<SerialPortListing> {
  try {
    const infos: SerialPortInfo[] = await (binding ?? SerialPort.binding).list();
    return {
      ports: infos.map((p) => ({
        path: p.path,
        ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
        ...(p.vendorId ? { vendorId: p.vendorId } : {}),
        ...(p.productId ? { productId: p.productId } : {}),
        ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      })),
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ports: [],
      warning: `cannot list serial ports (${reason}); on Linux this needs udevadm (package udev). Enter the port path by hand.`,
    };
  }
}
