import type { FieldIssue } from '../../lib/validation.ts';
import { t } from '../../i18n/index.ts';

/**
 * The structured fields of the console forms (opening hours, 调休 calendar, slot caps, materials):
 * their draft (what the inputs hold, all strings), the value sent, and the checks made before sending
 * so a person sees 必填 or a wrong time beside the very input. Issue paths are the server's, relative
 * to the field (`[0].periods[1].end`, `weekly[0].days`), so a server answer lands in the same place.
 */

export type CompositeKind = 'materials' | 'weekHours' | 'hallHours' | 'slotCaps';

export interface PeriodDraft {
  start: string;
  end: string;
}
export interface WeekRowDraft {
  days: number[];
  periods: PeriodDraft[];
}
export interface MaterialDraft {
  name: string;
  copies: string;
  note: string;
  nameEn: string;
  copiesEn: string;
  noteEn: string;
}
export interface SlotCapDraft {
  start: string;
  end: string;
  cap: string;
}
export interface HallHoursDraft {
  weekly: WeekRowDraft[];
  holidays: string[];
  makeupDays: string[];
  makeupDayHours: PeriodDraft[];
}

export type CompositeDraft =
  | { composite: 'materials'; rows: MaterialDraft[] }
  | { composite: 'weekHours'; rows: WeekRowDraft[] }
  | { composite: 'slotCaps'; rows: SlotCapDraft[] }
  | { composite: 'hallHours'; hours: HallHoursDraft };

export const isComposite = (kind: string): kind is CompositeKind => kind === 'materials' || kind === 'weekHours' || kind === 'hallHours' || kind === 'slotCaps';
export const isCompositeDraft = (v: unknown): v is CompositeDraft => typeof v === 'object' && v !== null && !Array.isArray(v) && 'composite' in v;

const rec = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const periodDraft = (p: unknown): PeriodDraft => ({ start: str(rec(p).start), end: str(rec(p).end) });
const weekDraft = (w: unknown): WeekRowDraft => ({ days: list(rec(w).days).map(Number).filter((d) => d >= 1 && d <= 7), periods: list(rec(w).periods).map(periodDraft) });

export const blankMaterial = (): MaterialDraft => ({ name: '', copies: '', note: '', nameEn: '', copiesEn: '', noteEn: '' });
export const blankWeekRow = (): WeekRowDraft => ({ days: [1, 2, 3, 4, 5], periods: [{ start: '09:00', end: '12:00' }] });
export const blankSlotCap = (): SlotCapDraft => ({ start: '', end: '', cap: '' });

export function toComposite(kind: CompositeKind, v: unknown): CompositeDraft {
  switch (kind) {
    case 'materials':
      return {
        composite: 'materials',
        rows: list(v).map((m) => {
          const r = rec(m);
          return { name: str(r.name), copies: str(r.copies), note: str(r.note), nameEn: str(r.nameEn), copiesEn: str(r.copiesEn), noteEn: str(r.noteEn) };
        }),
      };
    case 'weekHours':
      return { composite: 'weekHours', rows: list(v).map(weekDraft) };
    case 'slotCaps':
      return { composite: 'slotCaps', rows: list(v).map((c) => ({ start: str(rec(c).start), end: str(rec(c).end), cap: str(rec(c).cap) })) };
    case 'hallHours': {
      const h = rec(v);
      return {
        composite: 'hallHours',
        hours: {
          weekly: list(h.weekly).map(weekDraft),
          holidays: list(h.holidays).map(String).sort(),
          makeupDays: list(h.makeupDays).map(String).sort(),
          makeupDayHours: list(h.makeupDayHours).map(periodDraft),
        },
      };
    }
  }
}

const trimmed = (s: string) => s.trim();
const periodValue = (p: PeriodDraft) => ({ start: trimmed(p.start), end: trimmed(p.end) });
const weekValue = (w: WeekRowDraft) => ({ days: [...w.days].sort((a, b) => a - b), periods: w.periods.map(periodValue) });
const blankMaterialRow = (m: MaterialDraft) => Object.values(m).every((v) => v.trim() === '');

