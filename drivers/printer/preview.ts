import { charWidth, displayWidth } from './text-width.ts';
import type { PrintedLine, PrintedTicket } from './printed.ts';

/** Widens text the way a magnified font would: each character followed by spaces. */
function widen(text: string, factor: number): string {
  if (factor <= 1) return text;
  let out = '';
  for (const ch of text) out += ch + ' '.repeat(charWidth(ch) * (factor - 1));
  return out.trimEnd();
}

/** Cuts text into rows of at most `columns`, ignoring word boundaries (URLs have none worth keeping). */
function fold(text: string, columns: number): string[] {
  const rows: string[] = [];
  let row = '';
  for (const ch of text) {
    if (displayWidth(row) + charWidth(ch) > columns) {
      rows.push(row);
      row = '';
    }
    row += ch;
  }
  return [...rows, row];
}

function place(text: string, align: PrintedLine['align'], columns: number): string {
  const free = Math.max(0, columns - displayWidth(text));
  const left = align === 'center' ? Math.floor(free / 2) : align === 'right' ? free : 0;
  return ' '.repeat(left) + text + ' '.repeat(Math.max(0, free - left));
}

/**
 * A monospace picture of a printed ticket: magnified text spaced out, QR symbols as
 * "[QR: payload]", and a cut mark. Meant for logs, test failures and people.
 */
export function ticketToText(ticket: PrintedTicket, columns = 48): string {
  const border = `+${'-'.repeat(columns)}+`;
  const rows = [border];
  for (const line of ticket.lines) {
    if (line.qr !== undefined) {
      // A long payload is folded so the picture keeps its frame.
      for (const part of fold(`[QR: ${line.qr}]`, columns)) rows.push(`|${place(part, line.align, columns)}|`);
      continue;
    }
    rows.push(`|${place(widen(line.text, line.size.width), line.align, columns)}|`);
    // A taller font takes more paper; show it so the big number stands out.
    for (let i = 1; i < line.size.height; i++) rows.push(`|${' '.repeat(columns)}|`);
  }
  rows.push(ticket.cut ? `+${'~'.repeat(Math.max(0, columns - 5))} cut +` : border);
  return rows.join('\n');
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A standalone HTML page of the ticket (big number big), for screenshots and review. */
export function ticketToHtml(ticket: PrintedTicket, columns = 48): string {
  const body = ticket.lines
    .map((line) => {
      if (line.qr !== undefined) {
        return `<div class="qr" style="text-align:${line.align}"><span>QR</span><code>${escapeHtml(line.qr)}</code></div>`;
      }
      const { width, height } = line.size;
      const style = [
        `text-align:${line.align}`,
        `font-size:${height}em`,
        `line-height:1.2`,
        line.bold ? 'font-weight:bold' : '',
      ].filter(Boolean).join(';');
      const inner = width === height
        ? escapeHtml(line.text)
        : `<span style="display:inline-block;transform:scaleX(${(width / height).toFixed(3)})">${escapeHtml(line.text)}</span>`;
      return `<div style="${style}">${inner || '&nbsp;'}</div>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>ticket preview</title>
<style>
body{background:#ddd;margin:0;padding:24px}
.ticket{background:#fff;width:${columns}ch;padding:12px;margin:auto;font-family:"Noto Sans Mono CJK SC","Sarasa Mono SC",monospace;white-space:pre;box-shadow:0 1px 4px #888}
.qr{margin:8px 0}.qr span{display:inline-block;width:96px;height:96px;border:4px double #000;line-height:96px;text-align:center;font-weight:bold}
.qr code{display:block;font-size:.8em;white-space:normal;word-break:break-all}
.cut{border-top:2px dashed #999;margin-top:12px;text-align:right;color:#999;font-size:.8em}
</style></head><body><div class="ticket">
${body}
${ticket.cut ? '<div class="cut">cut</div>' : ''}
</div></body></html>
`;
}
