import { t } from '../i18n.ts';
import type { SlipData } from '../terminal.ts';
import { Dialog } from './dialog.tsx';

export function formatSlipTime(iso: string, timeZone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

/** The notice itself; the print stylesheet prints only this. */
export function SupplementSlip({ slip, hallName, timeZone }: { slip: SlipData; hallName: string; timeZone?: string }) {
  return (
    <article class="slip print-area" aria-label={t('slip.title')}>
      <header class="slip-head">
        <div class="slip-hall">{hallName}</div>
        <h3 class="slip-title">{t('slip.title')}</h3>
      </header>
      <dl class="slip-facts">
        <dt>{t('slip.number')}</dt>
        <dd>{slip.number}</dd>
        <dt>{t('slip.item')}</dt>
        <dd>{slip.itemName}</dd>
        <dt>{t('slip.window')}</dt>
        <dd>
          {t('header.window', { n: slip.window })} {slip.windowName}
        </dd>
        <dt>{t('slip.staff')}</dt>
        <dd>{slip.badge}</dd>
        <dt>{t('slip.time')}</dt>
        <dd>{formatSlipTime(slip.at, timeZone)}</dd>
      </dl>
      <p class="slip-lead">{t('slip.missing')}</p>
      <ol class="slip-missing">
        {slip.missing.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ol>
      {slip.note ? (
        <p class="slip-note">
          {t('slip.note')}：{slip.note}
        </p>
      ) : null}
      <p class="slip-footer">{t('slip.footer', { phone: slip.phone || '—' })}</p>
    </article>
  );
}

/**
 * The 补正 notice on screen, printed with the browser's print dialog (the window has no receipt
 * printer route yet; print.css limits the page to the notice).
 */
export function SlipDialog({ slip, hallName, timeZone, onClose }: { slip: SlipData; hallName: string; timeZone?: string; onClose(): void }) {
  const print = () => window.print();
  return (
    <Dialog
      title={t('slip.title')}
      wide
      className="slip-dialog"
      onCancel={onClose}
      onConfirm={print}
      onKey={(e) => {
        if (e.key === 'p' || e.key === 'P') {
          print();
          return true;
        }
        return false;
      }}
      footer={
        <>
          <span class="muted slip-printer">{t('slip.noPrinter')}</span>
          <button type="button" class="btn" onClick={onClose}>
            {t('slip.close')}
          </button>
          <button type="button" class="btn btn-primary" onClick={print} data-print>
            {t('slip.print')}
          </button>
        </>
      }
    >
      <SupplementSlip slip={slip} hallName={hallName} {...(timeZone ? { timeZone } : {})} />
    </Dialog>
  );
}
