import type { Transport } from '../../transport/transport.ts';
import { plainProtocol, type PlainLedProtocol } from './codec.ts';
import { PlainLedParser, type PlainLedFrame } from './parser.ts';

export interface PlainLedSimulatorOptions {
  /** The module's own address; frames for other addresses are ignored. */
  address?: number;
  protocol?: Partial<PlainLedProtocol>;
}

/** A generic serial LED module: records the text shown per area and the brightness. */
export class PlainLedSimulator {
  readonly frames: PlainLedFrame[] = [];
  readonly areas = new Map<number, string>();
  brightness: number | undefined;
  private readonly parser: PlainLedParser;
  private readonly off: () => void;

  constructor(private readonly transport: Transport, private readonly options: PlainLedSimulatorOptions = {}) {
    this.parser = new PlainLedParser(plainProtocol(options.protocol));
    this.off = transport.onData((chunk) => {
      for (const frame of this.parser.push(chunk)) this.onFrame(frame);
    });
  }

  async open(): Promise<void> {
    if (!this.transport.isOpen) await this.transport.open();
  }

  async close(): Promise<void> {
    this.off();
    if (this.transport.isOpen) await this.transport.close();
  }

  text(area = 0): string | undefined {
    return this.areas.get(area);
  }

  private onFrame(frame: PlainLedFrame): void {
    if (frame.address !== undefined && this.options.address !== undefined && frame.address !== this.options.address) return;
    this.frames.push(frame);
    if (frame.brightness !== undefined) this.brightness = frame.brightness;
    else this.areas.set(frame.area ?? 0, frame.text);
  }
}
