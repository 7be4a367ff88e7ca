import { ScreenHead } from '../components/screen-head.tsx';
import { t } from '../i18n/index.ts';
import type { Kiosk } from '../store.ts';

/** 请将身份证放在感应区: a card gliding onto the reader until 'kiosk:identity' arrives. */
export function Card({ k, item }: { k: Kiosk; item: string }) {
  const info = k.item(item);
  const queue = k.queue(info?.queue ?? '');
  const optional = queue?.idRequirement !== 'required';
  return (
    <div class="screen card-screen">
      <ScreenHead k={k} title={info?.name ?? ''} back={() => k.go(info ? { name: 'items', department: info.department } : { name: 'departments' })} />
      <h2 class="prompt">{t('card.title')}</h2>
      <div class="reader-art" aria-hidden="true">
        <div class="reader-card">
          <span class="reader-card-photo" />
          <span class="reader-card-lines" />
        </div>
        <div class="reader-pad">
          <span class="reader-wave" />
          <span class="reader-wave reader-wave-2" />
        </div>
        <div class="reader-arrow">▼</div>
      </div>
      <p class="lead">{t('card.hint')}</p>
      <p class="lead">{optional ? t('card.optional') : t('card.required', { item: info?.name ?? '' })}</p>
      {optional && (
        <button type="button" class="btn btn-primary btn-wide" data-action="skip-card" onClick={() => k.skipCard()}>
          {t('card.skip')}
        </button>
      )}
    </div>
  );
}
