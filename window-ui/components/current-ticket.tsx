import type { TicketView } from '../../contract/ticket.ts';
import { clockTime, elapsedFor, formatDuration, minutesSince } from '../elapsed.ts';
import { t, type TKey } from '../i18n.ts';
import type { WindowTerminal } from '../terminal.ts';

export function TicketTags({ ticket, window }: { ticket: TicketView; window?: number }) {
  return (
    <span class="tags">
      {ticket.priority === 'green' ? <span class="tag tag-green">{ticket.greenReason ? t('tag.greenReason', { reason: ticket.greenReason }) : t('tag.green')}</span> : null}
      {ticket.priority === 'appointment' ? <span class="tag tag-appointment">{t('tag.appointment')}</span> : null}
      {ticket.proxy ? <span class="tag tag-proxy">{t('tag.proxy')}{ticket.proxyBy ? ` · ${ticket.proxyBy}` : ''}</span> : null}
      {ticket.careClass ? <span class={`tag tag-care tag-${ticket.careClass}`}>{t(ticket.careClass === 'elderly' ? 'tag.elderly' : 'tag.assisted')}</span> : null}
      {window !== undefined && ticket.targetWindow === window ? <span class="tag tag-target">{t('tag.targetWindow')}</span> : null}
    </span>
  );
}

/** Ticks with the terminal's server clock; amber near the item's service time, red past it. */
function ElapsedClock({ term, ticket, serviceMinutes }: { term: WindowTerminal; ticket: TicketView; serviceMinutes: number }) {
  const e = elapsedFor(ticket, term.serverNow.value, serviceMinutes);
  return (
    <div class={`elapsed elapsed-${e.level}`} data-level={e.level} aria-live="off">
      <span class="elapsed-label">{t(ticket.state === 'serving' ? 'current.elapsedServing' : 'current.elapsedCalled')}</span>
      <span class="elapsed-time">{formatDuration(e.seconds)}</span>
      <span class="elapsed-target">{e.overMinutes || e.level === 'red' ? t('current.over', { minutes: e.overMinutes }) : t('current.target', { minutes: serviceMinutes })}</span>
    </div>
  );
}

/** Everything about the ticket in hand, including the full materials list (一次性告知). */
export function CurrentTicket({ term }: { term: WindowTerminal }) {
  const s = term.state.value;
  const w = s?.window;
  const current = w?.current ?? null;
  const tz = term.hall.value?.hall.timezone;

  if (!w || !current) {
    return (
      <section class="panel current current-empty" aria-label={t('current.title')}>
        <h2 class="panel-title">{t('current.title')}</h2>
        {w?.status === 'paused' ? (
          <div class="current-idle paused">
            <div class="idle-big">{t('current.paused', { reason: w.pauseReason ?? '' })}</div>
            <div class="idle-hint">{t('current.pausedHint')}</div>
          </div>
        ) : (
          <div class="current-idle">
            <div class="idle-big">{t('current.none')}</div>
            <div class="idle-hint">{w?.status === 'closed' ? t('current.closedHint') : t('current.noneHint', { count: s?.waiting.length ?? 0 })}</div>
          </div>
        )}
      </section>
    );
  }

  const item = term.itemOf(current);
  const max = s!.rules.maxRecalls;
  return (
    <section class={`panel current state-${current.state}`} aria-label={t('current.title')}>
      {w.status === 'paused' ? <div class="paused-band">{t('current.paused', { reason: w.pauseReason ?? '' })} · {t('current.pausedHint')}</div> : null}
      <div class="current-head">
        <div class="current-number" data-testid="current-number">
          {current.number}
        </div>
        <div class="current-meta">
          <span class={`state-badge state-badge-${current.state}`}>{t(`state.${current.state}` as TKey)}</span>
          <span class="source">{t(`source.${current.source}` as TKey)}</span>
          <TicketTags ticket={current} window={term.window} />
          <span class={`recalls${current.recallCount >= max ? ' recalls-max' : ''}`} data-testid="recalls">
            {t('current.recalls', { count: current.recallCount, max })}
          </span>
        </div>
        <ElapsedClock term={term} ticket={current} serviceMinutes={item?.serviceMinutes ?? 10} />
      </div>
      <dl class="current-facts">
        <dt>{t('current.item')}</dt>
        <dd class="current-item">{item?.name ?? t('current.noItem')}</dd>
        <dt>{t('current.queue')}</dt>
        <dd>
          {term.queueName(current.queue)} · {t('current.issuedAt', { time: clockTime(current.issuedAt, tz) })} · {t('current.waited', { minutes: minutesSince(current.issuedAt, Date.parse(current.calledAt ?? current.issuedAt)) })}
        </dd>
        <dt>{t('current.identity')}</dt>
        <dd class="identity" data-testid="identity">
          {current.nameMasked || current.idMasked ? [current.nameMasked, current.idMasked].filter(Boolean).join('　') : t('current.noIdentity')}
        </dd>
        {current.note ? (
          <>
            <dt />
            <dd class="current-note">{t('current.note', { note: current.note })}</dd>
          </>
        ) : null}
      </dl>
      {item ? (
        <div class="materials">
          <h3>
            {t('current.materials')}
            <span class="promised">{item.promisedDays ? t('current.promised', { days: item.promisedDays }) : t('current.promisedNow')}</span>
          </h3>
          {item.materials.length ? (
            <ol class="materials-list">
              {item.materials.map((m) => (
                <li key={m.name}>
                  <span>{m.name}</span>
                  {m.copies ? <span class="muted"> · {m.copies}</span> : null}
                  {m.note ? <span class="muted"> · {m.note}</span> : null}
                </li>
              ))}
            </ol>
          ) : (
            <p class="muted">{t('current.noMaterials')}</p>
          )}
          <p class="item-steps">
            <span class="muted">{t('current.steps')}</span> {item.steps.join(' → ')}
            <span class="muted item-fee">{t('current.fee')}</span> {item.fee}
          </p>
        </div>
      ) : null}
    </section>
  );
}