/** The value sent to the server; `optional` turns an empty list into "absent" (a queue without hours of its own). */
export function fromComposite(d: CompositeDraft, optional: boolean): unknown {
  switch (d.composite) {
    case 'materials':
      return d.rows.filter((m) => !blankMaterialRow(m)).map((m) => {
        const out: Record<string, string> = { name: m.name.trim() };
        for (const k of ['copies', 'note', 'nameEn', 'copiesEn', 'noteEn'] as const) if (m[k].trim()) out[k] = m[k].trim();
        return out;
      });
    case 'weekHours':
      return d.rows.length === 0 && optional ? undefined : d.rows.map(weekValue);
    case 'slotCaps':
      return d.rows.map((c) => ({ start: trimmed(c.start), end: trimmed(c.end), cap: /^\d+$/.test(c.cap.trim()) ? Number(c.cap.trim()) : c.cap.trim() }));
    case 'hallHours':
      return {
        weekly: d.hours.weekly.map(weekValue),
        holidays: [...d.hours.holidays].sort(),
        makeupDays: [...d.hours.makeupDays].sort(),
        makeupDayHours: d.hours.makeupDayHours.map(periodValue),
      };
  }
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function checkPeriod(p: PeriodDraft, at: string, out: FieldIssue[]): void {
  const start = p.start.trim();
  const end = p.end.trim();
  if (!start) out.push({ path: `${at}.start`, message: t('issue.required') });
  else if (!TIME.test(start)) out.push({ path: `${at}.start`, message: t('issue.time') });
  if (!end) out.push({ path: `${at}.end`, message: t('issue.required') });
  else if (!TIME.test(end)) out.push({ path: `${at}.end`, message: t('issue.time') });
  if (TIME.test(start) && TIME.test(end) && start >= end) out.push({ path: `${at}.end`, message: t('issue.period') });
}

function checkWeek(rows: WeekRowDraft[], prefix: string, out: FieldIssue[]): void {
  rows.forEach((w, i) => {
    if (!w.days.length) out.push({ path: `${prefix}[${i}].days`, message: t('issue.days') });
    if (!w.periods.length) out.push({ path: `${prefix}[${i}].periods`, message: t('issue.periods') });
    w.periods.forEach((p, j) => checkPeriod(p, `${prefix}[${i}].periods[${j}]`, out));
  });
}

/** What is wrong before sending, in the console's language, required fields first. */
export function checkComposite(d: CompositeDraft): FieldIssue[] {
  const out: FieldIssue[] = [];
  switch (d.composite) {
    case 'materials':
      d.rows.forEach((m, i) => {
        if (blankMaterialRow(m)) return;
        if (!m.name.trim()) out.push({ path: `[${i}].name`, message: t('issue.required') });
        if ((m.copiesEn.trim() || m.noteEn.trim()) && !m.nameEn.trim()) out.push({ path: `[${i}].nameEn`, message: t('issue.englishName') });
      });
      break;
    case 'weekHours':
      checkWeek(d.rows, '', out);
      break;
    case 'slotCaps':
      d.rows.forEach((c, i) => {
        checkPeriod(c, `[${i}]`, out);
        const cap = c.cap.trim();
        if (!cap) out.push({ path: `[${i}].cap`, message: t('issue.required') });
        else if (!/^\d+$/.test(cap)) out.push({ path: `[${i}].cap`, message: t('issue.wholeNumber') });
      });
      d.rows.forEach((c, i) => {
        const clash = d.rows.findIndex((o, j) => j < i && o.start < c.end && c.start < o.end);
        if (clash >= 0 && TIME.test(c.start) && TIME.test(c.end)) out.push({ path: `[${i}].start`, message: t('issue.overlaps', { n: clash + 1 }) });
      });
      break;
    case 'hallHours':
      if (!d.hours.weekly.length) out.push({ path: 'weekly', message: t('issue.minItems') });
      checkWeek(d.hours.weekly, 'weekly', out);
      if (d.hours.makeupDays.length && !d.hours.makeupDayHours.length) out.push({ path: 'makeupDayHours', message: t('issue.makeupHours') });
      d.hours.makeupDayHours.forEach((p, j) => checkPeriod(p, `makeupDayHours[${j}]`, out));
      break;
  }
  return out;
}
