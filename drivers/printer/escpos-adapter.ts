import { Adapter } from '@node-escpos/adapter';
import { Printer } from '@node-escpos/core';

/**
 * Collects what @node-escpos/core would send to a device, so a ticket is built as plain bytes and
 * the driver decides when and over which Transport they travel (and can queue, retry or preview them).
 */
export class BufferAdapter extends Adapter<[]> {
  private chunks: Buffer[] = [];

  open(callback?: (error: Error | null) => void): this {
    callback?.(null);
    return this;
  }

  write(data: Buffer | string, callback?: (error: Error | null) => void): this {
    this.chunks.push(typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data));
    callback?.(null);
    return this;
  }

  close(callback?: (error: Error | null) => void): this {
    callback?.(null);
    return this;
  }

  // A buffer has nothing to read back; status is read by the driver over the real link.
  read(): void {}

  /** Everything written so far; empties the adapter. */
  take(): Buffer {
    const out = Buffer.concat(this.chunks);
    this.chunks = [];
    return out;
  }
}

export type Align = 'left' | 'center' | 'right';

export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

export interface QrOptions {
  /** 1 or 2; model 2 is what phones expect. */
  model?: 1 | 2;
  /** Module size in dots, 1–16. */
  moduleSize?: number;
  errorLevel?: QrErrorLevel;
}

/** Cut command. Function A cuts where the paper is, so it feeds `feedLines` first; B feeds itself. */
export type CutOptions =
  | { function: 'A'; partial: boolean; feedLines?: number }
  | { function: 'B'; partial: boolean; feedUnits?: number }
  /** No cutter (tear-off printers): feed the ticket past the tear bar and send no cut. */
  | { function: 'none'; feedLines?: number };

/** Partial cut with feed-to-cutter (GS V 66 0) ⚠️: many 58 mm printers cannot cut fully. */
export const DEFAULT_CUT: CutOptions = { function: 'B', partial: true, feedUnits: 0 };

export const DEFAULT_QR: Required<QrOptions> = { model: 2, moduleSize: 6, errorLevel: 'M' };

const QR_LEVEL_BYTE: Record<QrErrorLevel, number> = { L: 48, M: 49, Q: 50, H: 51 };

/** GS ( k with cn = 49: the QR function family. */
function qrFunction(fn: number, params: readonly number[] | Uint8Array): Buffer {
  const len = params.length + 2;
  return Buffer.from([0x1d, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, fn, ...params]);
}

/** Store the payload in the symbol buffer (fn 80). Payload bytes are UTF-8, which phone scanners expect. */
export function qrStore(payload: string): Buffer {
  const data = Buffer.from(payload, 'utf8');
  // pL + 256·pH = k + 3 and must fit in two bytes; printers limit k to 7089.
  if (data.length < 1 || data.length > 7089) throw new RangeError(`QR payload must be 1–7089 bytes, got ${data.length}`);
  return qrFunction(0x50, Buffer.concat([Buffer.from([0x30]), data]));
}

/**
 * The native QR sequence (model, module size, error level, store, print). node-escpos's qrcode()
 * emits the older GS Z form that many Chinese printers ignore, so these bytes are built here.
 */
export function qrCommands(payload: string, options: QrOptions = {}): Buffer {
  const { model, moduleSize, errorLevel } = { ...DEFAULT_QR, ...options };
  if (!Number.isInteger(moduleSize) || moduleSize < 1 || moduleSize > 16) {
    throw new RangeError(`QR module size must be 1–16, got ${moduleSize}`);
  }
  return Buffer.concat([
    qrFunction(0x41, [model === 1 ? 49 : 50, 0]),
    qrFunction(0x43, [moduleSize]),
    qrFunction(0x45, [QR_LEVEL_BYTE[errorLevel]]),
    qrStore(payload),
    qrFunction(0x51, [0x30]),
  ]);
}

