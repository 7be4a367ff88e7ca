import type { Transport } from '../../transport/transport.ts';
import { defaultHeader, encodeOnbonFrame, type OnbonFrame } from './codec.ts';
import { CMD_UPDATE_DYNAMIC_AREA, decodeDynamicAreaUpdate, GROUP_DYNAMIC, type DynamicAreaBlock } from './dynamic-area.ts';
import { OnbonParser } from './parser.ts';

export interface OnbonScreenSimulatorOptions {
  screenAddress?: number;
  /** Reply to every frame addressed to this screen (default true). */
  reply?: boolean;
  /** Also reply to the 0xFFFE wildcard (default false: several screens would collide). */
  replyToWildcard?: boolean;
}

export interface OnbonSimUpdate {
  area: number;
  text: string;
  displayMode: number;
}

/**
 * An Onbon controller's side of the wire: decodes frames (unescape, CRC, header, A3 06 areas and
 * GB2312 text), keeps what each dynamic area shows and replies [group, command, error code].
 */
export class OnbonScreenSimulator {
  readonly screenAddress: number;
  /** What each dynamic area currently shows. */
  readonly areas = new Map<number, DynamicAreaBlock>();
  /** Every area update in order, for asserting effects such as flashing. */
  readonly history: OnbonSimUpdate[] = [];
  /** Every frame addressed to this screen. */
  readonly frames: OnbonFrame[] = [];
  /** Frames the parser or the A3 06 decoder refused, with reasons. */
  readonly rejected: string[] = [];
  /** Error code put in replies; set it to simulate a controller failure. */
  errorCode = 0;
  private readonly parser: OnbonParser;
  private readonly off: () => void;

  constructor(private readonly transport: Transport, private readonly options: OnbonScreenSimulatorOptions = {}) {
    this.screenAddress = options.screenAddress ?? 1;
    this.parser = new OnbonParser({ onReject: (reason) => this.rejected.push(reason) });
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

  text(area: number): string | undefined {
    return this.areas.get(area)?.text;
  }

  private onFrame(frame: OnbonFrame): void {
    const wildcard = frame.header.destination === 0xfffe;
    if (frame.header.destination !== this.screenAddress && !wildcard) return;
    this.frames.push(frame);
    const group = frame.data[0] ?? 0;
    const command = frame.data[1] ?? 0;
    let code = this.errorCode;
    if (group === GROUP_DYNAMIC && command === CMD_UPDATE_DYNAMIC_AREA) {
      const decoded = decodeDynamicAreaUpdate(frame.data);
      if (!decoded.ok) {
        this.rejected.push(decoded.reason);
        code = code || 2;
      } else if (code === 0) {
        for (const id of decoded.update.deleteIds) this.areas.delete(id);
        for (const area of decoded.update.areas) {
          this.areas.set(area.id, area);
          this.history.push({ area: area.id, text: area.text, displayMode: area.displayMode });
        }
      }
    }
    const reply = (this.options.reply ?? true) && (!wildcard || this.options.replyToWildcard);
    if (!reply) return;
    const header = { ...defaultHeader(frame.header.source), source: this.screenAddress, deviceType: frame.header.deviceType };
    void this.transport.write(encodeOnbonFrame(header, Buffer.from([group, command, code]))).catch(() => undefined);
  }
}
