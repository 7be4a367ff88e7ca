import { EventEmitter } from 'node:events';
import { Correlator } from '../core/correlator.ts';
import { messageOf, ReplyTimeoutError } from '../core/errors.ts';
import type { BackoffOptions, DeviceHealth } from '../core/health.ts';
import { DeviceLink } from '../core/link.ts';
import { Serialiser } from '../core/serialiser.ts';
import type { TransportFactory } from '../transport/transport.ts';
import {
  commandName,
  Commands,
  decodeCardRecord,
  decodeResponse,
  describeSw3,
  encodeCommand,
  formatSamId,
  isCardStatus,
  SW3,
  type SamCommand,
  type SamResponse,
} from './codec.ts';
import { SamFrameParser, type SamParseEvent } from './parser.ts';
import { decodeTextBlock, type IdCard } from './text-block.ts';

export interface IdCardReaderOptions {
  /** Pause between "find card" polls, in ms. Default 300. */
  pollIntervalMs?: number;
  /** How long to wait for a reply, in ms. Default 1000. */
  replyTimeoutMs?: number;
  /** How long to wait for the reply to a card read, which includes the RF transfer. Default 3000. */
  readTimeoutMs?: number;
  /** Pause after a fault before re-initialising, in ms. Default 1000. */
  retryDelayMs?: number;
  /** Sent after every (re)connection. Default: SAM status (11 FF), then set max RF bytes 80 (61 FF 50). */
  initCommands?: readonly SamCommand[];
  /** Read with 30 10 (text + photo + fingerprint) instead of 30 01. Default false. */
  readFingerprint?: boolean;
  /** Reconnect back-off, when the driver builds its own DeviceLink from a factory. */
  backoff?: BackoffOptions;
}

export interface CardReadEvent {
  /** Contains the full name and ID number: never log it, mask it before it leaves the citizen's window. */
  card: IdCard;
  /** The raw WLT photo, base64. Proprietary format: store or forward, never decode. */
  photo: string;
  /** Raw fingerprint template, base64, when read with 30 10 and present on the card. */
  fingerprint?: string;
  readAt: Date;
}

/** A card in the field that could not be read (moved away, damaged, unknown type); not a device fault. */
export interface CardErrorEvent {
  reason: string;
  sw3?: number;
}

export interface IdCardReaderEvents {
  /** Once per placement of a card. */
  card: [CardReadEvent];
  /** The card that was read has left the field. */
  removed: [];
  cardError: [CardErrorEvent];
  health: [DeviceHealth];
}

/** A status that means the reader or its SAM is unwell. */
class DeviceFault extends Error {}

/**
 * Resident ID card reader over the SAM serial protocol (protocols.md §1). Keeps exactly one command
 * outstanding, polls find → select → read, and emits each card once per placement. Faults (SAM
 * errors, timeouts, corrupt replies) become health `fault(reason)`; the loop re-initialises and
 * returns to `ready` by itself. Nothing here throws into the caller except readSamId().
 */
export class IdCardReaderDriver extends EventEmitter<IdCardReaderEvents> {
  readonly link: DeviceLink;
  private readonly opts: Required<Omit<IdCardReaderOptions, 'backoff'>>;
  private readonly parser = new SamFrameParser();
  private health_: DeviceHealth = { state: 'disconnected' };
  /** The reply to the one command outstanding: the next frame (or bad frame) the parser finds. */
  private readonly replies = new Correlator<SamParseEvent>();
  /** Commands one at a time: the reader answers only the last one it was sent. */
  private readonly commands = new Serialiser();
  /** Bumped on every (re)open, close and stop; a poll loop from an older session stops. */
  private session = 0;
  private running = false;
  private presentId: string | undefined;
  private lastCardError: string | undefined;
  private sleeping: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  /** Replies that arrived when nothing was awaited (late answers after a timeout). */
  strayFrames = 0;

  constructor(linkOrFactory: DeviceLink | TransportFactory, options: IdCardReaderOptions = {}) {
    super();
    this.link = linkOrFactory instanceof DeviceLink ? linkOrFactory : new DeviceLink(linkOrFactory, options.backoff);
    this.opts = {
      pollIntervalMs: options.pollIntervalMs ?? 300,
      replyTimeoutMs: options.replyTimeoutMs ?? 1000,
      readTimeoutMs: options.readTimeoutMs ?? 3000,
      retryDelayMs: options.retryDelayMs ?? 1000,
      initCommands: options.initCommands ?? [Commands.samStatus, Commands.setMaxRfBytes(0x50)],
      readFingerprint: options.readFingerprint ?? false,
    };
    this.link.on('data', (chunk) => this.onBytes(chunk));
    this.link.on('open', () => this.beginSession());
    this.link.on('health', (h) => {
      // The link says "ready" when the port opens; the reader is ready only once its SAM answered.
      if (h.state === 'ready') return;
      this.endSession(`link ${h.state}`);
      this.setHealth(h);
    });
  }

  get health(): DeviceHealth {
    return this.health_;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.link.start();
    if (this.link.isOpen) this.beginSession();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.endSession('reader stopped');
    await this.link.stop();
  }

  /** The SAM module's ID in HslCommunication's format, e.g. "05.01-20240601-001234567-076543210". */
  async readSamId(): Promise<string> {
    const r = await this.exchange(Commands.readSamId, this.opts.replyTimeoutMs);
    if (r.sw3 !== SW3.ok) throw new Error(`${describeSw3(r.sw3)} in reply to ${commandName(Commands.readSamId)}`);
    return formatSamId(r.data);
  }

  private setHealth(health: DeviceHealth): void {
    const prev = this.health_;
    const same = prev.state === health.state && (health.state !== 'fault' || (prev.state === 'fault' && prev.reason === health.reason));
    this.health_ = health;
    if (!same) this.emit('health', health);
  }

