import { describe, expect, it } from 'vitest';
import { EvaluationLevel } from '../../../contract/domain.ts';
import { CODE_MAP_PRESETS, CodeMap, FIELD_MAP_PRESETS, FieldMap } from '../../../contract/push.ts';
import { codeOf, flatten, fromPayload, gradeOfCode, recordKeyOf, toPayload } from '../../../server/push/mapping.ts';
import { sampleRecord } from './sample-record.ts';

describe('好差评 push: code maps', () => {
  it('GB/T 39046 A.8 numbers 1 = 非常满意 … 5 = 非常不满意', () => {
    const m = CODE_MAP_PRESETS.gbt39046;
    expect(EvaluationLevel.options.map((l) => codeOf(l, m))).toEqual(['1', '2', '3', '4', '5']);
  });

  it('the reversed preset (several provincial interfaces) numbers 1 = 非常不满意 … 5 = 非常满意', () => {
    const m = CODE_MAP_PRESETS.reversed;
    expect(EvaluationLevel.options.map((l) => codeOf(l, m))).toEqual(['5', '4', '3', '2', '1']);
  });

  it('every grade survives the round trip through either preset, and the two disagree on every grade but 基本满意', () => {
    for (const m of Object.values(CODE_MAP_PRESETS)) for (const level of EvaluationLevel.options) expect(gradeOfCode(codeOf(level, m), m)).toBe(level);
    const differ = EvaluationLevel.options.filter((l) => gradeOfCode(codeOf(l, CODE_MAP_PRESETS.gbt39046), CODE_MAP_PRESETS.reversed) !== l);
    expect(differ).toEqual(['very_satisfied', 'satisfied', 'dissatisfied', 'very_dissatisfied']);
    // The same code "1" is praise under one and the worst 差评 under the other.
    expect(gradeOfCode('1', CODE_MAP_PRESETS.gbt39046)).toBe('very_satisfied');
    expect(gradeOfCode('1', CODE_MAP_PRESETS.reversed)).toBe('very_dissatisfied');
  });

  it('numeric codes compare as text (a receiver may echo 1 for "1"); an unknown code is null', () => {
    const m = CodeMap.parse({ very_satisfied: 10, satisfied: 20, basic: 30, dissatisfied: 40, very_dissatisfied: 50 });
    expect(gradeOfCode('40', m)).toBe('dissatisfied');
    expect(gradeOfCode(40, m)).toBe('dissatisfied');
    expect(gradeOfCode('7', m)).toBeNull();
  });

  it('a code map must give all five grades, each its own code', () => {
    expect(CodeMap.safeParse({ very_satisfied: '1', satisfied: '2', basic: '3', dissatisfied: '4' }).success).toBe(false);
    expect(CodeMap.safeParse({ very_satisfied: '1', satisfied: '1', basic: '3', dissatisfied: '4', very_dissatisfied: '5' }).success).toBe(false);
  });
});

describe('好差评 push: field maps', () => {
  it('the payload carries exactly the mapped fields under the receiver names, grades coded by the target', () => {
    const record = sampleRecord({ grade: 'dissatisfied', firstGrade: 'dissatisfied', reasons: ['等候太久', '态度不好'], text: '排队一小时' });
    const map = { caseNumber: 'bjbh', gradeCode: 'myddm', gradeLabel: 'myd', reasons: 'pjyy', text: 'wzpj', regionCode: 'xzqhdm', implementationCode: 'sxssbm', times: 'pjcs' };
    expect(toPayload(record, map, CODE_MAP_PRESETS.gbt39046)).toEqual({
      bjbh: 'H530102-20261201-A001',
      myddm: '4',
      myd: '不满意',
      pjyy: '等候太久；态度不好',
      wzpj: '排队一小时',
      xzqhdm: '530102',
      sxssbm: '11530102MB1234567X4000',
      pjcs: 1,
    });
    expect(toPayload(record, map, CODE_MAP_PRESETS.reversed).myddm).toBe('2');
  });

  it('reading a payload back under the same maps gives the record fields and the grade again', () => {
    for (const [name, codes] of Object.entries(CODE_MAP_PRESETS)) {
      for (const grade of EvaluationLevel.options) {
        const record = sampleRecord({ grade, firstGrade: grade });
        const payload = toPayload(record, FIELD_MAP_PRESETS.gbt39046, codes);
        const back = fromPayload(payload, FIELD_MAP_PRESETS.gbt39046, codes);
        expect(back.gradeFromCode, `${name} ${grade}`).toBe(grade);
        expect(back.caseNumber).toBe(record.caseNumber);
        expect(back.recordKey).toBe('H530102-t-0001:1');
      }
    }
  });

  it('the hallq preset sends every record field under its own name', () => {
    const flat = flatten(sampleRecord(), CODE_MAP_PRESETS.gbt39046);
    expect(toPayload(sampleRecord(), FIELD_MAP_PRESETS.hallq, CODE_MAP_PRESETS.gbt39046)).toEqual(flat);
    expect(flat).toMatchObject({ evaluator: '张*三', channelLabel: '评价器', gradeLabel: '非常满意', caseState: null, windowNo: 3 });
  });

  it('local-time fields are the hall time zone as "YYYY-MM-DD HH:mm:ss"; the ISO fields stay UTC', () => {
    const flat = flatten(sampleRecord({ at: '2026-12-01T16:05:09.000Z' }), CODE_MAP_PRESETS.gbt39046);
    expect(flat.evaluatedAt).toBe('2026-12-01T16:05:09.000Z');
    expect(flat.evaluatedAtLocal).toBe('2026-12-02 00:05:09');
    expect(flatten(sampleRecord({ at: '2026-12-01T16:05:09.000Z' }), CODE_MAP_PRESETS.gbt39046, 'Asia/Urumqi').evaluatedAtLocal).toBe('2026-12-01 22:05:09');
    expect(toPayload(sampleRecord(), FIELD_MAP_PRESETS.gbt39046, CODE_MAP_PRESETS.gbt39046).pjsj).toBe('2026-12-01 10:10:00');
  });

  it('an anonymous evaluator is 匿名, never the ticket reference', () => {
    expect(flatten(sampleRecord({ evaluator: { ref: 't-0001', nameMasked: null, idMasked: null } }), CODE_MAP_PRESETS.gbt39046).evaluator).toBe('匿名');
  });

  it('a field map names record fields only, with receiver names a JSON key can be', () => {
    expect(FieldMap.safeParse({ nosuch: 'x' }).success).toBe(false);
    expect(FieldMap.safeParse({ grade: 'has space' }).success).toBe(false);
    expect(FieldMap.safeParse({}).success).toBe(false);
    expect(FieldMap.safeParse({ grade: 'pf' }).success).toBe(true);
  });
});

describe('好差评 push: idempotency keys', () => {
  it('one key per version of a record: the same for every attempt, another for the 追评', () => {
    const first = sampleRecord();
    expect(recordKeyOf(first)).toBe('H530102-t-0001:1');
    expect(recordKeyOf({ ...first })).toBe(recordKeyOf(first));
    expect(recordKeyOf(sampleRecord({ revision: 2, times: 2 }))).toBe('H530102-t-0001:2');
    // Two halls may have the same ticket id; the record id carries the hall code.
    expect(recordKeyOf(sampleRecord({ id: 'H530103-t-0001' }))).not.toBe(recordKeyOf(first));
  });
});
