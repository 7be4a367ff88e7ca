import { useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import type { SlipData } from '../terminal.ts';
import { Dialog } from './dialog.tsx';

export function formatSlipTime(iso: string, timeZone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

/** The label of copy n of the notice: the citizen keeps the first, the window files the second. */
export function copyLabel(n: number): string {
  return n === 1 ? t('slip.copy.1') : n === 2 ? t('slip.copy.2') : t('slip.copy.n', { n });
}

/** The notice itself; `copy` names which copy it is when more than one is printed. */
export function SupplementSlip({ slip, hallName, timeZone, copy }: { slip: SlipData; hallName: string; timeZone?: string; copy?: number }) {
  return (
    <article class="slip" aria-label={t('slip.title')} data-copy={copy ?? 1}>
      <header class="slip-head">
        <div class="slip-hall">{hallName}</div>
        <h3 class="slip-title">{t('slip.title')}</h3>
        {copy !== undefined ? <div class="slip-copy">{copyLabel(copy)}</div> : null}
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
        <dd data-slip="staff">{slip.staffName ? `${slip.staffName}（${slip.badge}）` : slip.badge}</dd>
        <dt>{t('slip.time')}</dt>
        <dd>{formatSlipTime(slip.at, timeZone)}</dd>
      </dl>
      <p class="slip-lead">{t('slip.missing')}</p>
      <ol class="slip-missing">
        {slip.missing.map((m) => (
          <li key={m.name}>
            <span class="slip-material">{m.name}</span>
            {m.copies ? <span class="slip-copies">{m.copies}</span> : null}
            {m.note ? <span class="slip-material-note">{m.note}</span> : null}
          </li>
        ))}
      </ol>
      {slip.note ? (
        <p class="slip-note">
          {t('slip.note')}：{slip.note}
        </p>
      ) : null}
      <p class="slip-footer">{t('slip.footer', { phone: slip.phone || '—' })}</p>
      <p class="slip-sign">{t('slip.sign')}</p>
    </article>
  );
}

const MAX_COPIES = 3;

/**
 * The 补正 notice on screen, printed with the browser's print dialog (the window has no receipt
 * printer route yet). Two copies by default: one for the citizen, one for the window's file; print.css
 * prints each copy on its own page and nothing else.
 */
export function SlipDialog({ slip, hallName, timeZone, onClose }: { slip: SlipData; hallName: string; timeZone?: string; onClose(): void }) {
  const [copies, setCopies] = useState(2);
  const print = () => window.print();
  const zone = timeZone ? { timeZone } : {};
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
        if (e.key === '+' || e.key === '-') {
          setCopies((n) => Math.min(MAX_COPIES, Math.max(1, n + (e.key === '+' ? 1 : -1))));
          return true;
        }
        return false;
      }}
      footer={
        <>
          <span class="muted slip-printer">{t('slip.noPrinter')}</span>
          <label class="slip-copies-choice">
            {t('slip.copies')}
            <select value={String(copies)} onChange={(e) => setCopies(Number((e.target as HTMLSelectElement).value))} data-copies>
              {Array.from({ length: MAX_COPIES }, (_, i) => (
                <option key={i} value={String(i + 1)}>
                  {i + 1}
                </option>
              ))}
            </select>
          </label>
          <button type="button" class="btn" onClick={onClose}>
            {t('slip.close')}
          </button>
          <button type="button" class="btn btn-primary" onClick={print} data-print>
            {t('slip.print')}
          </button>
        </>
      }
    >
      <div class="slip-screen no-print">
        <SupplementSlip slip={slip} hallName={hallName} {...zone} />
      </div>
      <div class="print-area" data-print-copies={copies}>
        {Array.from({ length: copies }, (_, i) => (
          <SupplementSlip key={i} slip={slip} hallName={hallName} {...zone} copy={i + 1} />
        ))}
      </div>
    </Dialog>
  );
}