  private beginSession(): void {
    if (!this.running) return;
    const session = ++this.session;
    this.parser.reset();
    // A reader that was unplugged forgets its card; so do we.
    this.presentId = undefined;
    this.lastCardError = undefined;
    this.setHealth({ state: 'connecting' });
    void this.run(session);
  }

  private endSession(why: string): void {
    this.session++;
    this.wakeUp();
    this.replies.rejectAll(why);
  }

  private active(session: number): boolean {
    return this.running && this.session === session;
  }

  private async run(session: number): Promise<void> {
    let initialised = false;
    while (this.active(session)) {
      try {
        if (!initialised) {
          for (const command of this.opts.initCommands) await this.expect(command, [SW3.ok]);
          initialised = true;
        }
        await this.pollOnce(session);
        if (this.active(session)) this.setHealth({ state: 'ready' });
        await this.sleep(this.opts.pollIntervalMs);
      } catch (error) {
        if (!this.active(session)) return;
        this.setHealth({ state: 'fault', reason: messageOf(error) });
        this.parser.reset();
        // The reader may have rebooted or lost its settings: start over once the pause is up.
        initialised = false;
        await this.sleep(this.opts.retryDelayMs);
      }
    }
  }

  private async pollOnce(session: number): Promise<void> {
    const find = await this.exchange(Commands.findCard, this.opts.replyTimeoutMs);
    if (find.sw3 === SW3.noCard) {
      this.lastCardError = undefined;
      if (this.presentId !== undefined) {
        this.presentId = undefined;
        this.emit('removed');
      }
      return;
    }
    if (find.sw3 !== SW3.cardFound) return this.statusProblem(find.sw3, Commands.findCard);

    const select = await this.exchange(Commands.selectCard, this.opts.replyTimeoutMs);
    if (select.sw3 !== SW3.ok) return this.statusProblem(select.sw3, Commands.selectCard);

    const readCommand = this.opts.readFingerprint ? Commands.readTextWithFingerprint : Commands.readText;
    const read = await this.exchange(readCommand, this.opts.readTimeoutMs);
    if (read.sw3 !== SW3.ok) return this.statusProblem(read.sw3, readCommand);

    const record = decodeCardRecord(read.data, this.opts.readFingerprint);
    if (!record.ok) throw new DeviceFault(`malformed reply to ${commandName(readCommand)}: ${record.error}`);
    const card = decodeTextBlock(record.value.text);
    if (!card.ok) return this.cardError(`${commandName(readCommand)}: ${card.error}`);
    if (!this.active(session)) return;

    const key = 'idNumber' in card.value ? card.value.idNumber : card.value.cardNumber;
    // Readers differ on whether a card that stays in the field is found again; never report it twice.
    if (this.presentId === key) return;
    this.presentId = key;
    this.lastCardError = undefined;
    const fingerprint = record.value.fingerprint;
    this.emit('card', {
      card: card.value,
      photo: record.value.photo.toString('base64'),
      ...(fingerprint && fingerprint.length > 0 ? { fingerprint: fingerprint.toString('base64') } : {}),
      readAt: new Date(),
    });
  }

  /** Card trouble is reported as an event (once until it changes); anything else is a device fault. */
  private statusProblem(sw3: number, command: SamCommand): void {
    const reason = `${describeSw3(sw3)} in reply to ${commandName(command)}`;
    if (!isCardStatus(sw3)) throw new DeviceFault(reason);
    this.cardError(reason, sw3);
  }

  private cardError(reason: string, sw3?: number): void {
    if (this.lastCardError === reason) return;
    this.lastCardError = reason;
    this.emit('cardError', sw3 === undefined ? { reason } : { reason, sw3 });
  }

  private async expect(command: SamCommand, ok: number[]): Promise<SamResponse> {
    const r = await this.exchange(command, this.opts.replyTimeoutMs);
    if (!ok.includes(r.sw3)) throw new DeviceFault(`${describeSw3(r.sw3)} in reply to ${commandName(command)}`);
    return r;
  }

  /** Sends one command and waits for its reply; callers queue so only one is ever outstanding. */
  private exchange(command: SamCommand, timeoutMs: number): Promise<SamResponse> {
    return this.commands.run(() => this.transact(command, timeoutMs), { description: commandName(command) });
  }

  private async transact(command: SamCommand, timeoutMs: number): Promise<SamResponse> {
    const name = commandName(command);
    if (!this.link.isOpen) throw new Error(`reader not connected, cannot send ${name}`);
    const event = await this.replies
      .request(
        () => this.link.write(encodeCommand(command)),
        () => true,
        timeoutMs,
        `the reply to ${name}`,
        (error) => new Error(`cannot send ${name}: ${messageOf(error)}`),
      )
      .catch((error: unknown) => {
        // Whatever half-frame arrived belongs to the reply we gave up on.
        if (error instanceof ReplyTimeoutError) this.parser.reset();
        throw error;
      });
    if (event.type === 'bad-checksum') throw new Error(`bad checksum in the reply to ${name}`);
    const r = decodeResponse(event.frame);
    if (!r.ok) throw new Error(`unreadable reply to ${name}: ${r.error}`);
    return r.value;
  }

  private onBytes(chunk: Buffer): void {
    for (const event of this.parser.push(chunk)) {
      // Replies that arrive when nothing is awaited are late answers to a command that timed out.
      if (!this.replies.offer(event) && event.type === 'frame') this.strayFrames++;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        if (this.sleeping?.timer === timer) this.sleeping = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleeping = { timer, wake };
    });
  }

  private wakeUp(): void {
    this.sleeping?.wake();
  }
}
