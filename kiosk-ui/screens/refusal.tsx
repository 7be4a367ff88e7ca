import { ScreenHead } from '../components/screen-head.tsx';
import { t, type KioskKey } from '../i18n/index.ts';
import { zh } from '../i18n/zh.ts';
import type { Kiosk, Refusal as RefusalInfo } from '../store.ts';

export function refusalText(r: RefusalInfo): string {
  const key = `refusal.${r.code}`;
  return key in zh ? t(key as KioskKey, r.params) : r.message || t('refusal.other');
}

/** Why no ticket, in plain words, and the next step: 补打, a new card read, or the way home. */
export function Refusal({ k, refusal }: { k: Kiosk; refusal: RefusalInfo }) {
  const cardAgain = refusal.code === 'IDENTITY_REF_INVALID' || refusal.code === 'ID_REQUIRED';
  return (
    <div class="screen refusal" data-code={refusal.code}>
      <ScreenHead k={k} title={t('refusal.title')} />
      <div class="refusal-icon" aria-hidden="true">!</div>
      <p class="refusal-text" role="alert" data-field="refusal">
        {refusalText(refusal)}
      </p>
      {refusal.reprintTicket && (
        <button type="button" class="btn btn-primary btn-wide btn-big" data-action="reprint-live" disabled={k.busy.value} onClick={() => void k.reprintLive()}>
          {t('refusal.reprint')}
        </button>
      )}
      {cardAgain && <p class="lead">{t('refusal.again')}</p>}
      {refusal.code === 'ID_INVALID' && k.typed.value && (
        <button type="button" class="btn btn-primary btn-wide btn-big" data-action="retype-id" onClick={() => k.retypeId()}>
          {t('typed.retype')}
        </button>
      )}
      <button type="button" class="btn btn-secondary btn-wide" data-action="finish" onClick={() => k.home()}>
        {t('common.home')}
      </button>
    </div>
  );
}
