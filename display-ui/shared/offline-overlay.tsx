import type { Signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';

/**
 * Covers the screen while the server is unreachable, so nobody trusts a frozen screen. A short blip
 * (under 1.5 s) is not shown; the stream reconnects by itself and replays what was missed.
 */
export function OfflineOverlay({ connected, everConnected }: { connected: Signal<boolean>; everConnected: boolean }) {
  const [show, setShow] = useState(false);
  const isConnected = connected.value;
  useEffect(() => {
    if (isConnected) {
      setShow(false);
      return;
    }
    const id = setTimeout(() => setShow(true), 1500);
    return () => clearTimeout(id);
  }, [isConnected]);
  if (!show) return null;
  return (
    <div class="offline-overlay" role="alert" data-testid="offline">
      <div class="offline-box">
        <div class="offline-icon" aria-hidden="true">!</div>
        <div class="offline-title">{everConnected ? t('conn.offline') : t('conn.connecting')}</div>
        {everConnected && <div class="offline-hint">{t('conn.offlineHint')}</div>}
      </div>
    </div>
  );
}
