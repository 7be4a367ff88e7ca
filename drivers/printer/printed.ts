import iconv from 'iconv-lite';
import type { Align } from './escpos-adapter.ts';
import type { EscPosCommand } from './escpos-decoder.ts';

export interface PrintedLine {
  text: string;
  align: Align;
  /** Character magnification; FS W quadruple is shown as double in both directions. */
  size: { width: number; height: number };
  bold: boolean;
  /** Magnification of Chinese characters set with FS ! (FS W is in `size`), when not 1 × 1. */
  kanjiSize?: { width: number; height: number };
  /** Set on the line that stands for a printed QR symbol. */
  qr?: string;
}

export interface PrintedTicket {
  lines: PrintedLine[];
  qrPayloads: string[];
  /** True once a cut command ended the ticket. */
  cut: boolean;
}

interface Style {
  align: Align;
  width: number;
  height: number;
  bold: boolean;
  quadruple: boolean;
  kanjiWidth: number;
  kanjiHeight: number;
}

const INITIAL_STYLE: Style = { align: 'left', width: 1, height: 1, bold: false, quadruple: false, kanjiWidth: 1, kanjiHeight: 1 };

/**
 * Turns decoded commands into what would come out of the printer: lines with their style, QR
 * symbols, and a new ticket at every cut.
 */
export class TicketAssembler {
  readonly tickets: PrintedTicket[] = [];
  private ticket: PrintedTicket = { lines: [], qrPayloads: [], cut: false };
  private style: Style = { ...INITIAL_STYLE };
  /** Style captured at the first character of the line: alignment only applies at line start. */
  private lineStyle: Style | undefined;
  private lineBytes: Buffer[] = [];
  private qrData: Uint8Array | undefined;
  private chinese: boolean;

  constructor(
    private readonly encoding = 'GB18030',
    chineseModeAtPowerOn = true,
  ) {
    this.chinese = chineseModeAtPowerOn;
  }

  /** The ticket being printed (not yet cut). */
  get current(): PrintedTicket {
    return this.ticket;
  }

  /** Applies one command; returns the finished ticket when the command was a cut. */
  apply(cmd: EscPosCommand): PrintedTicket | undefined {
    switch (cmd.op) {
      case 'init':
        this.style = { ...INITIAL_STYLE };
        this.qrData = undefined;
        break;
      case 'align':
        this.style.align = cmd.align;
        break;
      case 'size':
        this.style.width = cmd.width;
        this.style.height = cmd.height;
        break;
      case 'mode':
        this.style.bold = cmd.bold;
        this.style.width = cmd.doubleWidth ? 2 : 1;
        this.style.height = cmd.doubleHeight ? 2 : 1;
        break;
      case 'bold':
        this.style.bold = cmd.on;
        break;
      case 'chinese':
        this.chinese = cmd.on;
        break;
      case 'quadruple':
        this.style.quadruple = cmd.on;
        break;
      case 'kanji-mode':
        this.style.kanjiWidth = cmd.doubleWidth ? 2 : 1;
        this.style.kanjiHeight = cmd.doubleHeight ? 2 : 1;
        break;
      case 'text':
        this.lineStyle ??= { ...this.style };
        this.lineBytes.push(Buffer.from(cmd.bytes));
        break;
      case 'lf':
        this.endLine();
        break;
      case 'feed': {
        const hadText = this.lineBytes.length > 0;
        this.endLine();
        for (let i = hadText ? 1 : 0; i < cmd.lines; i++) this.endLine();
        break;
      }
      case 'qr-store':
        this.qrData = cmd.data;
        break;
      case 'qr-print':
        if (this.lineBytes.length > 0) this.endLine();
        if (this.qrData) {
          const payload = Buffer.from(this.qrData).toString('utf8');
          this.ticket.qrPayloads.push(payload);
          this.ticket.lines.push({ ...this.lineOf(''), qr: payload });
        }
        break;
      case 'cut': {
        if (this.lineBytes.length > 0) this.endLine();
        const done = this.ticket;
        done.cut = true;
        this.tickets.push(done);
        this.ticket = { lines: [], qrPayloads: [], cut: false };
        return done;
      }
      default:
        break;
    }
    return undefined;
  }

  /** Forget a half-printed line and ticket (the printer lost what it was printing). */
  abandon(): void {
    this.lineBytes = [];
    this.lineStyle = undefined;
  }

  private lineOf(text: string): PrintedLine {
    const s = this.lineStyle ?? this.style;
    const q = s.quadruple ? 2 : 1;
    const kanji = s.kanjiWidth !== 1 || s.kanjiHeight !== 1 ? { kanjiSize: { width: s.kanjiWidth, height: s.kanjiHeight } } : {};
    return { text, align: s.align, size: { width: s.width * q, height: s.height * q }, bold: s.bold, ...kanji };
  }

  private endLine(): void {
    const bytes = Buffer.concat(this.lineBytes);
    // Outside Chinese mode a two-byte character prints as two single-byte code-page symbols.
    const text = this.chinese ? iconv.decode(bytes, this.encoding) : iconv.decode(bytes, 'cp437');
    this.ticket.lines.push(this.lineOf(text));
    this.lineBytes = [];
    this.lineStyle = undefined;
  }
}
