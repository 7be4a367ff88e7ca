import type { OnbonAreaGeometry, OnbonScreenOptions } from '../../drivers/led/onbon/driver.ts';
import type { PlainLedProtocol } from '../../drivers/led/plain/codec.ts';
import type { CutOptions } from '../../drivers/printer/escpos-adapter.ts';
import type { LayoutOptions } from '../../drivers/printer/ticket-layout.ts';
import { frameBytes, plainAddressing, type DeviceEntry } from '../../contract/devices.ts';

/**
 * A devices-file entry's options as the drivers take them: the plain LED frame, the Onbon screen's
 * reply and retry behaviour, the printer's ticket layout. Defaults stay with the drivers.
 */

/** The plain LED frame of an entry: prefix, address (as configured, else ASCII digits when given), area byte, effects, suffix. */
export function plainProtocolOf(entry: DeviceEntry): Partial<PlainLedProtocol> {
  const led = entry.led ?? {};
  const addressing = plainAddressing(entry);
  const effects: PlainLedProtocol['effects'] = {};
  for (const [name, bytes] of Object.entries(led.effects ?? {})) {
    if (bytes !== undefined) effects[name as keyof PlainLedProtocol['effects']] = frameBytes(bytes);
  }
  return {
    ...(led.prefix !== undefined ? { prefix: frameBytes(led.prefix) } : {}),
    ...(led.suffix !== undefined ? { suffix: frameBytes(led.suffix) } : {}),
    address: addressing === 'ascii' ? { kind: 'ascii', digits: led.addressDigits ?? 2 } : { kind: addressing },
    ...(led.areaByte !== undefined ? { areaByte: led.areaByte } : {}),
    ...(led.effects ? { effects } : {}),
  };
}

/** An Onbon entry's screen options: address, areas, one-way mode, reply wait, retry back-off. */
export function onbonOptionsOf(entry: DeviceEntry, areas: Record<number, OnbonAreaGeometry>): OnbonScreenOptions {
  const led = entry.led ?? {};
  return {
    screenAddress: entry.address ?? 1,
    areas,
    ...(led.oneWay ? { awaitReply: false } : {}),
    ...(led.replyTimeoutMs !== undefined ? { replyTimeoutMs: led.replyTimeoutMs } : {}),
    ...(led.retry ? { retry: led.retry } : {}),
  };
}

const CUTS: Record<'full' | 'partial' | 'none', CutOptions> = {
  full: { function: 'B', partial: false, feedUnits: 0 },
  partial: { function: 'B', partial: true, feedUnits: 0 },
  none: { function: 'none', feedLines: 4 },
};

/** A printer entry's ticket layout: paper width, cut, QR module size, how Chinese text is enlarged. */
export function layoutOf(entry: DeviceEntry): LayoutOptions {
  return {
    paperWidth: entry.paperWidth ?? 80,
    ...(entry.cut ? { cut: CUTS[entry.cut] } : {}),
    ...(entry.qrSize !== undefined ? { qr: { moduleSize: entry.qrSize } } : {}),
    ...(entry.chineseSize ? { chineseSize: entry.chineseSize } : {}),
  };
}
