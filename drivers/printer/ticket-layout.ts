import { DEFAULT_CUT, EscposBuilder, type CutOptions, type QrOptions } from './escpos-adapter.ts';
import { displayWidth, wrapText, wrapWithHangingIndent } from './text-width.ts';

export type TicketTag = 'green' | 'appointment' | 'proxy' | 'elderly' | 'assisted';

export const TAG_LABELS: Record<TicketTag, string> = {
  green: '绿色通道',
  appointment: '预约',
  proxy: '代办',
  // The care classes: a mark for the window, never the reason (disability or pregnancy) itself.
  elderly: '长者优先',
  assisted: '关爱优先',
};

export interface PrintableTicket {
  hallName: string;
  queueName: string;
  itemName?: string;
  /** e.g. "A001" */
  number: string;
  peopleAhead: number;
  estimatedWaitMinutes?: number;
  /** Already formatted in local time. */
  issuedAt: string;
  /** e.g. ["3号窗口", "5号窗口"] */
  windows: string[];
  /** Masked ID tail, e.g. "****002X"; only the last four characters are ever printed. */
  idTail?: string;
  tags: TicketTag[];
  /** 代办 by a village/township station: its name, printed under the tags. */
  proxyBy?: string;
  /** The full 一次性告知 list of materials to bring. */
  materials: string[];
  /** QR payload: where the visitor follows the queue. */
  statusUrl: string;
  /** e.g. hotline 12345, notices. */
  footer: string[];
}

export type PaperWidth = 58 | 80;

export type ChineseSize = 'gs' | 'fs' | 'both';

export const PAPER_COLUMNS: Record<PaperWidth, number> = { 58: 32, 80: 48 };

export interface LayoutOptions {
  /** Paper width in mm; 58 → 32 columns, 80 → 48 columns. Default 80. */
  paperWidth?: PaperWidth;
  /** Overrides the column count derived from paperWidth (printers with a narrower font). */
  columns?: number;
  /** Default function B partial cut with feed (GS V 66 0) ⚠️. */
  cut?: CutOptions;
  /** Default model 2, module size 6, error level M. */
  qr?: QrOptions;
  /** GS ! magnification of the ticket number, 1–8; reduced if the number would not fit. Default 4 ⚠️. */
  numberSize?: number;
  /** Also wrap the number in FS W 1 (quadruple) for printers that ignore GS ! ⚠️. Default false. */
  quadrupleNumber?: boolean;
  /**
   * How enlarged Chinese text is sized ⚠️: 'gs' sends GS ! only; 'fs' sends FS ! (double width and
   * height of Chinese characters) for printers that ignore GS ! on them, and GS ! only for the
   * ticket number (ASCII); 'both' (default) sends GS ! and then FS !.
   */
  chineseSize?: ChineseSize;
  /** Send FS & (Chinese mode on) after init. Default true. */
  chineseMode?: boolean;
  /** Text encoding for iconv-lite. Default GB18030. */
  encoding?: string;
}

interface Resolved {
  columns: number;
  cut: CutOptions;
  qr: QrOptions | undefined;
  numberSize: number;
  quadrupleNumber: boolean;
  chineseSize: ChineseSize;
  chineseMode: boolean;
  encoding: string;
}

function resolve(options: LayoutOptions): Resolved {
  const columns = options.columns ?? PAPER_COLUMNS[options.paperWidth ?? 80];
  if (!Number.isInteger(columns) || columns < 16) throw new RangeError(`paper must have at least 16 columns, got ${columns}`);
  return {
    columns,
    cut: options.cut ?? DEFAULT_CUT,
    qr: options.qr,
    numberSize: Math.max(1, Math.min(8, Math.floor(options.numberSize ?? 4))),
    quadrupleNumber: options.quadrupleNumber ?? false,
    chineseSize: options.chineseSize ?? 'both',
    chineseMode: options.chineseMode ?? true,
    encoding: options.encoding ?? 'GB18030',
  };
}

function start(o: Resolved): EscposBuilder {
  const b = new EscposBuilder(o.encoding).init();
  if (o.chineseMode) b.chineseMode(true);
  return b;
}

/** Enlarges what follows as configured: GS ! (all characters), FS ! (Chinese characters), or both. */
function enlarge(b: EscposBuilder, scale: number, o: Resolved): void {
  if (o.chineseSize !== 'fs' || scale === 1) b.size(scale, scale);
  if (o.chineseSize !== 'gs') b.kanjiSize(scale, scale);
}

