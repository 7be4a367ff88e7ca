import { z } from 'zod';
import type { HallContext } from '../context.ts';
import { DomainError } from '../common/errors.ts';
import { CallPhrases } from '../speech/call-phrases.ts';
import { SpeechUnavailable } from '../speech/espeak.ts';
import { speechConfigFromEnv } from '../speech/speech-config.ts';
import { SpeechLimits } from '../speech/speech-limits.ts';
import { SpeechService } from '../speech/speech-service.ts';
import { type AddRoute, raw } from './route.ts';
import { kioskSpeechVoice } from '../../contract/kiosk-speech.ts';

const SpeechQuery = z.object({
  text: z.string().trim().min(1).max(200),
  /** A kiosk's language, for a spelled ticket number (contract/kiosk-speech.ts); displays need none. */
  lang: z.enum(['zh-CN', 'en']).optional(),
});

/**
 * GET /api/speech: the WAV of one announcement, for hall screens without a Chinese browser voice.
 * Display tokens (DESIGN.md §5: the speech phrases are what a display may read beyond public) and
 * kiosk tokens (their fixed 长者模式 prompts and spelled numbers only, contract/kiosk-speech.ts);
 * per token and per address rate limits; only the phrase of a recent call of today (a window screen:
 * of its own window) is synthesised; the WAVs live in a bounded cache.
 */
export function speechRoutes(add: AddRoute, ctx: HallContext): void {
  const { engine } = ctx;
  const config = speechConfigFromEnv();
  const phrases = new CallPhrases(
    {
      today: () => engine.core.today(),
      recentCalls: (day, limit) => ctx.queries.recentCallEvents(day, limit),
      lastSeq: () => engine.core.log.lastSeq(),
    },
    config.recentCalls,
  );
  const service = new SpeechService(ctx.dataDir, config.cache, config.synth);
  const limits = new SpeechLimits(config.perTokenPerMinute, config.perAddressPerMinute);

  add(
    { method: 'get', path: '/api/speech', summary: 'Announcement audio (WAV, espeak-ng) of a recent call for display screens, or a fixed kiosk prompt', tag: 'display', response: raw('audio/wav'), allow: ['display', 'kiosk'], query: SpeechQuery },
    async ({ query, res, req, principal }) => {
      if (principal.kind !== 'device') throw new DomainError('forbidden', 'FORBIDDEN', '只有显示屏和取号机可以获取语音。');
      const wait = await limits.take(principal.code, req.ip ?? 'unknown');
      if (wait !== null) {
        res.setHeader('Retry-After', String(wait));
        throw new DomainError('rate_limited', 'SPEECH_RATE_LIMITED', `语音请求过于频繁，请 ${wait} 秒后再试。`, { retryAfterSeconds: wait });
      }
      // A kiosk (长者模式 without a browser voice) hears only its fixed prompts and spelled numbers.
      const voice = principal.deviceKind === 'kiosk' ? kioskSpeechVoice(query.text, query.lang) : phrases.voiceFor(query.text, principal.window);
      if (!voice) throw new DomainError('not_found', 'SPEECH_NOT_CALLED', '只合成本大厅今天最近叫过的号的语音。');
      try {
        const { wav, cached } = await service.speak(query.text, voice);
        res.setHeader('Content-Type', 'audio/wav');
        // The answer depends on the caller's token: never kept by a shared cache.
        res.setHeader('Cache-Control', 'private, max-age=3600');
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
