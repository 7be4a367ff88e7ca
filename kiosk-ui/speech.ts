/**
 * Spoken prompts for 长者模式, through the browser's speechSynthesis, only where a voice for the
 * language exists (a kiosk without a Chinese voice stays silent rather than mispronouncing).
 */
export type Speak = (text: string, lang: 'zh-CN' | 'en') => void;

export function browserSpeaker(): Speak {
  const synth = typeof window !== 'undefined' ? window.speechSynthesis : undefined;
  if (!synth) return () => undefined;
  return (text, lang) => {
    const prefix = lang === 'en' ? 'en' : 'zh';
    const voice = synth.getVoices().find((v) => v.lang.toLowerCase().replace('_', '-').startsWith(prefix));
    if (!voice) return;
    synth.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.voice = voice;
    u.lang = voice.lang;
    u.rate = 0.9;
    synth.speak(u);
  };
}
