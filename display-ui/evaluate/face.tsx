import type { EvaluationLevel } from '../../contract/domain.ts';

const MOUTHS: Record<EvaluationLevel, string> = {
  very_satisfied: 'M14 27 Q24 39 34 27',
  satisfied: 'M15 29 Q24 35 33 29',
  basic: 'M15 31 L33 31',
  dissatisfied: 'M15 33 Q24 27 33 33',
  very_dissatisfied: 'M14 35 Q24 23 34 35',
};
export const LEVEL_COLOURS: Record<EvaluationLevel, string> = {
  very_satisfied: '#1fbf6b',
  satisfied: '#7ccf3a',
  basic: '#f2c230',
  dissatisfied: '#f28a30',
  very_dissatisfied: '#e5484d',
};

/** A drawn face per level: no emoji font is needed on the tablet. */
export function Face({ level }: { level: EvaluationLevel }) {
  return (
    <svg class="eval-face" viewBox="0 0 48 48" aria-hidden="true">
      <circle cx="24" cy="24" r="22" fill={LEVEL_COLOURS[level]} />
      <circle cx="17" cy="19" r="3" fill="#1a1a1a" />
      <circle cx="31" cy="19" r="3" fill="#1a1a1a" />
      <path d={MOUTHS[level]} stroke="#1a1a1a" stroke-width="3" fill="none" stroke-linecap="round" />
    </svg>
  );
}

export function Tick() {
  return (
    <svg class="eval-done-icon" viewBox="0 0 48 48" aria-hidden="true">
      <circle cx="24" cy="24" r="22" fill="#1fbf6b" />
      <path d="M13 25 L21 33 L36 16" stroke="#fff" stroke-width="5" fill="none" stroke-linecap="round" stroke-linejoin="round" />
    </svg>
  );
}
