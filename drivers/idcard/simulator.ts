import type { Transport } from '../transport/transport.ts';
import { commandName, Commands, decodeCommand, encodeCardRecord, encodeResponse, SW3, type SamCommand } from './codec.ts';
import { demoPhoto } from './demo-cards.ts';
import { SamFrameParser } from './parser.ts';
import { encodeTextBlock, type IdCard } from './text-block.ts';

export interface IdCardReaderSimulatorOptions {
  /**
   * What "find card" answers after a successful read while the card stays in the field:
   * 'no-card' like real readers (the card must leave the field first; protocols.md §1.4), or
   * 'found' to make the driver's de-duplication by ID number do the work. Default 'no-card'.
   */
  afterRead?: 'no-card' | 'found';
  /** The 16 bytes returned by "read SAM ID" (12 FF). */
  samId?: Uint8Array;
}

const same = (a: SamCommand, b: SamCommand) => a.cmd === b.cmd && a.para === b.para;

function defaultSamId(): Buffer {
  const d = Buffer.alloc(16);
  d[0] = 5;
  d[2] = 1;
  d.writeUInt32LE(20240601, 4);
  d.writeUInt32LE(1234567, 8);
  d.writeUInt32LE(76543210, 12);
  return d;
}

/**
 * Plays the reader's side of the SAM protocol over any Transport: the in-memory pair in tests and
 * demo mode, or a real tty. It answers with real frames, so the driver cannot tell it from a reader.
 */
export class IdCardReaderSimulator {
  private transport: Transport | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly parser = new SamFrameParser();
  private card: { card: IdCard; text: Buffer; photo: Buffer } | undefined;
  private findable = false;
  private selected = false;
  private injected: { sw3: number; remaining: number } | undefined;
  private corruptNext = false;
  /** While true the reader receives but never answers (to exercise timeouts). */
  silent = false;
  /** Every command received, in order, named like "find card (20 01)". */
  readonly received: string[] = [];
  private readonly afterRead: 'no-card' | 'found';
  private readonly samId: Buffer;

  constructor(transport?: Transport, options: IdCardReaderSimulatorOptions = {}) {
    this.afterRead = options.afterRead ?? 'no-card';
    this.samId = options.samId ? Buffer.from(options.samId) : defaultSamId();
    if (transport) this.attach(transport);
  }

  /** Serve a (new) connection; the card in the field stays where it is. */
  attach(transport: Transport): void {
    this.detach();
    this.transport = transport;
    this.parser.reset();
    this.selected = false;
    this.unsubscribe = transport.onData((chunk) => this.onBytes(chunk));
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.transport = undefined;
  }

  /** Put a card on the reader; `photo` defaults to synthetic 1024 bytes. */
  placeCard(card: IdCard, photo: Uint8Array = demoPhoto()): void {
    this.card = { card, text: encodeTextBlock(card), photo: Buffer.from(photo) };
    this.findable = true;
    this.selected = false;
  }

  removeCard(): void {
    this.card = undefined;
    this.findable = false;
    this.selected = false;
  }

  /** Answer the next `count` commands, whatever they are, with this SW3 and no data. */
  injectSamError(sw3: number, count = 1): void {
    this.injected = { sw3, remaining: count };
  }

  /** Flip the checksum of the next reply. */
  corruptNextChecksum(): void {
    this.corruptNext = true;
  }

  private onBytes(chunk: Buffer): void {
    for (const event of this.parser.push(chunk)) {
      if (event.type === 'bad-checksum') {
        this.received.push('(bad checksum)');
        this.reply(encodeResponse(SW3.checksumError));
        continue;
      }
      const decoded = decodeCommand(event.frame);
      if (!decoded.ok) continue;
      this.received.push(commandName(decoded.value));
      this.reply(this.answer(decoded.value));
    }
  }

  private answer(c: SamCommand): Buffer {
    if (this.injected && this.injected.remaining > 0) {
      const { sw3 } = this.injected;
      if (--this.injected.remaining === 0) this.injected = undefined;
      return encodeResponse(sw3);
    }
    if (same(c, Commands.resetSam)) {
      this.selected = false;
      return encodeResponse(SW3.ok);
    }
    if (same(c, Commands.samStatus)) return encodeResponse(SW3.ok);
    if (same(c, Commands.readSamId)) return encodeResponse(SW3.ok, this.samId);
    if (c.cmd === 0x61 && c.para === 0xff) return encodeResponse(c.data?.length === 1 ? SW3.ok : SW3.lengthError);
    if (same(c, Commands.findCard)) {
      // Real readers append a few payload bytes to a successful find.
      return this.card && this.findable ? encodeResponse(SW3.cardFound, Buffer.alloc(4)) : encodeResponse(SW3.noCard);
    }
    if (same(c, Commands.selectCard)) {
      if (!this.card || !this.findable) return encodeResponse(SW3.selectFailed);
      this.selected = true;
      return encodeResponse(SW3.ok, Buffer.alloc(8));
    }
    if (same(c, Commands.readText) || same(c, Commands.readTextWithFingerprint)) {
      if (!this.card || !this.selected) return encodeResponse(SW3.readFailed);
      const withFingerprint = same(c, Commands.readTextWithFingerprint);
      const data = encodeCardRecord({ text: this.card.text, photo: this.card.photo, fingerprint: Buffer.alloc(0) }, withFingerprint);
      this.selected = false;
      if (this.afterRead === 'no-card') this.findable = false;
      return encodeResponse(SW3.ok, data);
    }
    if (same(c, Commands.readAppendedAddress)) return encodeResponse(this.card ? SW3.noContent : SW3.readFailed);
    return encodeResponse(SW3.commandError);
  }

  private reply(frame: Buffer): void {
    if (this.silent) return;
    if (this.corruptNext) {
      this.corruptNext = false;
      frame[frame.length - 1] = frame[frame.length - 1]! ^ 0xff;
    }
    // A write to a link that just dropped is not the simulator's problem.
    this.transport?.write(frame).catch(() => undefined);
  }
}
