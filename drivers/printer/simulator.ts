import { EventEmitter } from 'node:events';
import type { Transport } from '../transport/transport.ts';
import { encodeAsb, encodeStatusReply, type StatusRequestKind, type StatusReply } from './codec.ts';
import { EscPosDecoder, type EscPosCommand } from './escpos-decoder.ts';
import { TicketAssembler, type PrintedTicket } from './printed.ts';
import { ticketToHtml, ticketToText } from './preview.ts';

export type PaperState = 'ok' | 'near-end' | 'out';

export interface PrinterSimulatorOptions {
  /** Answer DLE EOT; false imitates printers that never reply. Default true. */
  answersStatus?: boolean;
  /** Chinese mode at power-on, as many Chinese printers do. Default true. */
  chineseModeAtPowerOn?: boolean;
  encoding?: string;
  /** Columns used by toText()/toHtml(). Default 48 (80 mm). */
  columns?: number;
}

export interface PrinterSimulatorEvents {
  ticket: [PrintedTicket];
  /** Print data that arrived while the printer could not print. */
  discarded: [{ bytes: number; reason: string }];
  'status-request': [StatusRequestKind];
}

const PRINTING_OPS = new Set<EscPosCommand['op']>(['text', 'lf', 'feed', 'cut', 'qr-print', 'qr-store']);

/**
 * Plays the ticket printer's side of the wire over any Transport: interprets the ESC/POS stream
 * into printed tickets, answers DLE EOT from its paper/cover/online state, and sends ASB frames
 * when the host enabled them.
 */
export class PrinterSimulator extends EventEmitter<PrinterSimulatorEvents> {
  private readonly decoder = new EscPosDecoder();
  private readonly assembler: TicketAssembler;
  private readonly answersStatus: boolean;
  private readonly columns: number;
  private unsubscribe: (() => void)[] = [];
  private paper: PaperState = 'ok';
  private coverOpen = false;
  private offline = false;
  private asbMask = 0;
  /** Bytes of print data thrown away because the printer could not print. */
  discardedBytes = 0;
  /** Every status request received, in order (for assertions). */
  readonly statusRequests: StatusRequestKind[] = [];

  constructor(
    readonly transport: Transport,
    options: PrinterSimulatorOptions = {},
  ) {
    super();
    this.answersStatus = options.answersStatus ?? true;
    this.columns = options.columns ?? 48;
    this.assembler = new TicketAssembler(options.encoding ?? 'GB18030', options.chineseModeAtPowerOn ?? true);
  }

  /** Tickets printed and cut, in order. */
  get tickets(): readonly PrintedTicket[] {
    return this.assembler.tickets;
  }

  /** What is on the paper but not yet cut. */
  get current(): PrintedTicket {
    return this.assembler.current;
  }

  async start(): Promise<void> {
    if (!this.transport.isOpen) await this.transport.open();
    this.unsubscribe.push(this.transport.onData((chunk) => this.receive(chunk)));
  }

  async stop(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    if (this.transport.isOpen) await this.transport.close();
  }

  setPaper(state: PaperState): void {
    this.paper = state;
    this.changed();
  }

  openCover(open = true): void {
    this.coverOpen = open;
    this.changed();
  }

  setOffline(offline = true): void {
    this.offline = offline;
    this.changed();
  }

  /** Why the printer would not print right now, or undefined. */
  get blockedBy(): string | undefined {
    if (this.paper === 'out') return 'paper end';
    if (this.coverOpen) return 'cover open';
    if (this.offline) return 'offline';
    return undefined;
  }

  toText(ticket: PrintedTicket | undefined = this.tickets.at(-1) ?? this.current): string {
    return ticketToText(ticket, this.columns);
  }

  toHtml(ticket: PrintedTicket | undefined = this.tickets.at(-1) ?? this.current): string {
    return ticketToHtml(ticket, this.columns);
  }

  statusReply(n: StatusRequestKind): StatusReply {
    const paperEnd = this.paper === 'out';
    switch (n) {
      case 1:
        return { kind: 1, drawerPin3High: false, offline: this.blockedBy !== undefined, waitingOnlineRecovery: false, feedButtonPressed: false };
      case 2:
        return { kind: 2, coverOpen: this.coverOpen, feedingByButton: false, paperEndStop: paperEnd, errorOccurred: false };
      case 3:
        return { kind: 3, autocutterError: false, unrecoverableError: false, autoRecoverableError: false };
      case 4:
        return { kind: 4, nearEnd: this.paper !== 'ok', paperEnd };
    }
  }

  private receive(chunk: Buffer): void {
    let discarded = 0;
    for (const cmd of this.decoder.push(chunk)) {
      if (cmd.op === 'status-request') {
        this.statusRequests.push(cmd.n);
        this.emit('status-request', cmd.n);
        if (this.answersStatus) this.send(Uint8Array.of(encodeStatusReply(this.statusReply(cmd.n))));
        continue;
      }
      if (cmd.op === 'asb') {
        this.asbMask = cmd.mask & 0x0f;
        // Printers send the current status once when ASB is enabled.
        if (this.asbMask !== 0) this.sendAsb();
        continue;
      }
      const blocked = this.blockedBy;
      if (blocked !== undefined && PRINTING_OPS.has(cmd.op)) {
        discarded += cmd.op === 'text' ? cmd.bytes.length : 1;
        this.assembler.abandon();
        continue;
      }
      const done = this.assembler.apply(cmd);
      if (done) this.emit('ticket', done);
    }
    if (discarded > 0) {
      this.discardedBytes += discarded;
      this.emit('discarded', { bytes: discarded, reason: this.blockedBy ?? 'not ready' });
    }
  }

  private changed(): void {
    if (this.asbMask !== 0) this.sendAsb();
  }

  private sendAsb(): void {
    this.send(encodeAsb({
      drawer: false,
      offline: this.blockedBy !== undefined,
      coverOpen: this.coverOpen,
      feeding: false,
      autocutterError: false,
      unrecoverableError: false,
      autoRecoverableError: false,
      paperNearEnd: this.paper !== 'ok',
      paperEnd: this.paper === 'out',
    }));
  }

  private send(bytes: Uint8Array): void {
    if (!this.transport.isOpen) return;
    this.transport.write(bytes).catch(() => undefined);
  }
}
