import type { Transport } from '../transport/transport.ts';
import { terminatorBytes, type ScanTerminator } from './framing.ts';
import { wedgeReports } from './hid-wedge.ts';

export interface SimulatedScanOptions {
  /** Prefix the AIM identifier of a QR code ("]Q1"), as scanners set to do so send it. */
  aim?: string;
  /** Split the bytes into chunks of this size, as a USB CDC port delivers them. */
  chunkSize?: number;
}

/**
 * The scanner's side of a serial link: writes codes the way a scanner in virtual-COM mode does (the
 * code, then the configured terminator). Works over any transport end: a memory pair or a pty.
 */
export class SerialScannerSimulator {
  constructor(private readonly port: Transport, private readonly terminator: ScanTerminator = 'CR') {}

  async scan(code: string, options: SimulatedScanOptions = {}): Promise<void> {
    const bytes = Buffer.concat([Buffer.from((options.aim ?? '') + code, 'utf8'), Buffer.from(terminatorBytes(this.terminator))]);
    const size = options.chunkSize ?? bytes.length;
    for (let i = 0; i < bytes.length; i += size) await this.port.write(bytes.subarray(i, i + size));
  }
}

/** The reports a scanner in HID keyboard mode sends for one code (press/release per character, then Enter). */
export function simulatedWedgeScan(code: string, options: { aim?: string; end?: 'enter' | 'tab' | 'none' } = {}): Uint8Array[] {
  return wedgeReports((options.aim ?? '') + code, options.end ?? 'enter');
}
