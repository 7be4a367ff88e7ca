import { signal } from '@preact/signals';
import { render } from 'preact';
import '../styles/base.css';
import '../styles/window.css';
import { applyLocaleParam, deviceToken, param, pathNumber } from '../shared/device.ts';
import { loadHallInfo } from '../shared/hall-info.ts';
import { applyLegibleSizes } from '../shared/legible-sizes.ts';
import { connectLive } from '../shared/live.ts';
import { announcementOf } from '../hall/calls.ts';
import { WindowScreen } from './app.tsx';

applyLocaleParam();
applyLegibleSizes();
const token = deviceToken();
const n = pathNumber() ?? 1;
/** The window whose number is flashing after a call (this screen shows one window only). */
const flashing = signal<number | null>(null);
let timer: ReturnType<typeof setTimeout> | undefined;
const everConnected = signal(false);

const live = connectLive({
  ...(token ? { token } : {}),
  onEvent(e, replayed) {
    if (e.type === 'config.changed') void loadHallInfo(token);
    const a = announcementOf(e);
    if (!a || a.window !== n || replayed) return;
    flashing.value = n;
    clearTimeout(timer);
    timer = setTimeout(() => (flashing.value = null), 6000);
  },
});
void loadHallInfo(token);
document.title = `${n}号窗口 · 窗口屏`;
render(<WindowScreen n={n} live={live} flashing={flashing} everConnected={everConnected} photos={param('photos')} />, document.getElementById('app')!);
