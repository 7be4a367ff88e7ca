import type { SupervisedQueue } from '../../../contract/admin.ts';
import { Badge } from '../../components/status.tsx';
import { t } from '../../i18n/index.ts';

/**
 * A queue's state in the supervision table: 未开放 outside its hours, 暂无窗口 when it is open but no
 * open window serves it (people can take numbers nobody will call), else 办理中.
 */
export function queueState(q: Pick<SupervisedQueue, 'open' | 'openWindows'>): 'closed' | 'unserved' | 'serving' {
  if (!q.open) return 'closed';
  return q.openWindows === 0 ? 'unserved' : 'serving';
}

export function QueueState({ queue }: { queue: Pick<SupervisedQueue, 'open' | 'openWindows'> }) {
  const state = queueState(queue);
  if (state === 'closed') return <Badge tone="muted">{t('sup.queueClosed')}</Badge>;
  if (state === 'unserved') return <Badge tone="warn">{t('sup.queueUnserved')}</Badge>;
  return <Badge tone="ok">{t('sup.queueOpen')}</Badge>;
}
