import { z } from 'zod';
import type { HallContext } from '../context.ts';
import { SpeechUnavailable } from '../speech/espeak.ts';
import { PhraseGuard } from '../speech/phrase-guard.ts';
import { SpeechService } from '../speech/speech-service.ts';
import { DomainError } from '../common/errors.ts';
import { EVERYONE, type AddRoute, raw } from './route.ts';

const SpeechQuery = z.object({ text: z.string().trim().min(1).max(200) });

/** GET /api/speech: the WAV of one announcement, for screens without a Chinese browser voice. */
export function speechRoutes(add: AddRoute, ctx: HallContext): void {
  const { engine } = ctx;
  const guard = new PhraseGuard(
    (day, text) => ctx.queries.announcedPhrase(day, text),
    () => ({ zh: engine.catalog.rules.voiceTemplate, en: engine.catalog.rules.voiceTemplateEn }),
    () => engine.core.today(),
  );
  const service = new SpeechService(ctx.dataDir, process.env.HALL_ESPEAK_BIN ? { binary: process.env.HALL_ESPEAK_BIN } : {});

  add(
    { method: 'get', path: '/api/speech', summary: 'Announcement audio (WAV, espeak-ng) for a phrase the hall announces', tag: 'public', response: raw('audio/wav'), allow: EVERYONE, query: SpeechQuery },
    async ({ query, res }) => {
      const voice = guard.voiceFor(query.text);
      if (!voice) throw new DomainError('unprocessable', 'SPEECH_PHRASE_REFUSED', '只合成本大厅的叫号语音。');
      try {
        const { wav, cached } = await service.speak(query.text, voice);
        res.setHeader('Content-Type', 'audio/wav');
        res.setHeader('Cache-Control', 'public, max-age=86400');
        res.setHeader('X-Speech-Cache', cached ? 'hit' : 'miss');
        res.end(wav);
      } catch (error) {
        if (error instanceof SpeechUnavailable) throw new DomainError('unavailable', 'SPEECH_UNAVAILABLE', '服务器未安装语音合成（espeak-ng），请在显示屏浏览器安装中文语音。', { reason: error.message });
        ctx.log.error({ err: error }, 'speech synthesis failed');
        throw new DomainError('unavailable', 'SPEECH_FAILED', '语音合成失败，请稍后再试。');
      }
    },
  );
}
