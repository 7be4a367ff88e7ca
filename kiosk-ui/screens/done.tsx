import { helpPlace } from '../components/help.tsx';
import { Qr } from '../components/qr.tsx';
import { WaitEstimateText } from '../components/wait-estimate.tsx';
import type { Receipt } from '../hall-data.ts';
import { t } from '../i18n/index.ts';
import { nameOf } from '../names.ts';
import type { Kiosk } from '../store.ts';

/** The number, very large; the QR to the phone status page; and whether the paper ticket came out. */
export function Done({ k, receipt, kind, printerOffline = false }: { k: Kiosk; receipt: Receipt; kind: 'issue' | 'appointment' | 'reprint'; printerOffline?: boolean | undefined }) {
  const failed = receipt.printed === false;
  const offline = failed && printerOffline;
  const item = receipt.item ? k.item(receipt.item) : undefined;
  return (
    <div class={`screen done${failed ? ' done-electronic' : ''}`} data-printed={String(receipt.printed)} data-printer-offline={offline ? 'true' : undefined}>
      <h1 class="done-title">{kind === 'appointment' ? t('done.appointment') : t('done.title')}</h1>
      {failed && (
        <p class="alert" role="alert" data-field="electronic">
          {offline ? t('done.printerOffline') : t('done.electronic')}
        </p>
      )}
      <div class="ticket-face">
        <p class="done-label">{item ? nameOf(item) : (receipt.itemName ?? receipt.queueName)}</p>
        <p class="done-number" data-field="number">
          {receipt.number}
        </p>
        <p class="done-ahead" data-field="ahead">
          {t('done.ahead', { count: receipt.peopleAhead })}
        </p>
        <p class="done-wait">
          {t('done.waitEstimate')} <WaitEstimateText estimate={receipt.waitEstimate} fallback={receipt.estimatedWaitMinutes} />
        </p>
        <p class="done-windows">{t('done.windows', { windows: receipt.windows.join('、') })}</p>
        <div class="done-qr">
          <Qr text={receipt.statusUrl} size={failed ? 360 : 300} label={t('done.scan')} />
          <span>{t('done.scan')}</span>
        </div>
      </div>
      {failed ? (
        <>
          <p class="lead">{t('done.electronicHint')}</p>
          {k.elder.value && (
            <p class="lead lead-strong" data-field="no-phone">
              {t('done.noPhone', { place: helpPlace(k) })}
            </p>
          )}
          <button type="button" class="btn btn-secondary btn-wide" data-action="reprint" disabled={k.busy.value} onClick={() => void k.reprintShown()}>
            {t('done.reprint')}
          </button>
        </>
      ) : (
        <p class="done-take" data-field="take">
          {receipt.printed === true ? `↓ ${t('done.take')}` : t('done.printing')}
        </p>
      )}
      {k.notice.value === 'reprinted' && <p class="notice">{t('done.reprinted')}</p>}
      <button type="button" class="btn btn-primary btn-wide" data-action="finish" onClick={() => k.home()}>
        {t('done.back', { seconds: Math.max(0, k.idleLeft.value) })}
      </button>
    </div>
  );
}
