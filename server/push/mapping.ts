import { EVALUATION_LABELS, EvaluationLevel } from '../../contract/domain.ts';
import { CHANNEL_LABELS, type EvaluationRecord } from '../../contract/evaluation.ts';
import { PUSH_RECORD_FIELDS, type PushRecordField } from '../../contract/push.ts';

export type CodeMapValues = Record<string, string | number>;

/** The idempotency key of one version of a record: the same on every attempt and every 补报 of it. */
export function recordKeyOf(record: Pick<EvaluationRecord, 'id' | 'revision'>): string {
  return `${record.id}:${record.revision}`;
}

/** The receiver's 满意度代码 of a grade. */
export function codeOf(grade: EvaluationLevel, codeMap: CodeMapValues): string | number {
  const code = codeMap[grade];
  if (code === undefined) throw new Error(`the code map has no code for ${grade}`);
  return code;
}

/** The grade a receiver's code stands for (codes compared as text: "1" and 1 are the same code); null when unknown. */
export function gradeOfCode(code: unknown, codeMap: CodeMapValues): EvaluationLevel | null {
  for (const level of EvaluationLevel.options) if (codeMap[level] !== undefined && String(codeMap[level]) === String(code)) return level;
  return null;
}

const localFormats = new Map<string, Intl.DateTimeFormat>();
/** "YYYY-MM-DD HH:mm:ss" in `timeZone` (the hall's), the form most provincial interfaces take. */
export function localDateTime(iso: string, timeZone: string): string {
  let f = localFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    localFormats.set(timeZone, f);
  }
  return f.format(new Date(iso));
}

/** The record's fields under their neutral names, grades coded by the target's code map, local times in `timeZone`. */
export function flatten(record: EvaluationRecord, codeMap: CodeMapValues, timeZone = 'Asia/Shanghai'): Record<PushRecordField, unknown> {
  return {
    recordKey: recordKeyOf(record),
    recordId: record.id,
    revision: record.revision,
    caseNumber: record.caseNumber,
    channel: record.channel,
    channelLabel: CHANNEL_LABELS[record.channel],
    evaluator: record.evaluator.nameMasked ?? '匿名',
    evaluatedAt: record.at,
    evaluatedAtLocal: localDateTime(record.at, timeZone),
    firstEvaluatedAt: record.firstAt,
    firstEvaluatedAtLocal: localDateTime(record.firstAt, timeZone),
    times: record.times,
    grade: record.grade,
    gradeCode: codeOf(record.grade, codeMap),
    gradeLabel: EVALUATION_LABELS[record.grade],
    firstGradeCode: codeOf(record.firstGrade, codeMap),
    reasons: record.reasons.length ? record.reasons.join('；') : null,
    text: record.text,
    regionCode: record.regionCode,
    departmentCode: record.departmentCode,
    departmentName: record.departmentName,
    implementationCode: record.implementationCode,
    itemCode: record.itemCode,
    itemName: record.itemName,
    staffBadge: record.staffBadge,
    staffName: record.staffName,
    windowNo: record.window,
    windowName: record.windowName,
    hallCode: record.hallCode,
    hallName: record.hallName,
    caseState: record.case?.state ?? null,
    rectification: record.case?.rectification ?? null,
  };
}

/** What the receiver gets: the mapped fields only, under the receiver's names, in the field map's order. */
export function toPayload(record: EvaluationRecord, fieldMap: Record<string, string>, codeMap: CodeMapValues, timeZone = 'Asia/Shanghai'): Record<string, unknown> {
  const flat = flatten(record, codeMap, timeZone);
  const out: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(fieldMap)) {
    if (!(PUSH_RECORD_FIELDS as readonly string[]).includes(field)) throw new Error(`the field map names ${field}, which the record does not have`);
    out[name] = flat[field as PushRecordField] ?? null;
  }
  return out;
}

/** A receiver's payload read back under the record's field names (the inverse of toPayload for the mapped fields). */
export function fromPayload(payload: Record<string, unknown>, fieldMap: Record<string, string>, codeMap: CodeMapValues): Partial<Record<PushRecordField, unknown>> & { gradeFromCode?: EvaluationLevel | null } {
  const out: Partial<Record<PushRecordField, unknown>> & { gradeFromCode?: EvaluationLevel | null } = {};
  for (const [field, name] of Object.entries(fieldMap)) if (name in payload) out[field as PushRecordField] = payload[name];
  if ('gradeCode' in out) out.gradeFromCode = gradeOfCode(out.gradeCode, codeMap);
  return out;
}
