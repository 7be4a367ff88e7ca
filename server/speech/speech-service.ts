import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { SpeechUnavailable, synthesizeWav, type SynthOptions } from './espeak.ts';
import type { SpeechVoice } from './phrase-guard.ts';

export interface SpeechResult {
  wav: Buffer;
  cached: boolean;
}

/**
 * Announcement audio for screens without a Chinese browser voice: espeak-ng renders each phrase once,
 * the WAV is kept on disk under the data folder by a hash of voice and text, and every later request
 * (any screen, after restarts too) is served from that file. Concurrent requests for one phrase share
 * one synthesis.
 */
export class SpeechService {
  private readonly dir: string;
  private readonly pending = new Map<string, Promise<Buffer>>();
  private missing: string | null = null;

  constructor(dataDir: string, private readonly synth: SynthOptions = {}) {
    this.dir = path.join(dataDir, 'speech-cache');
  }

  /** Why server speech cannot work on this machine, once a synthesis found the binary missing. */
  get unavailable(): string | null {
    return this.missing;
  }

  fileFor(text: string, voice: SpeechVoice): string {
    const hash = createHash('sha256').update(`${voice}\n${text}`).digest('hex').slice(0, 32);
    return path.join(this.dir, `${hash}.wav`);
  }

  async speak(text: string, voice: SpeechVoice): Promise<SpeechResult> {
    const file = this.fileFor(text, voice);
    if (existsSync(file)) return { wav: readFileSync(file), cached: true };
    if (this.missing) throw new SpeechUnavailable(this.missing);
    let job = this.pending.get(file);
    if (!job) {
      job = this.render(text, voice, file).finally(() => this.pending.delete(file));
      this.pending.set(file, job);
    }
    return { wav: await job, cached: false };
  }

  private async render(text: string, voice: SpeechVoice, file: string): Promise<Buffer> {
    try {
      const wav = await synthesizeWav(text, voice, this.synth);
      mkdirSync(this.dir, { recursive: true });
      // Write then rename: a crash mid-write never leaves a truncated file that would be served forever.
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, wav);
      renameSync(tmp, file);
      return wav;
    } catch (error) {
      if (error instanceof SpeechUnavailable) this.missing = error.message;
      throw error;
    }
  }
}
