/**
 * CSV (RFC 4180) for exports and the catalogue import: UTF-8 with a byte-order mark so Excel opens
 * Chinese text correctly, CRLF line ends, fields quoted when they hold a comma, quote or line break.
 */

export const BOM = '\uFEFF';

export type Cell = string | number | boolean | null | undefined;

function field(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with an apostrophe.
 * For free text in exports (names, reasons); not for numbers.
 */
export function textCell(v: string | null | undefined): string {
  if (v === null || v === undefined) return '';
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[], withBom = true): string {
  const lines = [header.map(field).join(','), ...rows.map((r) => r.map(field).join(','))];
  return (withBom ? BOM : '') + lines.join('\r\n') + '\r\n';
}

export interface CsvRecord {
  /** Line of the file where the record starts (1-based; the header is line 1). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** Parses CSV text (a leading BOM is ignored; CRLF, LF or CR line ends). Blank lines are skipped. */
export function parseCsv(text: string): CsvRecord[] {
  const s = text.startsWith(BOM) ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let cur = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let wasQuoted = false;
  let i = 0;
  const endField = () => {
    fields.push(cur);
    cur = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };
  while (i < s.length) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          cur += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (c === '\n' || (c === '\r' && s[i + 1] !== '\n')) line++;
      cur += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (cur !== '' || wasQuoted) throw new CsvSyntaxError(line, `第 ${line} 行：引号只能出现在字段开头。`);
      quoted = true;
      wasQuoted = true;
      i++;
    } else if (c === ',') {
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      if (wasQuoted) throw new CsvSyntaxError(line, `第 ${line} 行：引号字段后只能是逗号或换行。`);
      cur += c;
      i++;
    }
  }
  if (quoted) throw new CsvSyntaxError(recordLine, `第 ${recordLine} 行起的引号没有闭合。`);
  if (cur !== '' || fields.length || wasQuoted) endRecord();
  return records;
}
