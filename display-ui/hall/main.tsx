import { signal } from '@preact/signals';
import { render } from 'preact';
import '../styles/base.css';
import '../styles/hall.css';
import { applyLocaleParam, deviceToken, numberParam, param } from '../shared/device.ts';
import { loadHallInfo } from '../shared/hall-info.ts';
import { applyLegibleSizes } from '../shared/legible-sizes.ts';
import { connectLive } from '../shared/live.ts';
import { BrowserPlayer } from '../voice/player.ts';
import { DEFAULT_REPEAT, VoiceQueue } from '../voice/voice-queue.ts';
import { flash, HallDisplay, type Layout } from './app.tsx';
import { announcementFromRecent, announcementOf } from './calls.ts';

applyLocaleParam();
applyLegibleSizes();
const token = deviceToken();
const voice = new VoiceQueue({
  player: new BrowserPlayer({
    ...(token ? { token } : {}),
    english: param('en') === '1',
    // How the last phrase went out (browser voice, server WAV or none): for whoever checks the screen.
    onSay(text, how) {
      document.body.dataset.voiceLast = `${how}:${text}`;
      document.body.dataset.voiceCount = String(Number(document.body.dataset.voiceCount ?? 0) + 1);
    },
  }),
  repeat: numberParam('repeat', DEFAULT_REPEAT),
  onError: (error) => console.warn('announcement failed', error),
});
const everConnected = signal(false);

const live = connectLive({
  ...(token ? { token } : {}),
  onSnapshot(s, previousSeq) {
    if (previousSeq < 0) {
      // A screen that starts up shows the history but does not read it out.
      voice.know(s.recentCalls.map((c) => c.seq));
      return;
    }
    // Back after too long away for a replay: the calls in the snapshot newer than what we saw are
    // the missed ones, subject to the same freshness rule as a replay.
    const missed = s.recentCalls.filter((c) => c.seq > previousSeq).reverse();
    for (const c of missed) voice.offer(announcementFromRecent(c), { missed: true, serverNowMs: live.clock.now() });
  },
  onEvent(e, replayed) {
    if (e.type === 'config.changed') void loadHallInfo(token);
    const a = announcementOf(e);
    if (!a) return;
    const outcome = voice.offer(a, { missed: replayed, serverNowMs: live.clock.now() });
    if (!replayed || outcome === 'queued') flash(a.seq);
  },
});
void loadHallInfo(token);

const layoutParam = param('layout');
const forced: Layout | null = layoutParam === 'strip' || layoutParam === 'full' ? layoutParam : null;
render(<HallDisplay live={live} forcedLayout={forced} everConnected={everConnected} />, document.getElementById('app')!);
