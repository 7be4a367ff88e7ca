import { accessSync, constants } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  bootKeyboardPresses,
  compileHidReportMap,
  KeyboardKeypad,
  type HidKeypadEvent,
} from '../../../drivers/caller/hid-keypad.ts';
import { HID_UNAVAILABLE, HidTransport } from '../../../drivers/transport/hid.ts';
import { findHidraw, UhidDevice, uhidUnavailable, VENDOR_KEYPAD_DESCRIPTOR } from '../transport/uhid.ts';

const unavailable = uhidUnavailable();
const cleanup: (() => unknown)[] = [];

afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

/** Polls until value() gives something, failing with what was awaited after timeoutMs. */
async function until<T>(value: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = value();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function canOpen(path: string): boolean {
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** An 8-byte report: no modifiers, reserved byte, then the usages held down. */
const report = (...usages: number[]): Uint8Array => {
  const r = new Uint8Array(8);
  r.set(usages.slice(0, 6), 2);
  return r;
};

describe('HID keypad on a real virtual device (/dev/uhid)', () => {
  it('reads key reports through HidTransport and maps them to caller actions', async (ctx) => {
    if (unavailable) {
      console.info(`skipped: HID keypad over /dev/uhid: ${unavailable}`);
      ctx.skip(unavailable);
    }
    const uniq = `hallq-test-keypad-${process.pid}-${Date.now()}`;
    const device = UhidDevice.create({ name: 'HallQ test keypad', uniq, vendor: 0x1209, product: 0x0001, descriptor: VENDOR_KEYPAD_DESCRIPTOR });
    cleanup.push(() => device.destroy());
    const path = await until(() => findHidraw(uniq), 5000, 'hidraw node for the virtual keypad');
    // udev may still be applying its rules to the new node; give it a moment before giving up.
    const allowed = await until(() => (canOpen(path) ? true : undefined), 2000, `access to ${path}`).catch(() => false);
    if (!allowed) {
      const reason = `${path} was created but this user may not open it for reading and writing`;
      console.info(`skipped: HID keypad over /dev/uhid: ${reason}`);
      ctx.skip(reason);
    }

    const transport = new HidTransport({ path });
    try {
      await transport.open();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!message.startsWith(HID_UNAVAILABLE)) throw error;
      console.info(`skipped: HID keypad over /dev/uhid: ${message}`);
      ctx.skip(message);
    }
    cleanup.push(() => transport.close());
    expect(transport.description).toBe(`hid:${path}`);

    // The same composition the device manager uses for a keyboard-style USB caller.
    const keypad = new KeyboardKeypad();
    const recallRule = compileHidReportMap([{ pattern: '00 00 3B', action: 'recall' }]);
    const events: HidKeypadEvent[] = [];
    const raw: HidKeypadEvent[] = [];
    let previous: Uint8Array | undefined;
    transport.onData((chunk) => {
      const hit = recallRule(chunk);
      if (hit) raw.push(hit);
      for (const key of bootKeyboardPresses(previous, chunk)) {
        const event = keypad.press(key);
        if (event) events.push(event);
      }
      previous = Uint8Array.from(chunk);
    });

    // F1 (call); then 0, Numpad 6, Enter (过号 by the 06 combo); then F2, which the raw rule maps.
    for (const usages of [[0x3a], [], [0x27], [], [0x5e], [], [0x28], [], [0x3b], []]) device.input(report(...usages));

    await until(() => (events.length >= 3 && raw.length >= 1 ? true : undefined), 5000, 'three keypad events from the virtual device');
    expect(events).toEqual([
      { key: 'F1', digits: '', action: 'call' },
      { key: 'Enter', digits: '06', action: 'no_show' },
      { key: 'F2', digits: '', action: 'recall' },
    ]);
    expect(raw).toEqual([{ key: '00 00 3B', digits: '', action: 'recall' }]);
  });
});
