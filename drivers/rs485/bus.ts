import { EventEmitter } from 'node:events';
import { Correlator } from '../core/correlator.ts';
import { DeviceLink } from '../core/link.ts';
import type { BackoffOptions, DeviceHealth } from '../core/health.ts';
import { Serialiser } from '../core/serialiser.ts';
import type { TransportFactory } from '../transport/transport.ts';
import { ackFor, expectedChecksum, FUNC_EVALUATION, type Ff68Frame } from './ff68-codec.ts';
import { Ff68Parser } from './ff68-parser.ts';
import { hexByte, toHex } from './hex.ts';

/** Keypads and evaluators may share an address, so routing is by address and role. */
export type Ff68Role = 'keypad' | 'evaluator';
export type BusLogLevel = 'debug' | 'info' | 'warn';
export type BusLogger = (level: BusLogLevel, message: string) => void;
export type Ff68Handler = (frame: Ff68Frame) => void;
export type BusWrite = (bytes: Uint8Array) => Promise<void>;

export interface Rs485BusOptions {
  /** Builds the port for each (re)connection; the bus owns reconnection through DeviceLink. */
  transport: TransportFactory;
  /** Default 20 ms. */
  interFrameGapMs?: number;
  backoff?: BackoffOptions;
  /** Smallest L accepted from devices (default 3, as the source host). */
  minLength?: number;
  /** Largest L accepted from devices (default 5, as the source host). */
  maxLength?: number;
  /** Acknowledge frames from addresses nobody registered (default false: they are only reported). */
  ackUnrouted?: boolean;
  log?: BusLogger;
}

export interface Rs485BusEvents {
  health: [DeviceHealth];
  /** After every (re)open, so drivers can restore what their devices show. */
  open: [];
  /** Every FF68 frame received that was not consumed as a reply. */
  frame: [Ff68Frame];
  unrouted: [Ff68Frame];
}

export interface Ff68RequestOptions {
  /** Names what is awaited, for the timeout message. */
  what: string;
  /** Which incoming frame is the answer; it is consumed and not routed as a device event. */
  reply: (frame: Ff68Frame) => boolean;
  /** Default 500 ms. */
  timeoutMs?: number;
}

export function roleOf(frame: Ff68Frame): Ff68Role {
  return frame.func === FUNC_EVALUATION ? 'evaluator' : 'keypad';
}

const noLog: BusLogger = () => undefined;

/**
 * One RS-485 port with many devices by address: one serialiser for the half-duplex wire, FF68
 * frames routed to the driver registered for their address and role, and every routed frame
 * acknowledged. Other protocols on the same wire (LED controllers) use transaction() and onData().
 */
export class Rs485Bus extends EventEmitter<Rs485BusEvents> {
  /** One transaction on the wire at a time; acknowledgements jump the queue. */
  private readonly wire: Serialiser;
  private readonly link: DeviceLink;
  private readonly parser: Ff68Parser;
  private readonly handlers = new Map<string, Ff68Handler>();
  private readonly dataListeners = new Set<(chunk: Buffer) => void>();
  private readonly ackUnrouted: boolean;
  private readonly log: BusLogger;
  /** Largest L the parser accepts; drivers that await echoes of 8-byte commands check it. */
  readonly maxLength: number;
  /** FF68 replies awaited by request(). */
  private readonly replies = new Correlator<Ff68Frame>();

  constructor(options: Rs485BusOptions) {
    super();
    // Every device on the bus (callers, evaluators, LED screens: up to one per address) follows its health.
    this.setMaxListeners(256);
    this.wire = new Serialiser({ gapMs: options.interFrameGapMs ?? 20 });
    this.link = new DeviceLink(options.transport, options.backoff);
    this.ackUnrouted = options.ackUnrouted ?? false;
    this.log = options.log ?? noLog;
    this.maxLength = options.maxLength ?? 5;
    this.parser = new Ff68Parser({
      minLength: options.minLength ?? 3,
      maxLength: this.maxLength,
      onGarbage: (bytes) => this.log('debug', `rs485: skipped ${bytes.length} byte(s) while looking for a frame`),
    });
    this.link.on('health', (health) => {
      if (!this.link.isOpen) this.replies.rejectAll(`rs485 link ${health.state}`);
      this.emit('health', health);
    });
    this.link.on('open', () => {
      this.parser.reset();
      this.emit('open');
    });
    this.link.on('data', (chunk) => this.onChunk(chunk));
  }

  get health(): DeviceHealth {
    return this.link.health;
  }

  get description(): string {
    return this.link.description;
  }

  get isOpen(): boolean {
    return this.link.isOpen;
  }

  start(): void {
    this.link.start();
  }

  async stop(): Promise<void> {
    this.replies.rejectAll('bus stopped');
    await this.link.stop();
  }

  /** Registers the handler for one device; returns the function that removes it. */
  attach(address: number, role: Ff68Role, handler: Ff68Handler): () => void {
    const key = `${role}:${address}`;
    if (this.handlers.has(key)) throw new Error(`${role} at address ${hexByte(address)} is already attached to this bus`);
    this.handlers.set(key, handler);
    return () => {
      if (this.handlers.get(key) === handler) this.handlers.delete(key);
    };
  }

  /** Raw bytes as they arrive, for protocols other than FF68 sharing the wire. */
  onData(listener: (chunk: Buffer) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  /** Holds the wire for fn; write() is only valid inside it. */
  transaction<T>(fn: (write: BusWrite) => Promise<T>, priority: 'normal' | 'urgent' = 'normal'): Promise<T> {
    return this.wire.run(() => fn((bytes) => this.link.write(bytes)), { priority, description: 'rs485 transaction' });
  }

  send(frame: Uint8Array): Promise<void> {
    return this.transaction((write) => write(frame));
  }

  /** Sends a frame and keeps the wire until the matching FF68 frame arrives or the timeout expires. */
  request(frame: Uint8Array, options: Ff68RequestOptions): Promise<Ff68Frame> {
    const timeoutMs = options.timeoutMs ?? 500;
    return this.transaction((write) => this.replies.request(() => write(frame), options.reply, timeoutMs, options.what));
  }

  private onChunk(chunk: Buffer): void {
    for (const listener of this.dataListeners) listener(chunk);
    for (const frame of this.parser.push(chunk)) this.onFrame(frame);
  }

  private onFrame(frame: Ff68Frame): void {
    if (!frame.checksumOk) {
      this.log('warn', `rs485: frame from ${hexByte(frame.address)} has CS ${hexByte(frame.checksum)}, expected ` +
        `${hexByte(expectedChecksum(frame))}; accepted as the original host did`);
    }
    if (this.replies.offer(frame)) return;
    this.emit('frame', frame);
    const handler = this.handlers.get(`${roleOf(frame)}:${frame.address}`);
    if (handler || this.ackUnrouted) this.acknowledge(frame);
    if (handler) handler(frame);
    else {
      this.log('info', `rs485: no ${roleOf(frame)} attached at ${hexByte(frame.address)} for ${toHex(frame.raw)}`);
      this.emit('unrouted', frame);
    }
  }

  private acknowledge(frame: Ff68Frame): void {
    const ack = ackFor(frame);
    this.transaction((write) => write(ack), 'urgent').catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      this.log('warn', `rs485: could not acknowledge ${hexByte(frame.address)}: ${reason}`);
    });
  }
}
