/** The five 好差评 levels (国办发〔2019〕51号), 非常满意 … 非常不满意. */
export type SatisfactionLevel = 'very_satisfied' | 'satisfied' | 'basic' | 'dissatisfied' | 'very_dissatisfied';

export const SATISFACTION_LABELS: Readonly<Record<SatisfactionLevel, string>> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  basic: '基本满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
};

/**
 * Evaluator value → level, per hall and device model, plain data. A null level means "no rating"
 * (the server decides whether that counts as a default rating).
 */
export interface EvaluationLevelMap {
  /** Keys are the decimal value sent by the evaluator ("0", "1", …). */
  byValue: Readonly<Record<string, SatisfactionLevel | null>>;
  /** Level for values not listed. */
  otherwise: SatisfactionLevel | null;
}

/**
 * Follows how the source host stored each value (§2.4): 0 → 不满意, 1 → no rating (its "default"
 * code), 2 → 满意, 3 and above → 非常满意. The source has no 基本满意 or 非常不满意; halls whose
 * evaluators have five keys configure their own map.
 */
export const DEFAULT_EVALUATION_LEVELS: EvaluationLevelMap = {
  byValue: { '0': 'dissatisfied', '1': null, '2': 'satisfied' },
  otherwise: 'very_satisfied',
};

export function levelOf(value: number, map: EvaluationLevelMap = DEFAULT_EVALUATION_LEVELS): SatisfactionLevel | null {
  const key = String(value);
  return Object.hasOwn(map.byValue, key) ? (map.byValue[key] ?? null) : map.otherwise;
}
