import { afterEach, describe, expect, it } from 'vitest';
import { EvaluationLevel } from '../../../contract/domain.ts';
import {
  ASCENDING_GRADE_CODES,
  EvaluationRecord,
  GBT39046_GRADE_CODES,
  gradeCode,
  gradeFromCode,
} from '../../../contract/evaluation.ts';
import { ContactBox, maskPhone } from '../../../server/auth/contact-box.ts';
import { createTestHall, STAFF, testHallConfig, type TestHall } from '../../fixtures/hall.ts';
import { kioskIssue } from './helpers.ts';

/**
 * The evaluation record as the engine builds it, the 差评 case's deadlines on the hall calendar
 * (holidays, 调休), the grade code maps in both directions, and the call-back number: sealed with
 * AES-GCM, masked for supervisors, erased when the case closes.
 */
let hall: TestHall;
afterEach(() => hall?.close());

const T1 = STAFF('T001');
const SUP = STAFF('S001');
const PUBLIC = { kind: 'public' as const, id: null };

/** Mon–Fri 09:00–17:00; 2026-10-01..07 National Day, Sunday 2026-10-11 a 调休 working day. */
function calendarHall(at: string) {
  const base = testHallConfig();
  return createTestHall({
    at,
    config: testHallConfig({
      hall: {
        ...base.hall,
        regionCode: '330106',
        hours: {
          weekly: [{ days: [1, 2, 3, 4, 5], periods: [{ start: '09:00', end: '17:00' }] }],
          holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
          makeupDays: ['2026-10-11'],
          makeupDayHours: [{ start: '09:00', end: '17:00' }],
        },
      },
      items: base.items.map((i) => (i.code === 'I1' ? { ...i, implementationCode: 'A1B2C3D4E5F6G7H8J9K0L1M2' } : i)),
    }),
  });
}

function served(h: TestHall, finish = true) {
  const t = kioskIssue(h, { item: 'I1' }).ticket;
  if (!h.engine.windows.window(1).row.staff_badge) h.engine.windows.signIn(1, 'T001', T1);
  h.engine.windows.callNext(1, T1);
  h.engine.windows.start(1, T1);
  if (finish) h.engine.windows.finish(1, 'done', null, T1);
  return t;
}

describe('the evaluation record', () => {
  it('is built from the ticket and the configuration, with the 24-character 实施编码 and the region code', () => {
    hall = calendarHall('2026-09-29T02:00:00Z'); // Tuesday 10:00
    const t = served(hall);
    const { record, caseId } = hall.engine.evaluations.rate({ ticketId: t.id, level: 'basic', channel: 'evaluator', reasons: ['等候时间长'], actor: { kind: 'device', id: 'E1' } });
    expect(caseId).toBeNull();
    expect(EvaluationRecord.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      id: `TEST-${t.id}`,
      revision: 1,
      caseNumber: `TEST-20260929-${t.number}`,
      regionCode: '330106',
      departmentCode: 'GA',
      implementationCode: 'A1B2C3D4E5F6G7H8J9K0L1M2',
      itemName: '综合咨询',
      channel: 'evaluator',
      grade: 'basic',
      firstGrade: 'basic',
      times: 1,
      reasons: ['等候时间长'],
      at: '2026-09-29T02:00:01.000Z', // the kiosk helper steps the clock one second
      case: null,
    });
    expect(record.finishedAt).not.toBeNull();
    expect(hall.engine.evaluations.record(t.id)).toEqual(record);
  });

  it('an implementation code longer than 24 characters is refused by the catalogue', () => {
    const base = testHallConfig();
    expect(() => testHallConfig({ items: base.items.map((i) => ({ ...i, implementationCode: 'X'.repeat(25) })) })).toThrow(/实施编码/);
  });

  it('maps the neutral grade to each target’s codes both ways (GB/T 39046 A.8 descending, provincial ascending)', () => {
    for (const level of EvaluationLevel.options) {
      expect(gradeFromCode(gradeCode(level, GBT39046_GRADE_CODES), GBT39046_GRADE_CODES)).toBe(level);
      expect(gradeFromCode(gradeCode(level, ASCENDING_GRADE_CODES), ASCENDING_GRADE_CODES)).toBe(level);
    }
    expect(gradeCode('very_satisfied', GBT39046_GRADE_CODES)).toBe('1');
    expect(gradeCode('very_satisfied', ASCENDING_GRADE_CODES)).toBe('5');
    expect(gradeFromCode('1', ASCENDING_GRADE_CODES)).toBe('very_dissatisfied');
    expect(gradeFromCode('9', GBT39046_GRADE_CODES)).toBeNull();
  });
});

