import type { Request } from 'express';
import { z } from 'zod';
import { CatalogCsvBody, CatalogImportResult, type CatalogRowError } from '../../contract/admin.ts';
import { HallConfig, ServiceItem, type Material } from '../../contract/config.ts';
import type { HallContext } from '../context.ts';
import { CsvSyntaxError, parseCsv, toCsv, type CsvRecord } from '../stats/csv.ts';
import { saveImportedItems } from '../usecases/admin-config.ts';
import { DomainError, validationError } from '../common/errors.ts';
import { callerOf, type AddRoute, raw } from './route.ts';

/**
 * The item catalogue (事项) as CSV, UTF-8. One row per item; `steps` holds one step per line, and
 * `materials` one material per line as 名称|份数|备注 (份数 and 备注 optional), optionally followed by
 * its English texts: 名称|份数|备注|name|copies|note. The header row names the columns by field name or
 * by their Chinese label; column order is free, and the English columns may be left out.
 */
export const CATALOG_COLUMNS = [
  ['code', '事项编码'],
  ['name', '事项名称'],
  ['category', '事项类别'],
  ['department', '部门编码'],
  ['queue', '队列编码'],
  ['steps', '办理步骤'],
  ['materials', '申请材料'],
  ['statutoryDays', '法定时限(天)'],
  ['promisedDays', '承诺时限(天)'],
  ['fee', '收费标准'],
  ['phone', '咨询电话'],
  ['guide', '办事指南'],
  ['serviceMinutes', '办理时长(分钟)'],
  ['nameEn', '事项名称(英文)'],
  ['stepsEn', '办理步骤(英文)'],
  ['feeEn', '收费标准(英文)'],
  ['guideEn', '办事指南(英文)'],
  ['implementationCode', '实施编码'],
  ['retired', '已停用'],
] as const;
type Column = (typeof CATALOG_COLUMNS)[number][0];
const REQUIRED: Column[] = ['code', 'name', 'category', 'department', 'queue', 'steps', 'statutoryDays', 'promisedDays'];
const INTEGER: Column[] = ['statutoryDays', 'promisedDays', 'serviceMinutes'];
const MAX_BYTES = 2_000_000;

const lines = (s: string) => s.split(/\r\n|\r|\n/).map((l) => l.trim()).filter((l) => l !== '');

/** One material as a CSV line: 名称|份数|备注, then the English texts only when there are any. */
export function materialToLine(m: Material): string {
  const parts = [m.name, m.copies ?? '', m.note ?? ''];
  if (m.nameEn || m.copiesEn || m.noteEn) parts.push(m.nameEn ?? '', m.copiesEn ?? '', m.noteEn ?? '');
  return parts.join('|').replace(/\|+$/, '');
}

export function materialFromLine(line: string): Record<string, string> {
  const [name = '', copies = '', note = '', nameEn = '', copiesEn = '', noteEn = ''] = line.split('|').map((p) => p.trim());
  const present = Object.entries({ copies, note, nameEn, copiesEn, noteEn }).filter(([, v]) => v !== '');
  return { name, ...Object.fromEntries(present) };
}

export function catalogToCsv(items: readonly ServiceItem[]): string {
  return toCsv(
    CATALOG_COLUMNS.map(([key]) => key),
    items.map((i) => [
      i.code,
      i.name,
      i.category,
      i.department,
      i.queue,
      i.steps.join('\n'),
      i.materials.map(materialToLine).join('\n'),
      i.statutoryDays,
      i.promisedDays,
      i.fee,
      i.phone ?? '',
      i.guide ?? '',
      i.serviceMinutes,
      i.nameEn ?? '',
      (i.stepsEn ?? []).join('\n'),
      i.feeEn ?? '',
      i.guideEn ?? '',
      i.implementationCode ?? '',
      i.retired ? 'true' : 'false',
    ]),
  );
}

export interface ParsedCatalog {
  items: { row: number; item: ServiceItem }[];
  errors: CatalogRowError[];
}

