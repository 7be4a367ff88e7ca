import { t } from '../i18n/index.ts';

/** Covers the kiosk while the server cannot be reached; the store retries by itself underneath. */
export function OfflineOverlay() {
  return (
    <div class="overlay" role="alertdialog" aria-live="assertive" data-overlay="offline">
      <div class="overlay-box">
        <div class="spinner" aria-hidden="true" />
        <h2>{t('offline.title')}</h2>
        <p>{t('offline.hint')}</p>
      </div>
    </div>
  );
}
