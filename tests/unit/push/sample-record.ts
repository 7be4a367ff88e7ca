import type { EvaluationRecord } from '../../../contract/evaluation.ts';

/** One evaluation record as the hall emits it (contract/evaluation.ts), for the push's unit tests. */
export function sampleRecord(over: Partial<EvaluationRecord> = {}): EvaluationRecord {
  return {
    id: 'H530102-t-0001',
    revision: 1,
    caseNumber: 'H530102-20261201-A001',
    hallCode: 'H530102',
    hallName: '五华区政务服务中心',
    regionCode: '530102',
    departmentCode: 'GA',
    departmentName: '公安局',
    itemCode: 'GA01',
    implementationCode: '11530102MB1234567X4000',
    itemName: '居民身份证换领',
    ticketId: 't-0001',
    ticketNumber: 'A001',
    day: '2026-12-01',
    window: 3,
    windowName: '3号窗口',
    staffBadge: 'YN1003',
    staffName: '李四',
    channel: 'evaluator',
    evaluator: { ref: 't-0001', nameMasked: '张*三', idMasked: null },
    at: '2026-12-01T02:10:00.000Z',
    firstAt: '2026-12-01T02:10:00.000Z',
    times: 1,
    grade: 'very_satisfied',
    firstGrade: 'very_satisfied',
    text: null,
    reasons: [],
    dimensions: null,
    servedAt: '2026-12-01T02:00:00.000Z',
    finishedAt: '2026-12-01T02:09:00.000Z',
    case: null,
    ...over,
  };
}
