import { createHash } from 'node:crypto';
import path from 'node:path';
import { SpeechUnavailable, synthesizeWav, type SynthOptions } from './espeak.ts';
import type { SpeechVoice } from './call-phrases.ts';
import { SpeechCache, type SpeechCacheLimits } from './speech-cache.ts';

export interface SpeechResult {
  wav: Buffer;
  cached: boolean;
}

/**
 * Announcement audio for screens without a Chinese browser voice: espeak-ng renders each phrase once,
 * the WAV is kept in a bounded cache under the data folder (`speech-cache/`, by a hash of voice and
 * text, least recently used evicted), and later requests (any screen, after restarts too) are served
 * from that file. Concurrent requests for one phrase share one synthesis.
 */
export class SpeechService {
  readonly cache: SpeechCache;
  private readonly pending = new Map<string, Promise<Buffer>>();
  private missing: string | null = null;

  constructor(dataDir: string, limits: SpeechCacheLimits, private readonly synth: SynthOptions = {}) {
    this.cache = new SpeechCache(path.join(dataDir, 'speech-cache'), limits);
  }

  /** Why server speech cannot work on this machine, once a synthesis found the binary missing. */
  get unavailable(): string | null {
    return this.missing;
  }

  static fileName(text: string, voice: SpeechVoice): string {
    return `${createHash('sha256').update(`${voice}\n${text}`).digest('hex').slice(0, 32)}.wav`;
  }

  async speak(text: string, voice: SpeechVoice): Promise<SpeechResult> {
    const name = SpeechService.fileName(text, voice);
    const hit = this.cache.get(name);
    if (hit) return { wav: hit, cached: true };
    if (this.missing) throw new SpeechUnavailable(this.missing);
    let job = this.pending.get(name);
    if (!job) {
      job = this.render(text, voice, name).finally(() => this.pending.delete(name));
      this.pending.set(name, job);
    }
    return { wav: await job, cached: false };
  }

  private async render(text: string, voice: SpeechVoice, name: string): Promise<Buffer> {
    try {
      const wav = await synthesizeWav(text, voice, this.synth);
      this.cache.put(name, wav);
      return wav;
    } catch (error) {
      if (error instanceof SpeechUnavailable) this.missing = error.message;
      throw error;
    }
  }
}
