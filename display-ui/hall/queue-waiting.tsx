import type { QueueStatusView } from '../../contract/snapshot.ts';
import { t } from '../i18n/index.ts';

/** The waiting count of some queues, one queue a line, each line at the legibility rule. */
export function QueueWaiting({ queues }: { queues: QueueStatusView[] }) {
  return (
    <ul class="queue-list">
      {queues.map((q) => (
        <li class={`queue-card${q.open ? '' : ' closed'}`} key={q.code} data-queue={q.code}>
          <span class="queue-prefix">{q.prefix}</span>
          <span class="queue-name">{q.name}</span>
          <span class="queue-waiting">{q.open || q.waiting ? t('hall.waitingN', { n: q.waiting }) : t('hall.queueClosed')}</span>
        </li>
      ))}
    </ul>
  );
}

/** One line for the strip's ticker: every open queue with its waiting count. */
export function waitingLine(queues: QueueStatusView[]): string {
  const parts = queues.filter((q) => q.active).map((q) => `${q.prefix} ${q.name} ${q.open || q.waiting ? t('hall.waitingN', { n: q.waiting }) : t('hall.queueClosed')}`);
  return parts.length ? `${t('hall.waiting')}：${parts.join('　·　')}` : '';
}
