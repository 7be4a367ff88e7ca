import { render } from 'preact';
import { App } from './app.tsx';
import { locale } from './i18n/index.ts';
import { BookModel, type Step } from './model.ts';
import { LookupModel } from './screens/lookup.tsx';
import { StationModel } from './screens/station.tsx';
import './book.css';

// ?lang=en, else what this phone chose last time, else Chinese.
const asked = new URLSearchParams(location.search).get('lang') ?? localStorage.getItem('hallq.book.lang');
if (asked === 'en') locale.value = 'en';

const m = new BookModel();
const l = new LookupModel();
const s = new StationModel();
m.stationSignedIn = () => s.me.value !== undefined;
history.replaceState({ step: 'department' }, '');
window.addEventListener('popstate', (e) => m.restore((e.state as { step?: Step } | null)?.step));
void m.load();
void s.load();
render(<App m={m} l={l} s={s} />, document.getElementById('app')!);
// The e2e test reads how long each step took as the citizen met it.
(window as unknown as { hallqBookTimings: Record<string, number> }).hallqBookTimings = m.timings;
