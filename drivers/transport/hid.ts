import { TransportEvents } from './transport-events.ts';
import type { Transport } from './transport.ts';

/** The slice of node-hid 3's `HIDAsync` device this transport uses. */
export interface HidDevice {
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  write(values: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
}

/** The slice of the node-hid 3 module this transport uses. */
export interface HidModule {
  HIDAsync: {
    open(path: string): Promise<HidDevice>;
    open(vendorId: number, productId: number): Promise<HidDevice>;
  };
}

export interface HidOptions {
  vendorId?: number;
  productId?: number;
  /** Platform path from node-hid's device list; wins over vendorId/productId when set. */
  path?: string;
  /** Prepended to every write; 0 for devices without numbered reports. Default 0. */
  reportId?: number;
  /** Pad each output report with zeros to this many data bytes (some devices ignore short reports). */
  reportSize?: number;
  /** How node-hid is loaded; replaced in tests. Defaults to a dynamic import of 'node-hid'. */
  loadHid?: () => Promise<HidModule>;
}

export const HID_UNAVAILABLE = 'HID support unavailable: install the node-hid package and libusb-1.0-0';

const hex4 = (n: number | undefined) => (n === undefined ? '????' : n.toString(16).padStart(4, '0'));

/** True when the failure is the optional package or its native library missing, not the device. */
export function isHidUnavailableError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || code === 'ERR_DLOPEN_FAILED') return true;
  const message = error instanceof Error ? error.message : String(error);
  return /cannot open shared object file|No native build was found|was compiled against a different Node\.js version/.test(message);
}

async function importNodeHid(): Promise<HidModule> {
  // A variable specifier keeps the optional native package out of type-checking and bundling.
  const specifier = 'node-hid';
  let mod: Partial<HidModule> & { default?: Partial<HidModule> };
  try {
    mod = (await import(specifier)) as typeof mod;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' && /['"]node-hid['"]/.test(message)) {
      throw Object.assign(new Error('the optional package node-hid is not installed (npm install node-hid)'), { code: 'ERR_MODULE_NOT_FOUND' });
    }
    throw error;
  }
  const hid = mod.HIDAsync ? mod : mod.default;
  if (!hid?.HIDAsync) throw new Error('node-hid 3 or later is required (HIDAsync not found)');
  return hid as HidModule;
}

/**
 * A USB HID device as a Transport. node-hid is optional and loaded only when a HID device is
 * configured, so a hall without HID hardware needs neither the native module nor libusb.
 */
export class HidTransport implements Transport {
  readonly description: string;
  private device: HidDevice | undefined;
  private readonly events = new TransportEvents();

  constructor(private readonly options: HidOptions) {
    if (!options.path && (options.vendorId === undefined || options.productId === undefined)) {
      throw new Error('HID transport needs a path, or both vendorId and productId');
    }
    this.description = options.path ? `hid:${options.path}` : `hid:${hex4(options.vendorId)}:${hex4(options.productId)}`;
  }

  get isOpen(): boolean {
    return this.device !== undefined;
  }

  async open(): Promise<void> {
    if (this.device) return;
    let hid: HidModule;
    try {
      hid = await (this.options.loadHid ?? importNodeHid)();
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      throw new Error(`${HID_UNAVAILABLE} (${cause})`);
    }
    const { path, vendorId, productId } = this.options;
    let device: HidDevice;
    try {
      device = path ? await hid.HIDAsync.open(path) : await hid.HIDAsync.open(vendorId ?? 0, productId ?? 0);
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      // node-hid loads its native library on first use, so a missing libusb or prebuild shows up here.
      if (isHidUnavailableError(error)) throw new Error(`${HID_UNAVAILABLE} (${cause})`);
      throw new Error(`cannot open ${this.description}: ${cause} (check that it is plugged in and that this user may access hidraw)`);
    }
    this.device = device;
    this.events.reset();
    device.on('data', (data) => this.events.data(Buffer.from(data)));
    // node-hid reports an unplug as an error on the read loop.
    device.on('error', (error) => this.drop(error instanceof Error ? error : new Error(String(error))));
  }

  async write(data: Uint8Array): Promise<void> {
    const device = this.device;
    if (!device) throw new Error(`${this.description} is not open`);
    const size = Math.max(data.length, this.options.reportSize ?? 0);
    const report = Buffer.alloc(size + 1);
    report[0] = this.options.reportId ?? 0;
    report.set(data, 1);
    try {
      await device.write(report);
    } catch (error) {
      this.drop(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  }

  async close(): Promise<void> {
    const device = this.device;
    if (!device) return;
    this.device = undefined;
    await device.close().catch(() => undefined);
    this.events.close();
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.events.onData(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.events.onClose(listener);
  }

  private drop(error: Error): void {
    const device = this.device;
    if (!device) return;
    this.device = undefined;
    void device.close().catch(() => undefined);
    this.events.close(error);
  }
}
