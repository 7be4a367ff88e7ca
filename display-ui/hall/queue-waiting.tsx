import type { QueueStatusView } from '../../contract/snapshot.ts';
import { t } from '../i18n/index.ts';

/** Waiting count per active queue. */
export function QueueWaiting({ queues, compact = false }: { queues: QueueStatusView[]; compact?: boolean }) {
  const active = queues.filter((q) => q.active);
  return (
    <section class={`queues${compact ? ' compact' : ''}`} data-testid="queues">
      {!compact && <h2 class="panel-title">{t('hall.waiting')}</h2>}
      <ul class="queue-list">
        {active.map((q) => (
          <li class={`queue-card${q.open ? '' : ' closed'}`} key={q.code} data-queue={q.code}>
            <span class="queue-prefix">{q.prefix}</span>
            <span class="queue-name">{q.name}</span>
            <span class="queue-waiting">{q.open || q.waiting ? t('hall.waitingN', { n: q.waiting }) : t('hall.queueClosed')}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
