import { effect } from '@preact/signals';
import { render } from 'preact';
import type { Snapshot } from '../contract/snapshot.ts';
import { isPrinterOffline } from '../contract/print-result.ts';
import { HallStream } from '../ui-kit/stream.ts';
import { KioskApp } from './app.tsx';
import { t } from './i18n/index.ts';
import { httpClient } from './kiosk-client.ts';
import { addressWithoutToken, readSettings } from './settings.ts';
import { kioskSpeaker } from './speech.ts';
import { Kiosk } from './store.ts';
import { ScanWedge } from '../ui-kit/scan-wedge.ts';
import './kiosk.css';

const root = document.getElementById('app')!;
const settings = readSettings(location.search, localStorage);
// The token is read (and kept): drop it from the address bar before anything renders.
const cleaned = addressWithoutToken(location.href);
if (cleaned !== null) history.replaceState(history.state, '', cleaned);
document.title = t('app.title');

if (!settings.token) {
  // Without its token a kiosk cannot issue: say so plainly rather than failing on the first tap.
  root.innerHTML = '<div class="kiosk"><div class="screen loading">/kiosk?token=…</div></div>';
} else {
  const k = new Kiosk({ client: httpClient(settings.token), doneIdleSeconds: settings.doneIdleSeconds });
  const takeSnapshot = (s: Snapshot) => (k.clockOffset.value = Date.parse(s.at) - Date.now());
  const stream = new HallStream({
    token: settings.token,
    onSnapshot: takeSnapshot,
    onEvent: (e, replayed) => {
      if (e.type === 'ticket.print_result' && e.ticket && !replayed) k.printResult(e.ticket.id, e.data.printed === true, isPrinterOffline(e.data.reason));
      if (e.type === 'config.changed') void k.load();
    },
  });
  effect(() => {
    k.queueStatus.value = stream.snapshot.value?.queues ?? [];
  });
  stream.raw.on('kiosk:identity', (identity) => k.cardRead(identity));
  stream.raw.on('kiosk:scan-refused', (refusal) => k.scanWasRefused(refusal));
  stream.raw.on('kiosk:booking-code', (scan) => void k.bookingScanned(scan.code));
  // A scanner in keyboard mode plugged into this PC types into the page (outside the text fields).
  const wedge = new ScanWedge();
  document.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
    const code = wedge.key(e.key, e.timeStamp);
    if (code) void k.wedgeScanned(code);
  });
  stream.raw.on('connect', () => (k.linkDown.value = false));
  stream.raw.on('disconnect', () => (k.linkDown.value = true));
  setInterval(() => k.tick(), 1000);
  void k.load().then(() => performance.mark('kiosk:home'));
  render(<KioskApp k={k} speak={kioskSpeaker({ token: settings.token })} />, root);
}
