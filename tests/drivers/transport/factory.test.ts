import { MockBinding } from './mock-binding.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceLink } from '../../../drivers/core/link.ts';
import { createTransport, parseTransportSpec, transportFactory } from '../../../drivers/transport/factory.ts';
import { FileTransport } from '../../../drivers/transport/file.ts';
import { HidTransport } from '../../../drivers/transport/hid.ts';
import { MemoryHub } from '../../../drivers/transport/memory-hub.ts';
import type { MemoryTransport } from '../../../drivers/transport/memory.ts';
import { SerialTransport } from '../../../drivers/transport/serial.ts';
import { TcpTransport } from '../../../drivers/transport/tcp.ts';
import type { Transport } from '../../../drivers/transport/transport.ts';

afterEach(() => MockBinding.reset());

describe('parseTransportSpec', () => {
  it('accepts each type and drops absent options', () => {
    expect(parseTransportSpec({ type: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 })).toEqual({
      type: 'serial',
      path: '/dev/ttyUSB0',
      baudRate: 115200,
    });
    expect(parseTransportSpec({ type: 'hid', vendorId: '0x0483', productId: 22352 })).toEqual({
      type: 'hid',
      vendorId: 0x0483,
      productId: 22352,
    });
    expect(parseTransportSpec({ type: 'tcp', host: '127.0.0.1', port: 9100 })).toEqual({ type: 'tcp', host: '127.0.0.1', port: 9100 });
    expect(parseTransportSpec({ type: 'file', path: '/dev/usb/lp0', access: 'write-only' })).toEqual({
      type: 'file',
      path: '/dev/usb/lp0',
      access: 'write-only',
    });
    expect(parseTransportSpec({ type: 'memory', name: 'idcard' })).toEqual({ type: 'memory', name: 'idcard' });
  });

  it('names the offending field', () => {
    expect(() => parseTransportSpec({ type: 'serial' }, 'devices.reader.transport')).toThrow('devices.reader.transport.path is required');
    expect(() => parseTransportSpec({ type: 'tcp', host: 'x', port: 70000 })).toThrow('transport.port must be 1-65535');
    expect(() => parseTransportSpec({ type: 'serial', path: 'p', parity: 'weird' })).toThrow(/transport.parity must be one of/);
    expect(() => parseTransportSpec({ type: 'serial', path: 'p', baudRate: 'fast' })).toThrow('transport.baudRate must be a number');
    expect(() => parseTransportSpec({ type: 'hid', vendorId: 1 })).toThrow(/needs a path, or both/);
    expect(() => parseTransportSpec({ type: 'carrier-pigeon' })).toThrow(/type must be one of serial, hid, tcp, file, memory/);
    expect(() => parseTransportSpec('serial')).toThrow(/must be a mapping/);
  });
});

describe('createTransport', () => {
  it('builds the transport class for each type', () => {
    expect(createTransport({ type: 'serial', path: '/dev/ttyS0' })).toBeInstanceOf(SerialTransport);
    expect(createTransport({ type: 'hid', path: 'x' })).toBeInstanceOf(HidTransport);
    expect(createTransport({ type: 'tcp', host: '127.0.0.1', port: 9100 })).toBeInstanceOf(TcpTransport);
    expect(createTransport({ type: 'file', path: '/dev/usb/lp0' })).toBeInstanceOf(FileTransport);
    expect(() => createTransport({ type: 'memory', name: 'x' })).toThrow(/needs a MemoryHub/);
  });

  it('passes an injected serial binding through', async () => {
    MockBinding.createPort('/dev/ttyMOCK5');
    const t = createTransport({ type: 'serial', path: '/dev/ttyMOCK5', baudRate: 115200 }, { serialBinding: MockBinding });
    await t.open();
    expect(t.isOpen).toBe(true);
    expect(t.description).toBe('serial:/dev/ttyMOCK5@115200');
    await t.close();
  });

  it('memory specs reach a simulator through the hub, and a dropped link reconnects', async () => {
    const hub = new MemoryHub();
    const devices: Transport[] = [];
    // An echo "device": every connection gets its own device end.
    hub.serve('echo', (device) => {
      devices.push(device);
      device.onData((chunk) => void device.write(chunk));
    });
    const link = new DeviceLink(transportFactory({ type: 'memory', name: 'echo' }, { memoryHub: hub }), { initialMs: 5, maxMs: 20 });
    try {
      let opened = new Promise<void>((resolve) => link.once('open', () => resolve()));
      link.start();
      await opened;
      const echo = new Promise<string>((resolve) => link.once('data', (c) => resolve(c.toString())));
      await link.write(Buffer.from('hello'));
      expect(await echo).toBe('hello');

      opened = new Promise<void>((resolve) => link.once('open', () => resolve()));
      (devices[0] as MemoryTransport).drop(new Error('unplugged'));
      await opened;
      expect(devices).toHaveLength(2);
      const again = new Promise<string>((resolve) => link.once('data', (c) => resolve(c.toString())));
      await link.write(Buffer.from('again'));
      expect(await again).toBe('again');
    } finally {
      await link.stop();
    }
  });

  it('a memory spec with nothing serving it fails to open with a clear message', async () => {
    const t = createTransport({ type: 'memory', name: 'nobody' }, { memoryHub: new MemoryHub() });
    await expect(t.open()).rejects.toThrow('nothing serves memory:nobody');
  });
});
