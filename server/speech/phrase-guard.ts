export type SpeechVoice = 'cmn' | 'en';

const ZH_TICKET = '[A-Z]{1,2}[零一二三四五六七八九十百千幺]{1,12}';
const EN_DIGIT = '(?:zero|one|two|three|four|five|six|seven|eight|nine)';
const EN_TICKET = `[A-Z](?: [A-Z])?(?: ${EN_DIGIT}){1,6}`;
const WINDOW = '\\d{1,3}';

function templatePattern(template: string, ticket: string): RegExp {
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replaceAll('\\{ticket\\}', ticket).replaceAll('\\{window\\}', WINDOW)}$`);
}

/**
 * Decides which phrases the server will synthesise: only announcements, never arbitrary text, so the
 * public speech route cannot be used as a text-to-speech service or to make a hall screen say
 * something else. A phrase is allowed when it fills the hall's voice template, or when a call event
 * of today carried it (the template may have changed since).
 */
export class PhraseGuard {
  constructor(
    private readonly announced: (day: string, text: string) => 'zh' | 'en' | undefined,
    private readonly templates: () => { zh: string; en: string },
    private readonly today: () => string,
  ) {}

  voiceFor(text: string): SpeechVoice | null {
    const t = this.templates();
    if (templatePattern(t.zh, ZH_TICKET).test(text)) return 'cmn';
    if (templatePattern(t.en, EN_TICKET).test(text)) return 'en';
    const announced = this.announced(this.today(), text);
    if (!announced) return null;
    return announced === 'zh' ? 'cmn' : 'en';
  }
}
