import { useEffect } from 'preact/hooks';
import { HelpBanner } from './components/help.tsx';
import { OfflineOverlay } from './components/offline-overlay.tsx';
import { locale, t } from './i18n/index.ts';
import { promptKey } from './prompts.ts';
import { CheckIn } from './screens/checkin.tsx';
import { Complaint } from './screens/complaint.tsx';
import { Confirm } from './screens/confirm.tsx';
import { Departments } from './screens/departments.tsx';
import { Done } from './screens/done.tsx';
import { Card } from './screens/card.tsx';
import { GuideItem } from './screens/guide-item.tsx';
import { Home } from './screens/home.tsx';
import { Items } from './screens/items.tsx';
import { Refusal, refusalText } from './screens/refusal.tsx';
import { Search } from './screens/search.tsx';
import { TypedId, TypedName } from './screens/typed-id.tsx';
import { spellTicketNumber } from '../contract/kiosk-speech.ts';
import type { Speak } from './speech.ts';
import type { Kiosk, Screen } from './store.ts';

function ScreenView({ k, s }: { k: Kiosk; s: Screen }) {
  switch (s.name) {
    case 'home':
      return <Home k={k} />;
    case 'departments':
      return <Departments k={k} />;
    case 'items':
      return <Items k={k} department={s.department} />;
    case 'search':
      return <Search k={k} />;
    case 'card':
      return <Card k={k} item={s.item} />;
    case 'typedId':
      return <TypedId k={k} item={s.item} />;
    case 'typedName':
      return <TypedName k={k} />;
    case 'confirm':
      return <Confirm k={k} item={s.item} />;
    case 'done':
      return <Done k={k} receipt={s.receipt} kind={s.kind} printerOffline={s.printerOffline} />;
    case 'refusal':
      return <Refusal k={k} refusal={s.refusal} />;
    case 'checkin':
      return <CheckIn k={k} />;
    case 'guide':
      return <Departments k={k} guide />;
    case 'guideItems':
      return <Items k={k} department={s.department} guide />;
    case 'guideItem':
      return <GuideItem k={k} item={s.item} />;
    case 'complaint':
      return <Complaint k={k} />;
  }
}

/** What elder mode says as a screen opens, in parts: the server's voice speaks the fixed ones only. */
function spoken(s: Screen): string[] | null {
  if (s.name === 'done') return [t('done.number'), spellTicketNumber(s.receipt.number), t(promptKey(s)!)];
  // The refusal's own words for a browser voice; its fixed title is what the server can say.
  if (s.name === 'refusal') return [t('refusal.title'), refusalText(s.refusal)];
  const key = promptKey(s);
  return key ? [t(key)] : null;
}

const stop = (e: Event) => e.preventDefault();

/** The kiosk: one screen at a time, no selection, no context menu, no zoom, no scrolling. */
export function KioskApp({ k, speak }: { k: Kiosk; speak?: Speak }) {
  const s = k.screen.value;
  const printed = s.name === 'done' ? s.receipt.printed : null;

  useEffect(() => {
    const pinch = (e: TouchEvent) => e.touches.length > 1 && e.preventDefault();
    const ctrlWheel = (e: WheelEvent) => e.ctrlKey && e.preventDefault();
    document.addEventListener('contextmenu', stop);
    document.addEventListener('selectstart', stop);
    document.addEventListener('gesturestart', stop);
    document.addEventListener('dragstart', stop);
    document.addEventListener('touchmove', pinch, { passive: false });
    document.addEventListener('wheel', ctrlWheel, { passive: false });
    return () => {
      document.removeEventListener('contextmenu', stop);
      document.removeEventListener('selectstart', stop);
      document.removeEventListener('gesturestart', stop);
      document.removeEventListener('dragstart', stop);
      document.removeEventListener('touchmove', pinch);
      document.removeEventListener('wheel', ctrlWheel);
    };
  }, []);

  useEffect(() => {
    if (!k.elder.value || !speak) return;
    const text = spoken(s);
    if (text) speak(text, locale.value === 'en' ? 'en' : 'zh-CN');
    // Spoken once per screen (and when the printer's answer changes what the done screen says).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [s.name, printed, k.elder.value]);

  return (
    <div
      class={`kiosk${k.elder.value ? ' elder' : ''}`}
      lang={locale.value === 'en' ? 'en' : 'zh-CN'}
      data-screen={s.name}
      onPointerDown={() => k.touched()}
    >
      {k.hall.value ? <ScreenView k={k} s={s} /> : <div class="screen loading">{t('common.busy')}</div>}
      <HelpBanner k={k} />
      {k.offline && <OfflineOverlay />}
    </div>
  );
}
