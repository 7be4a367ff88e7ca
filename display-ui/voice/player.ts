import type { Announcement, AnnouncementPlayer } from './voice-queue.ts';

export interface BrowserPlayerOptions {
  /** Also read the English phrase after the Chinese one. */
  english?: boolean;
  /** Seconds of silence between two rounds. */
  restMs?: number;
  /** Notified of each phrase as it is handed to a voice, and how: for the screen's own status line. */
  onSay?: (text: string, how: 'browser' | 'server' | 'none') => void;
  /** The screen's device token: /api/speech answers display tokens only, sent as the other display calls send it. */
  token?: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A phrase that never reports its end still ends the announcement: no stuck queue. */
function guard(p: Promise<void>, ms: number): Promise<void> {
  return Promise.race([p, sleep(ms)]);
}

/**
 * Sound for the hall screen: a two-tone chime from WebAudio, then the phrase through the browser's
 * speechSynthesis with a Chinese voice when the system has one; otherwise the server's WAV from
 * /api/speech (with the screen's token; the server speaks only recent calls); when the server answers
 * 503 (no espeak-ng), the chime alone; a refusal (401/403/404/429) plays the chime alone for that
 * phrase and asks again next time. The hall PC's Chromium
 * should run with --autoplay-policy=no-user-gesture-required, as a kiosk-mode display has no user.
 */
export class BrowserPlayer implements AnnouncementPlayer {
  private audio: AudioContext | null = null;
  private serverSpeech: 'unknown' | 'ok' | 'unavailable' = 'unknown';
  private voices: Promise<SpeechSynthesisVoice[]> | null = null;
  /** Chrome drops an utterance that nothing references before it ends. */
  private utterance: SpeechSynthesisUtterance | null = null;

  constructor(private readonly options: BrowserPlayerOptions = {}) {}

  async chime(): Promise<void> {
    try {
      const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
      if (!Ctx) return;
      this.audio ??= new Ctx();
      const ctx = this.audio;
      if (ctx.state === 'suspended') await guard(ctx.resume(), 300);
      const start = ctx.currentTime + 0.05;
      // 叮咚: E6 then C6, each with a soft bell-like decay.
      [
        [1318.5, 0],
        [1046.5, 0.45],
      ].forEach(([freq, offset]) => {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.type = 'sine';
        osc.frequency.value = freq!;
        gain.gain.setValueAtTime(0.0001, start + offset!);
        gain.gain.exponentialRampToValueAtTime(0.35, start + offset! + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + offset! + 0.9);
        osc.connect(gain).connect(ctx.destination);
        osc.start(start + offset!);
        osc.stop(start + offset! + 0.95);
      });
    } catch {
      /* no audio device: the announcement still goes on */
    }
    await sleep(1400);
  }

  async say(a: Announcement): Promise<void> {
    await this.sayOne(a.phrase, 'zh');
    if (this.options.english && a.phraseEn) await this.sayOne(a.phraseEn, 'en');
  }

  rest(): Promise<void> {
    return sleep(this.options.restMs ?? 800);
  }

  private async sayOne(text: string, lang: 'zh' | 'en'): Promise<void> {
    const voice = await this.voiceFor(lang);
    if (voice) {
      this.options.onSay?.(text, 'browser');
      return guard(this.speakWith(text, voice), 20_000);
    }
    if (this.serverSpeech !== 'unavailable') {
      const played = await this.playServer(text);
      if (played) {
        this.options.onSay?.(text, 'server');
        return;
      }
    }
    this.options.onSay?.(text, 'none');
  }

  private voiceFor(lang: 'zh' | 'en'): Promise<SpeechSynthesisVoice | undefined> {
    if (typeof speechSynthesis === 'undefined') return Promise.resolve(undefined);
    this.voices ??= new Promise((resolve) => {
      const now = speechSynthesis.getVoices();
      if (now.length) return resolve(now);
      // Chromium loads voices asynchronously; give it a moment once.
      const done = () => resolve(speechSynthesis.getVoices());
      speechSynthesis.addEventListener?.('voiceschanged', done, { once: true });
      setTimeout(done, 1500);
    });
    return this.voices.then((list) => {
      const norm = (v: SpeechSynthesisVoice) => v.lang.replace('_', '-').toLowerCase();
      if (lang === 'en') return list.find((v) => norm(v).startsWith('en'));
      return list.find((v) => norm(v) === 'zh-cn') ?? list.find((v) => norm(v).startsWith('zh') || norm(v).startsWith('cmn'));
    });
  }

  private speakWith(text: string, voice: SpeechSynthesisVoice): Promise<void> {
    return new Promise((resolve) => {
      const u = new SpeechSynthesisUtterance(text);
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = 0.9;
      u.onend = () => resolve();
      u.onerror = () => resolve();
      this.utterance = u;
      speechSynthesis.speak(u);
    });
  }

  private async playServer(text: string): Promise<boolean> {
    try {
      const headers: Record<string, string> = this.options.token ? { authorization: `Bearer ${this.options.token}` } : {};
      const res = await fetch(`/api/speech?text=${encodeURIComponent(text)}`, { headers, credentials: 'same-origin' });
      if (res.status === 503) {
        this.serverSpeech = 'unavailable';
        return false;
      }
      if (!res.ok) return false;
      this.serverSpeech = 'ok';
      const url = URL.createObjectURL(await res.blob());
      try {
        const el = new Audio(url);
        await guard(
          new Promise<void>((resolve) => {
            el.onended = () => resolve();
            el.onerror = () => resolve();
            el.play().catch(() => resolve());
          }),
          20_000,
        );
      } finally {
        URL.revokeObjectURL(url);
      }
      return true;
    } catch {
      return false;
    }
  }
}
