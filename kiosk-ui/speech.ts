/**
 * Spoken prompts for 长者模式: through the browser's speechSynthesis where a voice for the language
 * exists, else, like the hall displays, the hall server's WAV from GET /api/speech (with the kiosk's
 * token; the server speaks only the kiosk's fixed prompts and spelled numbers, contract/kiosk-speech.ts).
 * A server without espeak-ng (503) leaves the kiosk silent rather than mispronouncing.
 */
export type SpeakLang = 'zh-CN' | 'en';

/** One utterance as its parts (a prompt, a spelled number, …): the server speaks each part it knows. */
export type Speak = (parts: string[], lang: SpeakLang) => void;

export interface SpeakerOptions {
  /** The kiosk's device token, for the server's speech. */
  token?: string;
  /** Where the WAVs are fetched and played; replaced in tests. */
  fetchWav?: (text: string, lang: SpeakLang) => Promise<Response>;
  play?: (wav: Blob) => Promise<void>;
  synth?: SpeechSynthesis;
}

function findVoice(synth: SpeechSynthesis | undefined, lang: SpeakLang): SpeechSynthesisVoice | undefined {
  const prefix = lang === 'en' ? 'en' : 'zh';
  return synth?.getVoices().find((v) => {
    const l = v.lang.toLowerCase().replace('_', '-');
    return l.startsWith(prefix) || (prefix === 'zh' && l.startsWith('cmn'));
  });
}

function playWav(wav: Blob): Promise<void> {
  const url = URL.createObjectURL(wav);
  const el = new Audio(url);
  const done = new Promise<void>((resolve) => {
    el.onended = () => resolve();
    el.onerror = () => resolve();
    el.play().catch(() => resolve());
    // An audio element that never reports its end must not hold the prompts up.
    setTimeout(resolve, 15_000);
  });
  return done.finally(() => URL.revokeObjectURL(url));
}

export function kioskSpeaker(options: SpeakerOptions = {}): Speak {
  const synth = options.synth ?? (typeof window !== 'undefined' ? window.speechSynthesis : undefined);
  const fetchWav =
    options.fetchWav ??
    ((text: string, lang: SpeakLang) =>
      fetch(`/api/speech?text=${encodeURIComponent(text)}&lang=${lang}`, { headers: options.token ? { authorization: `Bearer ${options.token}` } : {}, credentials: 'same-origin' }));
  const play = options.play ?? playWav;
  let server: 'unknown' | 'ok' | 'unavailable' = 'unknown';
  // A newer prompt replaces the one still playing: its remaining parts are dropped.
  let generation = 0;
  return (parts, lang) => {
    const voice = findVoice(synth, lang);
    if (voice && synth) {
      synth.cancel();
      const u = new SpeechSynthesisUtterance(parts.join(' '));
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = 0.9;
      synth.speak(u);
      return;
    }
    if (server === 'unavailable') return;
    const mine = ++generation;
    void (async () => {
      for (const part of parts) {
        if (mine !== generation) return;
        try {
          const res = await fetchWav(part, lang);
          if (res.status === 503) {
            server = 'unavailable';
            return;
          }
          if (!res.ok) continue; // a part the server will not speak: the others still are
          server = 'ok';
          const wav = await res.blob();
          if (mine !== generation) return;
          await play(wav);
        } catch {
          return;
        }
      }
    })();
  };
}
