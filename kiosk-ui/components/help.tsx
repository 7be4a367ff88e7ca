import { t } from '../i18n/index.ts';
import type { Kiosk } from '../store.ts';

/** Where the hall sends a citizen the kiosk cannot serve: the help place, and the 帮办 window if any. */
export function helpPlace(k: Kiosk): string {
  const a = k.access;
  return a.helpWindow !== null ? t('noCard.place', { place: a.helpPlace, window: a.helpWindow }) : a.helpPlace;
}

/** 帮办: on every screen's head and on the home screen; a person comes to the kiosk. */
export function HelpButton({ k }: { k: Kiosk }) {
  return (
    <button type="button" class="btn btn-help" data-action="help" disabled={k.help.value === 'calling'} onClick={() => void k.callHelp()}>
      <span class="help-mark" aria-hidden="true">?</span> {t('help.button')}
    </button>
  );
}

/** What happened to a 帮办 call, over the screen until dismissed or the screen changes. */
export function HelpBanner({ k }: { k: Kiosk }) {
  const h = k.help.value;
  if (h === 'idle') return null;
  const text = h === 'calling' ? t('help.calling') : h === 'called' ? t('help.called') : t('help.failed', { place: helpPlace(k) });
  return (
    <div class={`help-banner help-${h}`} role="status" aria-live="polite" data-field="help" data-help={h}>
      <p>{text}</p>
      {h !== 'calling' && (
        <button type="button" class="btn btn-secondary" data-action="help-close" onClick={() => k.dismissHelp()}>
          {t('help.close')}
        </button>
      )}
    </div>
  );
}

/** A scanned e-ID the server would not take, in the server's Chinese words, with where to go. */
export function ScanRefusedBanner({ k }: { k: Kiosk }) {
  const r = k.scanRefused.value;
  if (!r) return null;
  return (
    <div class="alert scan-refused" role="alert" data-field="scan-refused" data-code={r.code}>
      <strong>{t('scan.refused')}</strong>
      <span>{r.message}</span>
      {r.hint && <span>{r.hint}</span>}
    </div>
  );
}
