import type { WaitEstimate } from '../../contract/wait-estimate.ts';
import { t } from '../i18n.ts';

/**
 * A waiting ticket's predicted wait in the terminal's list (the server's predictor, refreshed with
 * every state read the hall's events trigger): 即将 when the call is due, else the range.
 */
export function WaitEstimateCell({ estimate }: { estimate: WaitEstimate | undefined }) {
  if (!estimate) return null;
  const text = estimate.imminent ? t('estimate.imminent') : estimate.high > estimate.low ? t('estimate.range', { low: estimate.low, high: estimate.high }) : t('estimate.about', { minutes: estimate.minutes });
  return (
    <span class="row-estimate" data-field="wait-estimate" data-imminent={estimate.imminent ? 'true' : 'false'} title={t('estimate.title')} style={{ color: estimate.imminent ? '#0a7d32' : '#5b6470', whiteSpace: 'nowrap' }}>
      {text}
    </span>
  );
}