describe('the 差评 case cycle on the hall calendar', () => {
  it('a 差评 on the eve of National Day: 回访 due the first working day after, 整改 15 working days counting the 调休 Sunday', () => {
    hall = calendarHall('2026-09-30T06:00:00Z'); // Wednesday 14:00, the last working day before the holiday
    const t = served(hall);
    const { caseId, record } = hall.engine.evaluations.rate({ ticketId: t.id, level: 'dissatisfied', channel: 'screen', actor: PUBLIC });
    const c = hall.engine.cases.get(caseId!);
    // Thu 1 and Fri 2 are holidays, Sat 3 / Sun 4 weekend, Mon 5–Wed 7 holidays: Thursday 8 at 14:00.
    expect(c.dueAt).toBe('2026-10-08T06:00:01.000Z'); // rated at 14:00:01
    // Working days after 09-30: 10-08, 09, 11 (调休), 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 26, 27 → the 15th is 10-27.
    expect(c.rectifyDueAt).toBe('2026-10-27T06:00:01.000Z');
    expect(record.case).toMatchObject({ id: caseId, state: 'open', contactDueAt: c.dueAt, rectifyDueAt: c.rectifyDueAt });
    expect(c).toMatchObject({ step: 'contact', stepDueAt: c.dueAt, overdue: false });
  });

  it('回访 → 整改 → 反馈 → 追评 → 办结: each step a new record revision, the 追评 makes times 2, the number is erased at the close', () => {
    hall = calendarHall('2026-09-29T02:00:00Z');
    const box = new ContactBox(Buffer.alloc(32, 7));
    const t = served(hall);
    const sealed = box.seal('13800138000');
    const { caseId } = hall.engine.evaluations.rate({ ticketId: t.id, level: 'very_dissatisfied', channel: 'phone', text: '态度差', actor: PUBLIC, contact: sealed });
    const id = caseId!;
    expect(hall.engine.cases.get(id).contactMasked).toBe('138****8000');
    const row = () => hall.db.prepare('SELECT contact_enc, contact_masked, contact_erased_at FROM cases WHERE id = ?').get(id) as { contact_enc: string | null; contact_masked: string | null; contact_erased_at: string | null };
    expect(box.open(row().contact_enc!)).toBe('13800138000');

    const run = <T>(fn: (tx: Parameters<Parameters<typeof hall.engine.core.run>[0]>[0]) => T) => hall.engine.core.run(fn);
    run((tx) => hall.engine.cases.contactIn(tx, id, SUP, '已电话回访'));
    expect(() => hall.engine.evaluations.rerate(t.id, 'satisfied', null, PUBLIC)).toThrow(/反馈之后/);
    run((tx) => hall.engine.cases.rectifyIn(tx, id, SUP, '窗口增设引导员'));
    run((tx) => hall.engine.cases.feedbackIn(tx, id, SUP, '已告知整改情况'));
    const rerated = hall.engine.evaluations.rerate(t.id, 'satisfied', '改进明显', PUBLIC);
    expect(rerated).toMatchObject({ times: 2, grade: 'satisfied', firstGrade: 'very_dissatisfied', text: '改进明显' });
    expect(() => hall.engine.evaluations.rerate(t.id, 'very_satisfied', null, PUBLIC)).toThrow(/追评过一次/);
    const closed = run((tx) => hall.engine.cases.resolveIn(tx, id, SUP, '办结'));
    expect(closed.state).toBe('resolved');
    expect(closed.contactMasked).toBeNull();
    expect(row()).toEqual({ contact_enc: null, contact_masked: null, contact_erased_at: closed.resolvedAt });
    expect(closed.history!.map((h) => [h.action, h.actorName ?? null])).toEqual([
      ['created', null],
      ['note', null],
      ['contacted', '督查员'],
      ['rectified', '督查员'],
      ['fed_back', '督查员'],
      ['rerated', null],
      ['resolved', '督查员'],
      ['contact_erased', null],
    ]);
    const revisions = hall.events.filter((e) => e.type === 'evaluation.recorded').map((e) => e.data.record as EvaluationRecord);
    expect(revisions.map((r) => [r.revision, r.times, r.case?.state])).toEqual([
      [1, 1, 'open'],
      [2, 1, 'contacted'],
      [3, 1, 'rectified'],
      [4, 1, 'fed_back'],
      [5, 2, 'fed_back'],
      [6, 2, 'resolved'],
    ]);
    expect(revisions.at(-1)!.case).toMatchObject({ rectification: '窗口增设引导员', closedAt: closed.resolvedAt });
    // No event ever carried the number or its ciphertext.
    const log = JSON.stringify(hall.events);
    expect(log).not.toContain('13800138000');
    expect(log).not.toContain(sealed.sealed);
  });

  it('a step past its deadline makes the case overdue: 回访 after 1 working day, 整改 after 15', () => {
    hall = calendarHall('2026-09-29T02:00:00Z'); // Tuesday 10:00
    const t = served(hall);
    const { caseId } = hall.engine.evaluations.rate({ ticketId: t.id, level: 'dissatisfied', channel: 'screen', actor: PUBLIC });
    const id = caseId!;
    hall.clock.set('2026-09-30T02:00:02Z'); // rated Tuesday 10:00:01: due Wednesday 10:00:01
    expect(hall.engine.cases.get(id)).toMatchObject({ step: 'contact', overdue: true });
    hall.engine.core.run((tx) => hall.engine.cases.contactIn(tx, id, SUP, '回访'));
    expect(hall.engine.cases.get(id)).toMatchObject({ step: 'rectify', overdue: false });
    hall.clock.set(hall.engine.cases.get(id).rectifyDueAt!);
    hall.clock.advance(1000);
    expect(hall.engine.cases.get(id)).toMatchObject({ step: 'rectify', overdue: true });
  });
});

describe('the call-back number', () => {
  it('is sealed with AES-GCM: another key or a changed byte does not open it; masked for supervisors', () => {
    const a = new ContactBox(Buffer.alloc(32, 1));
    const b = new ContactBox(Buffer.alloc(32, 2));
    const s = a.seal('13912345678');
    expect(s.sealed).not.toContain('13912345678');
    expect(a.seal('13912345678').sealed).not.toBe(s.sealed); // a fresh IV each time
    expect(a.open(s.sealed)).toBe('13912345678');
    expect(() => b.open(s.sealed)).toThrow();
    const tampered = s.sealed.slice(0, -2) + (s.sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => a.open(tampered)).toThrow();
    expect(s.masked).toBe('139****5678');
    expect(maskPhone('01088886666')).toBe('010****6666');
    expect(maskPhone('057188886666')).toBe('0571****6666');
    expect(() => new ContactBox(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
