import { helpPlace, ScanRefusedBanner } from '../components/help.tsx';
import { ScreenHead } from '../components/screen-head.tsx';
import { t } from '../i18n/index.ts';
import { nameOf } from '../names.ts';
import type { Kiosk } from '../store.ts';

/**
 * 请将身份证放在感应区: a card gliding onto the reader until 'kiosk:identity' arrives. Without a card
 * there is no dead end: type the number (where the hall allows it), scan an e-ID (likewise), or, where
 * the hall turned both off, exactly where to go.
 */
export function Card({ k, item }: { k: Kiosk; item: string }) {
  const info = k.item(item);
  const queue = k.queue(info?.queue ?? '');
  const optional = queue?.idRequirement !== 'required';
  const access = k.access;
  const noRoute = !access.typedId && !access.eidScan;
  const itemName = info ? nameOf(info) : '';
  return (
    <div class="screen card-screen">
      <ScreenHead k={k} title={itemName} back={() => k.go(info ? { name: 'items', department: info.department } : { name: 'departments' })} />
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
      <p class="lead">{optional ? t('card.optional') : t('card.required', { item: itemName })}</p>
      <ScanRefusedBanner k={k} />
      {optional && (
        <button type="button" class="btn btn-primary btn-wide" data-action="skip-card" onClick={() => k.skipCard()}>
          {t('card.skip')}
        </button>
      )}
      {!optional && (
        <section class="no-card" data-field="no-card">
          <h3>{t('noCard.title')}</h3>
          {access.typedId && (
            <button type="button" class="btn btn-primary btn-wide" data-action="type-id" onClick={() => k.typeId()}>
              {t('noCard.type')}
            </button>
          )}
          {access.eidScan && <p class="lead" data-field="eid-hint">{t('noCard.scan')}</p>}
          {noRoute && (
            <p class="go-help" role="note" data-field="go-help">
              {t('noCard.goTo', { place: helpPlace(k) })}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
