import { effect, signal } from '@preact/signals';
import { api } from '../../ui-kit/api.ts';
import { QueuesStatus } from '../../contract/responses.ts';
import type { WaitEstimate } from '../../contract/wait-estimate.ts';
import { t } from '../i18n/index.ts';
import type { Kiosk } from '../store.ts';

/** A predicted wait as a citizen reads it: 即将叫号, 约 10–15 分钟, or the bare minutes from a server without ranges. */
export function waitText(estimate: WaitEstimate | null | undefined, fallbackMinutes = 0): string {
  if (!estimate) return t('common.minutes', { minutes: fallbackMinutes });
  if (estimate.imminent) return t('wait.imminent');
  if (estimate.high > estimate.low) return t('wait.range', { low: estimate.low, high: estimate.high });
  return t('wait.about', { minutes: estimate.minutes });
}

export function WaitEstimateText({ estimate, fallback }: { estimate: WaitEstimate | null | undefined; fallback?: number }) {
  return (
    <span class="wait-estimate" data-field="wait-estimate" data-imminent={estimate?.imminent ? 'true' : 'false'} style={estimate?.imminent ? { color: '#0a7d32', fontWeight: 700 } : undefined}>
      {waitText(estimate, fallback)}
    </span>
  );
}

/**
 * Each queue's estimate for a newcomer, kept fresh: the hall snapshot's waiting counts change with
 * every issue and call, and each change re-reads /api/queues/status (reads arriving meanwhile fold
 * into one more), so the kiosk shows the predictor's current answer without polling.
 */
export class QueueEstimates {
  readonly byQueue = signal<Map<string, WaitEstimate>>(new Map());
  private loading = false;
  private again = false;
  private watching: (() => void) | undefined;

  constructor(private readonly read: () => Promise<QueuesStatus> = () => api('/api/queues/status', QueuesStatus)) {}

  watch(k: Kiosk): void {
    if (this.watching) return;
    this.watching = effect(() => {
      void k.queueStatus.value;
      void this.refresh();
    });
  }

  async refresh(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return;
    }
    this.loading = true;
    try {
      do {
        this.again = false;
        try {
          const s = await this.read();
          this.byQueue.value = new Map(s.queues.flatMap((q) => (q.waitEstimate ? [[q.code, q.waitEstimate] as const] : [])));
        } catch {
          // Offline: the snapshot's figure stays on screen.
        }
      } while (this.again);
    } finally {
      this.loading = false;
    }
  }
}

export const queueEstimates = new QueueEstimates();

/** A queue's current estimate for a newcomer (home and confirm screens). */
export function QueueWait({ k, code }: { k: Kiosk; code: string }) {
  queueEstimates.watch(k);
  const status = k.status(code);
  const estimate = queueEstimates.byQueue.value.get(code) ?? status?.waitEstimate;
  return <WaitEstimateText estimate={estimate} fallback={status?.estimatedWaitMinutes ?? 0} />;
}

/**
 * Events that move a waiting ticket's estimate although they are not about its queue: a window
 * paused, resumed, opened or closed, or one freed by a finish or no-show (windows serve several queues).
 */
export function estimateMoves(e: { type?: string }): boolean {
  const type = e.type ?? '';
  return type.startsWith('window.') || type === 'ticket.finished' || type === 'ticket.no_show' || type === 'ticket.started';
}
