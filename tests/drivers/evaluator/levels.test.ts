import { describe, expect, it } from 'vitest';
import { DEFAULT_EVALUATION_LEVELS, levelOf, SATISFACTION_LABELS, type EvaluationLevelMap } from '../../../drivers/evaluator/levels.ts';

describe('evaluator value → 好差评 level', () => {
  it('follows the source host by default (0 不满意, 1 no rating, 2 满意, ≥3 非常满意)', () => {
    expect([0, 1, 2, 3, 4, 9].map((v) => levelOf(v))).toEqual([
      'dissatisfied', null, 'satisfied', 'very_satisfied', 'very_satisfied', 'very_satisfied',
    ]);
    expect(levelOf(0, DEFAULT_EVALUATION_LEVELS)).toBe('dissatisfied');
  });

  it('uses a hall map for five-key evaluators, with a fallback for unknown values', () => {
    const fiveKeys: EvaluationLevelMap = {
      byValue: { '1': 'very_satisfied', '2': 'satisfied', '3': 'basic', '4': 'dissatisfied', '5': 'very_dissatisfied' },
      otherwise: null,
    };
    expect([1, 2, 3, 4, 5, 0, 6].map((v) => levelOf(v, fiveKeys))).toEqual([
      'very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied', null, null,
    ]);
  });

  it('does not treat inherited object keys as configured values', () => {
    expect(levelOf(0, { byValue: {}, otherwise: 'basic' })).toBe('basic');
  });

  it('labels the five levels in Chinese', () => {
    expect(Object.values(SATISFACTION_LABELS)).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
  });
});
