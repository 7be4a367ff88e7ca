import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { HID_UNAVAILABLE, HidTransport, type HidDevice, type HidModule } from '../../../drivers/transport/hid.ts';

class FakeHidDevice extends EventEmitter implements HidDevice {
  writes: Buffer[] = [];
  closed = false;
  async write(values: number[] | Buffer): Promise<number> {
    const b = Buffer.from(values);
    this.writes.push(b);
    return b.length;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

function fakeModule(device: FakeHidDevice, opened: unknown[][]): HidModule {
  return {
    HIDAsync: {
      open: async (...args: unknown[]) => {
        opened.push(args);
        return device;
      },
    } as HidModule['HIDAsync'],
  };
}

describe('HidTransport', () => {
  it('gives a clear message naming the package when node-hid is not installed', async () => {
    const missing = Object.assign(new Error("Cannot find package 'node-hid' imported from hid.ts"), { code: 'ERR_MODULE_NOT_FOUND' });
    const t = new HidTransport({ vendorId: 0x0483, productId: 0x5750, loadHid: () => Promise.reject(missing) });
    const error = await t.open().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain(HID_UNAVAILABLE);
    expect(error?.message).toMatch(/^HID support unavailable: install the node-hid package and libusb-1\.0-0 \(.*node-hid.*\)$/);
    expect(t.isOpen).toBe(false);
  });

  it('with the real loader, fails with that message or a device error, never anything vaguer', async () => {
    // Whether node-hid and its native library are present depends on the machine; both outcomes name the cause.
    const t = new HidTransport({ vendorId: 0xfffe, productId: 0xfffd });
    const error = await t.open().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/^(HID support unavailable: install the node-hid package and libusb-1\.0-0 \(.+\)|cannot open hid:fffe:fffd: .+)$/);
    expect(t.isOpen).toBe(false);
  });

  it('treats a native library that fails to load on first use as HID being unavailable', async () => {
    const dlopen = Object.assign(new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory'), { code: 'ERR_DLOPEN_FAILED' });
    const hid: HidModule = { HIDAsync: { open: () => Promise.reject(dlopen) } as unknown as HidModule['HIDAsync'] };
    const t = new HidTransport({ vendorId: 0x0483, productId: 0x5750, loadHid: async () => hid });
    await expect(t.open()).rejects.toThrow(/^HID support unavailable: install the node-hid package and libusb-1\.0-0 \(libusb-1\.0\.so\.0: cannot open/);
  });

  it('loads node-hid only when a HID device is opened, not when it is configured', async () => {
    let loads = 0;
    const device = new FakeHidDevice();
    const t = new HidTransport({ path: '/dev/hidraw0', loadHid: async () => (loads++, fakeModule(device, [])) });
    expect(loads).toBe(0);
    await t.open();
    expect(loads).toBe(1);
    await t.close();
  });

  it('names the device when it cannot be opened', async () => {
    const hid: HidModule = { HIDAsync: { open: () => Promise.reject(new Error('could not open device')) } as unknown as HidModule['HIDAsync'] };
    const t = new HidTransport({ path: '/dev/hidraw9', loadHid: async () => hid });
    await expect(t.open()).rejects.toThrow(/^cannot open hid:\/dev\/hidraw9: could not open device \(check that it is plugged in/);
  });

  it('gives the same message when the native library fails to load', async () => {
    const t = new HidTransport({
      path: '/dev/hidraw3',
      loadHid: () => Promise.reject(new Error('libusb-1.0.so.0: cannot open shared object file')),
    });
    await expect(t.open()).rejects.toThrow(/HID support unavailable.*libusb-1\.0\.so\.0/);
  });

  it('requires a path or both ids', () => {
    expect(() => new HidTransport({ vendorId: 1 })).toThrow(/path, or both vendorId and productId/);
  });

  it('opens by ids, prepends the report id, pads to the report size, and reports data', async () => {
    const device = new FakeHidDevice();
    const opened: unknown[][] = [];
    const t = new HidTransport({ vendorId: 0x0483, productId: 0x5750, reportId: 2, reportSize: 8, loadHid: async () => fakeModule(device, opened) });
    expect(t.description).toBe('hid:0483:5750');
    await t.open();
    expect(opened).toEqual([[0x0483, 0x5750]]);
    await t.write(Uint8Array.from([0xaa, 0xbb]));
    expect(device.writes[0]).toEqual(Buffer.from([2, 0xaa, 0xbb, 0, 0, 0, 0, 0, 0]));

    const got = new Promise<Buffer>((resolve) => t.onData(resolve));
    device.emit('data', Buffer.from([9, 8]));
    expect(await got).toEqual(Buffer.from([9, 8]));
  });

  it('uses report id 0 by default and reports an unplug (device error) as close', async () => {
    const device = new FakeHidDevice();
    const t = new HidTransport({ path: 'usb-1.2', loadHid: async () => fakeModule(device, []) });
    await t.open();
    await t.write(Uint8Array.from([7]));
    expect(device.writes[0]).toEqual(Buffer.from([0, 7]));
    const closed = new Promise<Error | undefined>((resolve) => t.onClose(resolve));
    device.emit('error', new Error('could not read from HID device'));
    expect((await closed)?.message).toMatch(/could not read/);
    expect(t.isOpen).toBe(false);
    expect(device.closed).toBe(true);
  });
});
