import { signal, type Signal } from '@preact/signals';
import { ApiFailure, api } from '../../ui-kit/api.ts';
import { TicketStatus } from '../../contract/responses.ts';
import { locale, t } from '../i18n/index.ts';
import { WaitEstimateText, estimateMoves } from '../components/wait-estimate.tsx';
import { CareMark, ReminderSwitch, RemoteArrival } from './reminder-switch.tsx';
import { PhoneEvaluation } from './phone-evaluation.tsx';

export type Fetch = (id: string, key: string) => Promise<TicketStatus>;

export const fetchStatus: Fetch = (id, key) => api(`/api/tickets/${encodeURIComponent(id)}/status?k=${encodeURIComponent(key)}`, TicketStatus);

/** The phone page's state: the ticket's public status, refreshed whenever the hall moves. */
export class StatusModel {
  readonly status: Signal<TicketStatus | null> = signal(null);
  readonly missing = signal(false);
  readonly live = signal(true);
  private loading: Promise<void> | null = null;
  private again = false;

  constructor(
    readonly id: string,
    private readonly key: string,
    private readonly fetch: Fetch = fetchStatus,
  ) {}

  /** Refetch; calls that come while one is running are folded into one more. */
  refresh(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.again = false;
        try {
          this.status.value = await this.fetch(this.id, this.key);
          this.missing.value = false;
        } catch (error) {
          if (error instanceof ApiFailure && error.status === 404) this.missing.value = true;
        }
      } while (this.again);
      this.loading = null;
    })();
    return this.loading;
  }

  /** Whether a hall event may change what this page shows (its ticket, or its queue's line). */
  concerns(e: { type?: string; ticket: { id: string; queue: string } | null; waiting?: Record<string, number> }): boolean {
    const queue = this.status.value?.queue;
    return e.ticket?.id === this.id || (this.status.value?.state === 'waiting' && estimateMoves(e)) || (queue !== undefined && (e.ticket?.queue === queue || (e.waiting !== undefined && queue in e.waiting)));
  }
}

function stateText(s: TicketStatus): string {
  switch (s.state) {
    case 'called':
      return t('status.called', { window: s.window ?? '' });
    case 'serving':
      return t('status.serving', { window: s.window ?? '' });
    default:
      return t(`status.${s.state}`);
  }
}

/** The page a citizen's phone opens from the ticket's QR: number, queue, people ahead, state. */
export function StatusPage({ m }: { m: StatusModel }) {
  const s = m.status.value;
  return (
    <main class="status" lang={locale.value === 'en' ? 'en' : 'zh-CN'}>
      <header class="status-head">
        <h1>{t('status.title')}</h1>
        <button type="button" class="status-lang" onClick={() => (locale.value = locale.value === 'en' ? 'zh-CN' : 'en')}>
          {t('home.language')}
        </button>
      </header>
      {m.missing.value ? (
        <p class="status-missing" role="alert">
          {t('status.notFound')}
        </p>
      ) : !s ? (
        <p class="status-wait">{t('common.busy')}</p>
      ) : (
        <>
          <section class={`status-card status-${s.state}`} data-state={s.state}>
            <p class="status-number" data-field="number">
              {s.number}
            </p>
            <p class="status-state" data-field="state" aria-live="polite">
              {stateText(s)}
            </p>
          </section>
          <dl class="status-facts">
            <div>
              <dt>{t('status.queue')}</dt>
              <dd data-field="queue">{s.queueName}</dd>
            </div>
            {s.item && (
              <div>
                <dt>{t('status.item')}</dt>
                <dd>{s.item}</dd>
              </div>
            )}
            {(s.state === 'waiting' || s.state === 'remote') && (
              <>
                <div>
                  <dt>{t('status.ahead')}</dt>
                  <dd data-field="ahead">{t('common.people', { count: s.peopleAhead })}</dd>
                </div>
                <div>
                  <dt>{t('status.wait')}</dt>
                  <dd data-field="wait">
                    <WaitEstimateText estimate={s.waitEstimate} fallback={s.estimatedWaitMinutes} />
                  </dd>
                </div>
              </>
            )}
          </dl>
          <CareMark careClass={s.careClass} />
          <RemoteArrival ticketId={m.id} remote={s.remote} onArrived={() => void m.refresh()} />
          <ReminderSwitch ticketId={m.id} live={s.state === 'waiting' || s.state === 'remote' || s.state === 'suspended'} />
          <PhoneEvaluation ticketId={m.id} state={s.state} />
        </>
      )}
      <footer class="status-foot">
        <span class={m.live.value ? 'status-live' : 'status-offline'}>{m.live.value ? `● ${t('status.live')}` : t('status.offline')}</span>
        <span>{t('status.privacy')}</span>
      </footer>
    </main>
  );
}
