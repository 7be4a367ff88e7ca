import { useEffect, useRef } from 'preact/hooks';
import { capFor } from '../actions.ts';
import { minutesSince } from '../elapsed.ts';
import { t } from '../i18n.ts';
import type { WindowTerminal } from '../terminal.ts';
import { TicketTags } from './current-ticket.tsx';
import { WaitEstimateCell } from './wait-estimate.tsx';

/** The window's queues in calling order, with how long each citizen has waited. */
export function WaitingList({ term }: { term: WindowTerminal }) {
  const list = term.state.value?.waiting ?? [];
  const selected = term.selectedId.value;
  const now = term.serverNow.value;
  const callable = term.available.value.callSelected;
  const box = useRef<HTMLOListElement>(null);
  useEffect(() => {
    box.current?.querySelector('.row.selected')?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  return (
    <section class="panel waiting" aria-label={t('waiting.title')}>
      <h2 class="panel-title">
        {t('waiting.title')}
        <span class="count" data-testid="waiting-count">
          {t('waiting.count', { count: list.length })}
        </span>
        <span class="panel-hint">{t('waiting.hint')}</span>
        <button type="button" class="btn btn-small" data-action="issue" disabled={term.busy.value !== null} onClick={() => (term.dialog.value = { kind: 'issue' })}>
          {t('issue.open')}
        </button>
      </h2>
      {list.length ? (
        <ol class="rows" ref={box} role="listbox" aria-label={t('waiting.title')}>
          {list.map((x, i) => {
            const waited = minutesSince(x.issuedAt, now);
            return (
              <li
                key={x.id}
                role="option"
                aria-selected={x.id === selected}
                class={`row${x.id === selected ? ' selected' : ''}`}
                data-number={x.number}
                onClick={() => (term.selectedId.value = x.id)}
              >
                <span class="row-index">{i + 1}</span>
                <span class="row-number">{x.number}</span>
                <span class="row-item">
                  {term.itemOf(x)?.name ?? term.queueName(x.queue)}
                  <TicketTags ticket={x} window={term.window} />
                </span>
                <span class={`row-wait${waited >= 30 ? ' long' : ''}`}>{t('waiting.minutes', { minutes: waited })}</span>
                <WaitEstimateCell estimate={term.state.value?.estimates?.[x.id]} />
                {x.id === selected ? (
                  <button
                    type="button"
                    class="btn btn-small"
                    disabled={!callable.enabled}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={(e) => {
                      e.stopPropagation();
                      term.callTicket(x);
                    }}
                  >
                    <span class="keycap">{capFor('callSelected')}</span> {t('waiting.call')}
                  </button>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : (
        <p class="empty">{t('waiting.empty')}</p>
      )}
    </section>
  );
}

export function SuspendedList({ term }: { term: WindowTerminal }) {
  const list = term.state.value?.suspended ?? [];
  if (!list.length) return null;
  const can = term.available.value.resumeTicket;
  return (
    <section class="panel suspended" aria-label={t('suspended.title')}>
      <h2 class="panel-title">
        {t('suspended.title')}
        <span class="count">{list.length}</span>
      </h2>
      <ul class="rows">
        {list.map((x) => (
          <li key={x.id} class="row" data-number={x.number}>
            <span class="row-number">{x.number}</span>
            <span class="row-item">{term.itemOf(x)?.name ?? term.queueName(x.queue)}</span>
            <button type="button" class="btn btn-small" disabled={!can.enabled} onMouseDown={(e) => e.preventDefault()} onClick={() => term.resumeTicket(x)}>
              {list.length === 1 ? <span class="keycap">{capFor('resumeTicket')}</span> : null} {t('suspended.resume')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Figures({ term }: { term: WindowTerminal }) {
  const f = term.state.value?.figures;
  const cell = (label: string, value: string, sub?: string, id?: string) => (
    <div class="figure" data-figure={id}>
      <div class="figure-value">{value}</div>
      <div class="figure-label">{label}</div>
      {sub ? <div class="figure-sub">{sub}</div> : null}
    </div>
  );
  return (
    <section class="panel figures" aria-label={t('figures.title')}>
      <h2 class="panel-title">{t('figures.title')}</h2>
      <div class="figure-grid">
        {cell(t('figures.served'), String(f?.served ?? 0), undefined, 'served')}
        {cell(t('figures.noShow'), String(f?.noShow ?? 0), undefined, 'noShow')}
        {cell(t('figures.average'), f?.averageServiceMinutes != null ? t('figures.averageValue', { minutes: f.averageServiceMinutes }) : t('figures.none'), undefined, 'average')}
        {cell(
          t('figures.satisfaction'),
          f?.satisfactionRate != null ? `${Math.round(f.satisfactionRate * 100)}%` : t('figures.none'),
          t('figures.evaluated', { count: f?.evaluated ?? 0 }),
          'satisfaction',
        )}
      </div>
    </section>
  );
}