export function cutCommand(cut: CutOptions): Buffer {
  if (cut.function === 'none') return Buffer.alloc(0);
  if (cut.function === 'A') return Buffer.from([0x1d, 0x56, cut.partial ? 1 : 0]);
  const n = cut.feedUnits ?? 0;
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new RangeError(`cut feed must be 0–255, got ${n}`);
  return Buffer.from([0x1d, 0x56, cut.partial ? 66 : 65, n]);
}

export const CHINESE_MODE_ON = Buffer.from([0x1c, 0x26]);
export const CHINESE_MODE_OFF = Buffer.from([0x1c, 0x2e]);

/**
 * FS ! n: print mode of Chinese (two-byte) characters: bit 2 double width, bit 3 double height.
 * Printers that ignore GS ! for Chinese text size it with this (or FS W) instead ⚠️.
 */
export function kanjiModeCommand(doubleWidth: boolean, doubleHeight: boolean): Buffer {
  return Buffer.from([0x1c, 0x21, (doubleWidth ? 0x04 : 0) | (doubleHeight ? 0x08 : 0)]);
}

export function quadrupleCommand(on: boolean): Buffer {
  return Buffer.from([0x1c, 0x57, on ? 1 : 0]);
}

const ALIGN_CODE = { left: 'lt', center: 'ct', right: 'rt' } as const;

/**
 * A thin command builder: @node-escpos/core for the plain commands (init, align, size, GB18030
 * text, feed, function-A cut) and raw bytes where the library is wrong or missing (QR, FS & / FS W,
 * bold, function-B cut).
 */
export class EscposBuilder {
  private readonly adapter = new BufferAdapter();
  private readonly printer: Printer<[]>;

  constructor(encoding = 'GB18030') {
    this.printer = new Printer(this.adapter, { encoding });
  }

  init(): this {
    this.printer.hardware('init');
    return this;
  }

  chineseMode(on: boolean): this {
    return this.raw(on ? CHINESE_MODE_ON : CHINESE_MODE_OFF);
  }

  align(align: Align): this {
    this.printer.align(ALIGN_CODE[align]);
    return this;
  }

  /** Character magnification 1–8 (GS !). */
  size(width: number, height: number): this {
    this.printer.size(width, height);
    return this;
  }

  /** ESC E only: the library's style() also sends ESC 4 (italic), which is not in our printers' subset. */
  bold(on: boolean): this {
    return this.raw(Buffer.from([0x1b, 0x45, on ? 1 : 0]));
  }

  /** FS ! for Chinese characters: doubled in each direction whose magnification is 2 or more. */
  kanjiSize(width: number, height: number): this {
    return this.raw(kanjiModeCommand(width >= 2, height >= 2));
  }

  quadruple(on: boolean): this {
    return this.raw(quadrupleCommand(on));
  }

  /** One line of text, encoded with iconv-lite, terminated by LF. */
  line(text: string): this {
    this.printer.text(text);
    return this;
  }

  /** Print and feed n lines (ESC d n). */
  feedLines(n: number): this {
    if (n <= 0) return this;
    return this.raw(Buffer.from([0x1b, 0x64, Math.min(255, n)]));
  }

  qr(payload: string, options?: QrOptions): this {
    return this.raw(qrCommands(payload, options));
  }

  cut(cut: CutOptions = DEFAULT_CUT): this {
    if (cut.function === 'none') return this.feedLines(cut.feedLines ?? 4);
    if (cut.function === 'A') {
      this.printer.cut(cut.partial, cut.feedLines ?? 4);
      return this;
    }
    return this.raw(cutCommand(cut));
  }

  raw(bytes: Uint8Array): this {
    this.printer.raw(Buffer.from(bytes));
    return this;
  }

  /** The bytes built so far; the builder is empty afterwards. */
  bytes(): Uint8Array {
    // flush() hands the buffer to the adapter synchronously inside its Promise executor.
    void this.printer.flush();
    return new Uint8Array(this.adapter.take());
  }
}
