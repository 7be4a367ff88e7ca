import type { HallEvent } from '../../contract/events.ts';

export type SpeechVoice = 'cmn' | 'en';

/** The event types that announce a ticket at a window (the screens speak these, see display-ui/hall/calls.ts). */
const CALL_TYPES = new Set<string>(['ticket.called', 'ticket.recalled', 'ticket.resumed']);

export interface CallPhraseSource {
  /** The hall's business day now. */
  today(): string;
  /** The newest call events of `day`, newest first. */
  recentCalls(day: string, limit: number): HallEvent[];
  /** Changes whenever an event is appended: the admitted set is rebuilt only then. */
  lastSeq(): number;
}

interface Admitted {
  voice: SpeechVoice;
  window: number;
}

/**
 * Decides which phrases the server will synthesise: only the exact phrases of calls that happened, i.e.
 * the Chinese or English phrase of one of the hall's `recent` newest call events of today, each with
 * its ticket and window. Anything else (made-up numbers that fit the template, yesterday's calls,
 * other text) is refused before espeak-ng runs, so the route is neither a text-to-speech service nor
 * a way to fill the disk with distinct phrases.
 */
export class CallPhrases {
  private key = '';
  private admitted = new Map<string, Admitted>();

  constructor(
    private readonly source: CallPhraseSource,
    private readonly recent: number,
  ) {}

  /**
   * The voice for `text` when a recent call carried it; `window` restricts to calls at that window (a
   * window screen's token speaks only its own window).
   */
  voiceFor(text: string, window: number | null = null): SpeechVoice | null {
    const hit = this.current().get(text);
    if (!hit || (window !== null && hit.window !== window)) return null;
    return hit.voice;
  }

  private current(): Map<string, Admitted> {
    const day = this.source.today();
    const key = `${day}#${this.source.lastSeq()}`;
    if (key === this.key) return this.admitted;
    const admitted = new Map<string, Admitted>();
    for (const e of this.source.recentCalls(day, this.recent)) {
      if (!CALL_TYPES.has(e.type) || !e.ticket || e.window === null) continue;
      const { phrase, phraseEn } = e.data as { phrase?: unknown; phraseEn?: unknown };
      if (typeof phrase === 'string' && phrase && !admitted.has(phrase)) admitted.set(phrase, { voice: 'cmn', window: e.window });
      if (typeof phraseEn === 'string' && phraseEn && !admitted.has(phraseEn)) admitted.set(phraseEn, { voice: 'en', window: e.window });
    }
    this.key = key;
    this.admitted = admitted;
    return admitted;
  }
}
