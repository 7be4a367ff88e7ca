import { closeSync, constants, accessSync, existsSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';

/**
 * A real virtual HID device through the kernel's uhid driver: the events of include/uapi/linux/uhid.h
 * written to /dev/uhid. struct uhid_event is packed: a u32 type, then a union whose largest member
 * (uhid_create2_req) makes the event 4376 bytes.
 */

export const UHID_DESTROY = 1;
export const UHID_CREATE2 = 11;
export const UHID_INPUT2 = 12;
export const BUS_USB = 0x03;

const HID_MAX_DESCRIPTOR_SIZE = 4096;
const UHID_DATA_MAX = 4096;
/** type (4) + name[128] + phys[64] + uniq[64] + rd_size, bus (2 + 2) + vendor, product, version, country (4 × 4) + rd_data[4096]. */
export const UHID_EVENT_SIZE = 4 + 128 + 64 + 64 + 2 + 2 + 4 * 4 + HID_MAX_DESCRIPTOR_SIZE;

export const CREATE2_OFFSETS = {
  name: 4,
  phys: 132,
  uniq: 196,
  rdSize: 260,
  bus: 262,
  vendor: 264,
  product: 268,
  version: 272,
  country: 276,
  rdData: 280,
} as const;

export interface Create2 {
  name: string;
  phys?: string;
  uniq: string;
  bus?: number;
  vendor: number;
  product: number;
  version?: number;
  country?: number;
  descriptor: Uint8Array;
}

function putString(event: Buffer, offset: number, max: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length >= max) throw new RangeError(`"${text}" does not fit in ${max} bytes with its terminating zero`);
  bytes.copy(event, offset);
}

export function encodeCreate2(req: Create2): Buffer {
  if (req.descriptor.length > HID_MAX_DESCRIPTOR_SIZE) throw new RangeError('report descriptor too long');
  const o = CREATE2_OFFSETS;
  const event = Buffer.alloc(UHID_EVENT_SIZE);
  event.writeUInt32LE(UHID_CREATE2, 0);
  putString(event, o.name, 128, req.name);
  putString(event, o.phys, 64, req.phys ?? '');
  putString(event, o.uniq, 64, req.uniq);
  event.writeUInt16LE(req.descriptor.length, o.rdSize);
  event.writeUInt16LE(req.bus ?? BUS_USB, o.bus);
  event.writeUInt32LE(req.vendor, o.vendor);
  event.writeUInt32LE(req.product, o.product);
  event.writeUInt32LE(req.version ?? 0, o.version);
  event.writeUInt32LE(req.country ?? 0, o.country);
  Buffer.from(req.descriptor).copy(event, o.rdData);
  return event;
}

/** struct uhid_input2_req: u16 size, then data[4096]. */
export function encodeInput2(report: Uint8Array): Buffer {
  if (report.length > UHID_DATA_MAX) throw new RangeError('input report too long');
  const event = Buffer.alloc(UHID_EVENT_SIZE);
  event.writeUInt32LE(UHID_INPUT2, 0);
  event.writeUInt16LE(report.length, 4);
  Buffer.from(report).copy(event, 6);
  return event;
}

export function encodeDestroy(): Buffer {
  const event = Buffer.alloc(UHID_EVENT_SIZE);
  event.writeUInt32LE(UHID_DESTROY, 0);
  return event;
}

/**
 * A keypad with one 8-byte input report laid out like a boot keyboard (modifiers, reserved, six
 * key usages) but declared on a vendor-defined usage page, so the kernel makes a hidraw node for
 * it and no input device: the test's key presses never reach the machine's console.
 */
export const VENDOR_KEYPAD_DESCRIPTOR = Uint8Array.from([
  0x06, 0x00, 0xff, // Usage Page (Vendor Defined 0xFF00)
  0x09, 0x01, //       Usage (0x01)
  0xa1, 0x01, //       Collection (Application)
  0x15, 0x00, //         Logical Minimum (0)
  0x26, 0xff, 0x00, //   Logical Maximum (255)
  0x75, 0x08, //         Report Size (8)
  0x95, 0x08, //         Report Count (8)
  0x09, 0x01, //         Usage (0x01)
  0x81, 0x02, //         Input (Data, Variable, Absolute)
  0x95, 0x08, //         Report Count (8)
  0x09, 0x01, //         Usage (0x01)
  0x91, 0x02, //         Output (Data, Variable, Absolute)
  0xc0, //             End Collection
]);

/** Why a virtual device cannot be made here, or undefined when it can. */
export function uhidUnavailable(path = '/dev/uhid'): string | undefined {
  if (!existsSync(path)) return `${path} does not exist on this machine (no uhid kernel module)`;
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
  } catch {
    return `${path} exists but this user may not open it for reading and writing`;
  }
  return undefined;
}

/** One virtual HID device; destroy() removes it (closing the file would too). */
export class UhidDevice {
  private fd: number | undefined;

  private constructor(fd: number, readonly uniq: string) {
    this.fd = fd;
  }

  static create(req: Create2, path = '/dev/uhid'): UhidDevice {
    const fd = openSync(path, 'r+');
    try {
      writeAll(fd, encodeCreate2(req));
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    return new UhidDevice(fd, req.uniq);
  }

  /** Sends one input report, as if a key changed on the device. */
  input(report: Uint8Array): void {
    if (this.fd === undefined) throw new Error('virtual HID device destroyed');
    writeAll(this.fd, encodeInput2(report));
  }

  destroy(): void {
    const fd = this.fd;
    if (fd === undefined) return;
    this.fd = undefined;
    try {
      writeAll(fd, encodeDestroy());
    } finally {
      closeSync(fd);
    }
  }
}

function writeAll(fd: number, event: Buffer): void {
  const written = writeSync(fd, event);
  if (written !== event.length) throw new Error(`short write to uhid: ${written} of ${event.length} bytes`);
}

/** The /dev/hidrawN node the kernel made for the device with this uniq, once it exists. */
export function findHidraw(uniq: string, sysClass = '/sys/class/hidraw'): string | undefined {
  if (!existsSync(sysClass)) return undefined;
  for (const node of readdirSync(sysClass)) {
    try {
      const uevent = readFileSync(`${sysClass}/${node}/device/uevent`, 'utf8');
      if (uevent.split('\n').includes(`HID_UNIQ=${uniq}`)) return `/dev/${node}`;
    } catch {
      // The node went away while we looked.
    }
  }
  return undefined;
}