/** Lines of Chinese text at a magnification, wrapped to what fits at that size. */
function sized(b: EscposBuilder, text: string, scale: number, o: Resolved): void {
  // FS ! only doubles, so with 'fs' a line is wrapped for a doubled width.
  const effective = o.chineseSize === 'fs' ? Math.min(2, scale) : scale;
  enlarge(b, scale, o);
  for (const l of wrapText(text, Math.max(4, Math.floor(o.columns / effective)))) b.line(l);
  enlarge(b, 1, o);
}

function wrapped(b: EscposBuilder, text: string, o: Resolved): void {
  for (const l of wrapText(text, o.columns)) b.line(l);
}

/** Never prints more than the last four characters of an ID number, whatever the caller passed. */
function maskedTail(idTail: string): string {
  const visible = idTail.replace(/[*\s]/g, '').slice(-4);
  return `****${visible}`;
}

export function renderTicket(ticket: PrintableTicket, options: LayoutOptions = {}): Uint8Array {
  const o = resolve(options);
  const b = start(o);
  const rule = '-'.repeat(o.columns);

  b.align('center').bold(true);
  sized(b, ticket.hallName, 2, o);
  b.bold(false);
  wrapped(b, ticket.queueName, o);
  if (ticket.itemName) wrapped(b, ticket.itemName, o);
  if (ticket.tags.length > 0) {
    b.bold(true);
    wrapped(b, ticket.tags.map((t) => `【${TAG_LABELS[t]}】`).join(''), o);
    b.bold(false);
  }
  if (ticket.proxyBy) wrapped(b, `代办站点：${ticket.proxyBy}`, o);
  b.feedLines(1);

  // The number is what people look for: as large as configured, but never wrapped.
  const scale = Math.max(1, Math.min(o.numberSize, Math.floor(o.columns / Math.max(1, displayWidth(ticket.number)))));
  b.bold(true).size(scale, scale);
  if (o.quadrupleNumber) b.quadruple(true);
  b.line(ticket.number);
  if (o.quadrupleNumber) b.quadruple(false);
  b.size(1, 1).bold(false);
  b.feedLines(1);

  wrapped(b, `前面还有 ${ticket.peopleAhead} 人等候`, o);
  if (ticket.estimatedWaitMinutes !== undefined) wrapped(b, `预计等候约 ${ticket.estimatedWaitMinutes} 分钟`, o);
  if (ticket.windows.length > 0) wrapped(b, `请留意叫号，到 ${ticket.windows.join('、')} 办理`, o);
  if (ticket.idTail) wrapped(b, `证件尾号：${maskedTail(ticket.idTail)}`, o);
  wrapped(b, `取号时间：${ticket.issuedAt}`, o);

  if (ticket.materials.length > 0) {
    b.line(rule).align('left').bold(true);
    wrapped(b, '请备齐以下材料（一次性告知）：', o);
    b.bold(false);
    ticket.materials.forEach((m, i) => {
      for (const l of wrapWithHangingIndent(`${i + 1}. `, m, o.columns)) b.line(l);
    });
    b.align('center');
  }
  b.line(rule);

  b.qr(ticket.statusUrl, o.qr);
  b.line('扫码查看排队进度');
  for (const f of ticket.footer) wrapped(b, f, o);
  b.cut(o.cut);
  return b.bytes();
}

/** A 一次性告知 / 补正 materials slip: a title and the lines as given, wrapped to the paper. */
export function renderSlip(lines: readonly string[], title: string, options: LayoutOptions = {}): Uint8Array {
  const o = resolve(options);
  const b = start(o);
  b.align('center').bold(true);
  sized(b, title, 2, o);
  b.bold(false).line('-'.repeat(o.columns)).align('left');
  for (const l of lines) {
    // Numbered items ("1. ", "2、") continue under their text, as on the ticket.
    const numbered = /^(\d+(?:\. |、|．))(.*)$/s.exec(l);
    if (numbered) for (const w of wrapWithHangingIndent(numbered[1]!, numbered[2]!, o.columns)) b.line(w);
    else wrapped(b, l, o);
  }
  b.align('center').line('-'.repeat(o.columns));
  b.cut(o.cut);
  return b.bytes();
}
