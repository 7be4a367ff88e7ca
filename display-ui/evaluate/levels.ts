import type { EvaluationLevel } from '../../contract/domain.ts';

/** The five 好差评 levels, best first, as the national standard orders them. */
export const LEVELS: EvaluationLevel[] = ['very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied'];
/** Optional per-aspect ratings, sent as `dimensions` (code → level). */
export const DIMENSIONS = ['attitude', 'efficiency', 'guidance'] as const;
/** Preset reasons a citizen may tick after a 差评; sent joined as `reason`. */
export const BAD_REASONS = ['attitude', 'wait', 'notice', 'slow', 'rules', 'other'] as const;

/** 差评: the last two levels (contract/domain.ts BAD_EVALUATIONS; not imported, as that module pulls zod into the page). */
const BAD: readonly EvaluationLevel[] = ['dissatisfied', 'very_dissatisfied'];
export const isBad = (level: EvaluationLevel): boolean => BAD.includes(level);