/** Parses and validates every row with the ServiceItem schema; errors name the CSV row and column. */
export function parseCatalogCsv(text: string): ParsedCatalog {
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { items: [], errors: [{ row: e.line, message: e.message }] };
    throw e;
  }
  const [header, ...rows] = records;
  if (!header) return { items: [], errors: [{ row: 1, message: '文件是空的：第一行应为表头。' }] };
  const errors: CatalogRowError[] = [];
  const byName = new Map<string, Column>(CATALOG_COLUMNS.flatMap(([key, label]) => [[key.toLowerCase(), key] as const, [label, key] as const]));
  const columns = header.fields.map((h) => byName.get(h.trim().toLowerCase()) ?? byName.get(h.trim()));
  header.fields.forEach((h, i) => {
    if (!columns[i]) errors.push({ row: header.line, column: h, message: `未知的列「${h}」。` });
  });
  const seen = new Set<Column>();
  columns.forEach((c, i) => {
    if (c && seen.has(c)) errors.push({ row: header.line, column: header.fields[i]!, message: `列「${c}」重复。` });
    if (c) seen.add(c);
  });
  for (const c of REQUIRED) if (!seen.has(c)) errors.push({ row: header.line, column: c, message: `缺少必填列「${c}」。` });
  if (errors.length) return { items: [], errors };
  if (!rows.length) return { items: [], errors: [{ row: 2, message: '没有事项数据行。' }] };

  const items: ParsedCatalog['items'] = [];
  const codes = new Map<string, number>();
  for (const rec of rows) {
    if (rec.fields.length !== columns.length) {
      errors.push({ row: rec.line, message: `有 ${rec.fields.length} 个字段，表头有 ${columns.length} 列。` });
      continue;
    }
    const raw: Record<string, unknown> = {};
    const rowErrors: CatalogRowError[] = [];
    columns.forEach((c, i) => {
      const v = rec.fields[i]!.trim();
      if (!c || v === '') return;
      if (INTEGER.includes(c)) {
        raw[c] = /^-?\d+$/.test(v) ? Number(v) : v;
      } else if (c === 'steps' || c === 'stepsEn') {
        raw[c] = lines(v);
      } else if (c === 'materials') {
        raw.materials = lines(v).map(materialFromLine);
      } else if (c === 'retired') {
        const t = v.toLowerCase();
        if (['true', '1', '是', 'yes'].includes(t)) raw.retired = true;
        else if (['false', '0', '否', 'no'].includes(t)) raw.retired = false;
        else rowErrors.push({ row: rec.line, column: 'retired', message: `「${v}」应为 true/false 或 是/否。` });
      } else raw[c] = v;
    });
    const parsed = ServiceItem.strict().safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = issue.path.length ? String(issue.path[0]) : undefined;
        const where = issue.path.length > 1 ? `（第 ${Number(issue.path[1]) + 1} 项）` : '';
        rowErrors.push({ row: rec.line, ...(column ? { column } : {}), message: `${column ?? '行'}${where}: ${issue.message}` });
      }
    }
    const code = typeof raw.code === 'string' ? raw.code : undefined;
    if (code !== undefined) {
      const first = codes.get(code);
      if (first !== undefined) rowErrors.push({ row: rec.line, column: 'code', message: `事项编码 ${code} 与第 ${first} 行重复。` });
      else codes.set(code, rec.line);
    }
    if (rowErrors.length || !parsed.success) errors.push(...rowErrors);
    else items.push({ row: rec.line, item: parsed.data });
  }
  return { items, errors };
}

async function readCsvBody(req: Request): Promise<string> {
  const type = String(req.headers['content-type'] ?? '');
  if (/^application\/json/i.test(type)) {
    const parsed = CatalogCsvBody.safeParse(req.body ?? {});
    if (!parsed.success) throw validationError(parsed.error);
    return parsed.data.csv;
  }
  // route.ts admits text/csv and JSON only: text/plain is what a form on another site can send.
  if (!/^text\/csv/i.test(type)) throw new DomainError('unsupported', 'UNSUPPORTED_MEDIA_TYPE', '请以 text/csv（UTF-8）上传事项目录，或以 JSON {"csv": "..."} 提交。');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BYTES) throw new DomainError('too_large', 'BODY_TOO_LARGE', `事项目录文件超过 ${MAX_BYTES / 1_000_000} MB。`);
    chunks.push(chunk);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new DomainError('invalid', 'CSV_ENCODING', '文件不是 UTF-8 编码：在 Excel 中请选择「CSV UTF-8（逗号分隔）」另存。');
  }
}

const ImportQuery = z.strictObject({ dryRun: z.enum(['true', 'false', '1', '0']).optional() });

/** Import and export of the item catalogue as CSV (admin). */
export function catalogCsvRoutes(add: AddRoute, ctx: HallContext): void {
  add({ method: 'get', path: '/api/admin/items.csv', summary: 'The item catalogue as CSV (UTF-8 with BOM)', tag: 'admin', response: raw('text/csv'), allow: ['supervisor'] }, ({ res }) => {
    const items = ctx.engine.config.current().items;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="hallq-items.csv"');
    res.send(catalogToCsv(items));
  });

  add(
    { method: 'post', path: '/api/admin/items.csv', summary: 'Import items from CSV: every row validated, all or nothing', tag: 'admin', response: CatalogImportResult, allow: ['admin'], query: ImportQuery, accepts: ['text/csv', 'application/json'] },
    async ({ req, query, principal }): Promise<CatalogImportResult> => {
      const dryRun = query.dryRun === 'true' || query.dryRun === '1';
      const text = await readCsvBody(req);
      const { items, errors } = parseCatalogCsv(text);
      const reject = (list: CatalogRowError[]) => {
        const shown = list.slice(0, 200);
        return new DomainError('invalid', 'CSV_INVALID', `导入失败，没有写入任何事项：${shown.slice(0, 5).map((e) => `第 ${e.row} 行 ${e.message}`).join('；')}${list.length > 5 ? ` 等 ${list.length} 处错误` : ''}`, {
          errors: shown,
          total: list.length,
        });
      };
      if (errors.length) throw reject(errors);

      const cfg = ctx.engine.config.current();
      const next = [...cfg.items];
      const rowOfIndex = new Map<number, number>();
      const created: string[] = [];
      const updated: string[] = [];
      for (const { row, item } of items) {
        const at = next.findIndex((i) => i.code === item.code);
        if (at >= 0) {
          next[at] = item;
          rowOfIndex.set(at, row);
          updated.push(item.code);
        } else {
          rowOfIndex.set(next.length, row);
          next.push(item);
          created.push(item.code);
        }
      }
      const whole = HallConfig.safeParse({ ...cfg, items: next });
      if (!whole.success) {
        throw reject(
          whole.error.issues.map((i) => {
            const row = i.path[0] === 'items' && typeof i.path[1] === 'number' ? rowOfIndex.get(i.path[1]) : undefined;
            const column = i.path[0] === 'items' && i.path[2] !== undefined ? String(i.path[2]) : undefined;
            return { row: row ?? 0, ...(column ? { column } : {}), message: `${column ?? i.path.join('.')}: ${i.message}` };
          }),
        );
      }
      if (!dryRun) {
        saveImportedItems(ctx, callerOf(principal, req), whole.data, created, updated);
      }
      return { dryRun, created, updated };
    },
  );
}
