import { FileTransport, type FileOptions } from './file.ts';
import { HidTransport, type HidModule, type HidOptions } from './hid.ts';
import type { MemoryHub } from './memory-hub.ts';
import { SerialTransport, type SerialBinding, type SerialOptions, type SerialParity } from './serial.ts';
import { TcpTransport, type TcpOptions } from './tcp.ts';
import type { Transport, TransportFactory } from './transport.ts';

export interface SerialSpec extends Omit<SerialOptions, 'binding'> {
  type: 'serial';
}
export interface HidSpec extends Omit<HidOptions, 'loadHid'> {
  type: 'hid';
}
export interface TcpSpec extends TcpOptions {
  type: 'tcp';
}
export interface FileSpec extends FileOptions {
  type: 'file';
}
/** A named in-memory port served by a simulator through a MemoryHub (demo mode, tests). */
export interface MemorySpec {
  type: 'memory';
  name: string;
}

/** One device entry's `transport:` block in the device configuration. */
export type TransportSpec = SerialSpec | HidSpec | TcpSpec | FileSpec | MemorySpec;
export type TransportType = TransportSpec['type'];

/** What a spec cannot say in YAML: injected bindings and the demo-mode hub. */
export interface TransportContext {
  serialBinding?: SerialBinding;
  loadHid?: () => Promise<HidModule>;
  memoryHub?: MemoryHub;
}

export function createTransport(spec: TransportSpec, context: TransportContext = {}): Transport {
  switch (spec.type) {
    case 'serial': {
      const { type: _type, ...options } = spec;
      return new SerialTransport(context.serialBinding ? { ...options, binding: context.serialBinding } : options);
    }
    case 'hid': {
      const { type: _type, ...options } = spec;
      return new HidTransport(context.loadHid ? { ...options, loadHid: context.loadHid } : options);
    }
    case 'tcp': {
      const { type: _type, ...options } = spec;
      return new TcpTransport(options);
    }
    case 'file': {
      const { type: _type, ...options } = spec;
      return new FileTransport(options);
    }
    case 'memory': {
      if (!context.memoryHub) throw new Error(`memory transport "${spec.name}" needs a MemoryHub (demo mode only)`);
      return context.memoryHub.connect(spec.name);
    }
  }
}

/** What DeviceLink wants: a fresh transport for every (re)connection attempt. */
export function transportFactory(spec: TransportSpec, context: TransportContext = {}): TransportFactory {
  return () => createTransport(spec, context);
}

type Entry = Record<string, unknown>;

class SpecError extends Error {}

function num(entry: Entry, key: string, where: string, required: true): number;
function num(entry: Entry, key: string, where: string, required?: false): number | undefined;
function num(entry: Entry, key: string, where: string, required = false): number | undefined {
  const raw = entry[key];
  if (raw === undefined || raw === null) {
    if (required) throw new SpecError(`${where}.${key} is required`);
    return undefined;
  }
  // YAML authors write USB ids as "0x0483"; Number() understands hex strings.
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(value)) throw new SpecError(`${where}.${key} must be a number`);
  return value;
}

function str(entry: Entry, key: string, where: string, required: true): string;
function str(entry: Entry, key: string, where: string, required?: false): string | undefined;
function str(entry: Entry, key: string, where: string, required = false): string | undefined {
  const raw = entry[key];
  if (raw === undefined || raw === null) {
    if (required) throw new SpecError(`${where}.${key} is required`);
    return undefined;
  }
  if (typeof raw !== 'string' || raw === '') throw new SpecError(`${where}.${key} must be a non-empty string`);
  return raw;
}

function oneOf<T extends string | number>(value: T | undefined, allowed: readonly T[], what: string): T | undefined {
  if (value !== undefined && !allowed.includes(value)) throw new SpecError(`${what} must be one of ${allowed.join(', ')}`);
  return value;
}

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Checks a device entry's `transport:` block read from YAML and returns a typed spec, or throws an
 * error naming the offending field (`where` prefixes it, e.g. "devices.kiosk1.transport").
 */
export function parseTransportSpec(value: unknown, where = 'transport'): TransportSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where} must be a mapping with a "type"`);
  }
  const e = value as Entry;
  try {
    switch (e.type) {
      case 'serial':
        return defined<SerialSpec>({
          type: 'serial',
          path: str(e, 'path', where, true),
          baudRate: num(e, 'baudRate', where),
          dataBits: oneOf(num(e, 'dataBits', where), [5, 6, 7, 8] as const, `${where}.dataBits`) as SerialSpec['dataBits'],
          parity: oneOf(str(e, 'parity', where), ['none', 'even', 'odd', 'mark', 'space'], `${where}.parity`) as SerialParity | undefined,
          stopBits: oneOf(num(e, 'stopBits', where), [1, 1.5, 2], `${where}.stopBits`) as SerialSpec['stopBits'],
          rtscts: typeof e.rtscts === 'boolean' ? e.rtscts : undefined,
        });
      case 'hid': {
        const spec = defined<HidSpec>({
          type: 'hid',
          path: str(e, 'path', where),
          vendorId: num(e, 'vendorId', where),
          productId: num(e, 'productId', where),
          reportId: num(e, 'reportId', where),
          reportSize: num(e, 'reportSize', where),
        });
        if (!spec.path && (spec.vendorId === undefined || spec.productId === undefined)) {
          throw new SpecError(`${where} needs a path, or both vendorId and productId`);
        }
        return spec;
      }
      case 'tcp': {
        const port = num(e, 'port', where, true);
        if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SpecError(`${where}.port must be 1-65535`);
        return defined<TcpSpec>({
          type: 'tcp',
          host: str(e, 'host', where, true),
          port,
          connectTimeoutMs: num(e, 'connectTimeoutMs', where),
          keepAliveMs: num(e, 'keepAliveMs', where),
        });
      }
      case 'file':
        return defined<FileSpec>({
          type: 'file',
          path: str(e, 'path', where, true),
          access: oneOf(str(e, 'access', where), ['read-write', 'write-only'], `${where}.access`) as FileSpec['access'],
          readPollMs: num(e, 'readPollMs', where),
        });
      case 'memory':
        return { type: 'memory', name: str(e, 'name', where, true) };
      default:
        throw new SpecError(`${where}.type must be one of serial, hid, tcp, file, memory`);
    }
  } catch (error) {
    if (error instanceof SpecError) throw new Error(error.message);
    throw error;
  }
}
