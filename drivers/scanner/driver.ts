import { EventEmitter } from 'node:events';
import type { BackoffOptions, DeviceHealth } from '../core/health.ts';
import { DeviceLink } from '../core/link.ts';
import type { TransportFactory } from '../transport/transport.ts';
import { DEFAULT_FRAMING, splitAim, type ScannerFraming } from './framing.ts';
import { wedgeKeys } from './hid-wedge.ts';
import { LineAssembler, type AssembledScan } from './line-assembler.ts';

/** How the scanner talks: bytes on a (virtual) COM port, or key reports in HID keyboard mode. */
export type ScannerInterface = 'serial' | 'hid';

export interface ScannerOptions extends Partial<ScannerFraming> {
  interface?: ScannerInterface;
  backoff?: BackoffOptions;
  /** Milliseconds clock for the repeat window; injected in tests. */
  now?: () => number;
}

export interface ScanEvent {
  /** The code as scanned, without terminator or AIM identifier. May be a token: never log it. */
  code: string;
  /** The AIM symbology identifier the scanner prefixed (e.g. "]Q1"), if any. */
  aim: string | null;
  at: Date;
}

export interface ScanDrop {
  reason: 'repeat' | 'overlong' | 'untypable';
  length: number;
}

export interface ScannerEvents {
  scan: [ScanEvent];
  /** Input that was not a scan: the same code again within the repeat window, noise, keys a scanner does not type. */
  dropped: [ScanDrop];
  health: [DeviceHealth];
}

/**
 * A 2D barcode scanner (protocols.md §6). Nothing is ever written to it: in the common auto-sense
 * mode it only sends. Serial input is split at the terminator, HID keyboard reports are typed back
 * into text; both then lose the AIM prefix (when configured) and drop a repeat of the same code
 * within the repeat window, which is what a QR held under the window produces.
 */
export class ScannerDriver extends EventEmitter<ScannerEvents> {
  private readonly link: DeviceLink;
  private readonly framing: ScannerFraming;
  private readonly mode: ScannerInterface;
  private readonly now: () => number;
  private readonly lines: LineAssembler;
  private previousReport: Uint8Array | undefined;
  private typed = '';
  private untypable = 0;
  private idle: NodeJS.Timeout | undefined;
  private last: { code: string; at: number } | undefined;

  constructor(factory: TransportFactory, options: ScannerOptions = {}) {
    super();
    const { interface: mode, backoff, now, ...framing } = options;
    this.framing = { ...DEFAULT_FRAMING, ...framing };
    this.mode = mode ?? 'serial';
    this.now = now ?? Date.now;
    this.lines = new LineAssembler(this.framing);
    this.link = new DeviceLink(factory, backoff);
    this.link.on('health', (h) => this.emit('health', h));
    this.link.on('data', (chunk) => (this.mode === 'hid' ? this.onReport(chunk) : this.onBytes(chunk)));
    this.link.on('open', () => this.reset());
  }

  get health(): DeviceHealth {
    return this.link.health;
  }

  start(): void {
    this.link.start();
  }

  async stop(): Promise<void> {
    clearTimeout(this.idle);
    await this.link.stop();
  }

  private reset(): void {
    this.previousReport = undefined;
    this.typed = '';
    this.untypable = 0;
    this.lines.flush();
  }

  private onBytes(chunk: Buffer): void {
    for (const done of this.lines.push(chunk)) this.finish(done);
    if (this.framing.terminator === 'none') this.armIdle(() => this.lines.flush());
  }

  private onReport(report: Buffer): void {
    for (const key of wedgeKeys(this.previousReport, report)) {
      if (key.kind === 'char') {
        if ([...this.typed].length < this.framing.maxLength) this.typed += key.char;
        else this.untypable++;
      } else if (key.kind === 'enter' || (key.kind === 'tab' && this.framing.terminator === 'TAB')) {
        this.endTyped();
      } else if (key.kind === 'other') {
        this.untypable++;
      }
    }
    this.previousReport = Uint8Array.from(report);
    if (this.framing.terminator === 'none' && (this.typed || this.untypable)) this.armIdle(() => this.takeTyped());
  }

  private endTyped(): void {
    const done = this.takeTyped();
    if (done) this.finish(done);
  }

  private takeTyped(): AssembledScan | undefined {
    const text = this.typed;
    const bad = this.untypable;
    this.typed = '';
    this.untypable = 0;
    if (bad > 0) {
      this.emit('dropped', { reason: 'untypable', length: [...text].length + bad });
      return undefined;
    }
    return text ? { kind: 'code', text } : undefined;
  }

  private armIdle(take: () => AssembledScan | undefined): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      const done = take();
      if (done) this.finish(done);
    }, this.framing.idleMs);
    this.idle.unref?.();
  }

  private finish(done: AssembledScan): void {
    if (done.kind === 'overlong') {
      this.emit('dropped', { reason: 'overlong', length: done.length });
      return;
    }
    const { code, aim } = this.framing.stripAim ? splitAim(done.text) : { code: done.text, aim: null };
    if (!code) return;
    const at = this.now();
    if (this.last && this.last.code === code && at - this.last.at < this.framing.repeatWindowMs) {
      this.last = { code, at };
      this.emit('dropped', { reason: 'repeat', length: code.length });
      return;
    }
    this.last = { code, at };
    this.emit('scan', { code, aim, at: new Date(at) });
  }
}
