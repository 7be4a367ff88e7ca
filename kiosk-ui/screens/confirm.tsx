import { Icon } from '../components/icons.tsx';
import { ScreenHead } from '../components/screen-head.tsx';
import { QueueWait } from '../components/wait-estimate.tsx';
import { t } from '../i18n/index.ts';
import { maskTypedId, maskTypedName, nameOf } from '../names.ts';
import type { Kiosk } from '../store.ts';
import { materialLines } from './guide-item.tsx';

/** Everything the citizen should know before the number is taken: 一次性告知 in full. */
export function Confirm({ k, item }: { k: Kiosk; item: string }) {
  const info = k.item(item);
  const queue = k.queue(info?.queue ?? '');
  const status = k.status(info?.queue ?? '');
  const identity = k.identity.value;
  const typed = k.typed.value;
  // A verified e-ID arrives as a card read marked by its source (contract/socket.ts KioskIdentity).
  const eid = (identity as { source?: string } | null)?.source === 'eid';
  const materials = info ? materialLines(info) : [];
  return (
    <div class="screen confirm">
      <ScreenHead k={k} title={t('confirm.title')} back={() => k.go(info ? { name: 'items', department: info.department } : { name: 'departments' })} />
      <dl class="facts">
        <div>
          <dt>{t('confirm.item')}</dt>
          <dd data-field="item">{info ? nameOf(info) : ''}</dd>
        </div>
        {typed && !identity && (
          <div>
            <dt>{t('typed.identity')}</dt>
            <dd data-field="identity">
              {typed.name ? `${maskTypedName(typed.name)} ` : ''}
              {maskTypedId(typed.idNumber)}
            </dd>
          </div>
        )}
        {identity && (
          <div>
            <dt>{eid ? t('confirm.eid') : t('confirm.identity')}</dt>
            <dd data-field="identity">
              {identity.nameMasked ? `${identity.nameMasked} ` : ''}
              {identity.idMasked}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('confirm.ahead')}</dt>
          <dd data-field="ahead">{t('common.people', { count: status?.waiting ?? 0 })}</dd>
        </div>
        <div>
          <dt>{t('confirm.wait')}</dt>
          <dd data-field="wait">
            <QueueWait k={k} code={info?.queue ?? ''} />
          </dd>
        </div>
        <div>
          <dt>{t('confirm.windows')}</dt>
          <dd data-field="windows">{t('common.windows', { windows: (queue?.windows ?? []).join('、') })}</dd>
        </div>
      </dl>
      <section class="materials">
        <h2>{t('confirm.materials')}</h2>
        {materials.length ? (
          <ol>
            {materials.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ol>
        ) : (
          <p>{t('confirm.noMaterials')}</p>
        )}
      </section>
      {k.printerDown && (
        <p class="alert" role="alert" data-field="printer-warning">
          <Icon name="printer" /> {t('printer.confirm')}
        </p>
      )}
      <button type="button" class="btn btn-primary btn-wide btn-big" data-action="print" disabled={k.busy.value} onClick={() => void k.issue()}>
        {k.busy.value ? t('common.busy') : k.printerDown ? t('printer.take') : t('confirm.print')}
      </button>
    </div>
  );
}
