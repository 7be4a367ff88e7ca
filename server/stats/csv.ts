import { CsvError, parse } from 'csv-parse/sync';

/**
 * CSV (RFC 4180) for exports and the catalogue import. Writing is a few lines here (UTF-8 with a
 * byte-order mark so Excel opens Chinese text correctly, CRLF line ends, fields quoted when they hold
 * a comma, quote or line break); reading is csv-parse, with line numbers and errors in Chinese.
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

const LINE_BREAK = /\r\n|\r|\n/g;
const breaksIn = (fields: readonly string[]) => fields.reduce((n, f) => n + (f.match(LINE_BREAK)?.length ?? 0), 0);

/**
 * Parses CSV text with csv-parse: a leading BOM is ignored, CRLF, LF or CR line ends (mixed too),
 * quoted fields may hold commas, quotes and line breaks, blank lines are skipped, rows may differ in
 * length (the caller checks). Each record carries the line it starts on, counting a CRLF inside a
 * quoted field as one line break (csv-parse's own counter counts it as two, so lines are counted here).
 */
export function parseCsv(text: string): CsvRecord[] {
  // Where the last record ended, in our count and in csv-parse's, and its count of skipped blank lines.
  let endLine = 0;
  let parserEnd = 0;
  let emptyBefore = 0;
  const startOf = (emptyLines: number) => endLine + 1 + (emptyLines - emptyBefore);
  const starts: number[] = [];
  try {
    const rows = parse(text, {
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (fields, info) => {
        const line = startOf(info.empty_lines);
        starts.push(line);
        endLine = line + breaksIn(fields);
        parserEnd = info.lines;
        emptyBefore = info.empty_lines;
        return fields;
      },
    });
    return rows.map((fields, i) => ({ line: starts[i]!, fields }));
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const empty = typeof e.empty_lines === 'number' ? e.empty_lines : emptyBefore;
    const recordLine = startOf(empty);
    // The line inside the bad record, by csv-parse's count relative to the record's start.
    const parserLine = typeof e.lines === 'number' ? e.lines : parserEnd + 1;
    const line = recordLine + Math.max(0, parserLine - (parserEnd + 1 + (empty - emptyBefore)));
    switch (e.code) {
      case 'CSV_QUOTE_NOT_CLOSED':
        throw new CsvSyntaxError(recordLine, `第 ${recordLine} 行起的引号没有闭合。`);
      case 'INVALID_OPENING_QUOTE':
        throw new CsvSyntaxError(line, `第 ${line} 行：引号只能出现在字段开头（字段内的引号请写成两个引号，并把整个字段放在引号里）。`);
      case 'CSV_INVALID_CLOSING_QUOTE':
        throw new CsvSyntaxError(line, `第 ${line} 行：引号字段后只能是逗号或换行。`);
      default:
        throw new CsvSyntaxError(line, `第 ${line} 行：CSV 格式错误（${e.code}）。`);
    }
  }
}
