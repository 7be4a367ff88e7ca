import type { SynthOptions } from './espeak.ts';
import type { SpeechCacheLimits } from './speech-cache.ts';

export interface SpeechConfig {
  synth: SynthOptions;
  cache: SpeechCacheLimits;
  /** How many of today's newest call events a screen may ask to hear. */
  recentCalls: number;
  /** Requests per minute a display token may make, and a client address. */
  perTokenPerMinute: number;
  perAddressPerMinute: number;
}

export const SPEECH_DEFAULTS = {
  cacheMb: 64,
  cacheEntries: 400,
  recentCalls: 50,
  perTokenPerMinute: 60,
  perAddressPerMinute: 120,
} as const;

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${JSON.stringify(raw)}`);
  return n;
}

/**
 * The speech route's settings from the environment: HALL_ESPEAK_BIN, HALL_SPEECH_CACHE_MB,
 * HALL_SPEECH_CACHE_ENTRIES, HALL_SPEECH_RECENT_CALLS, HALL_SPEECH_RATE_TOKEN and
 * HALL_SPEECH_RATE_ADDRESS (per minute). A bad value stops the start with its name.
 */
export function speechConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SpeechConfig {
  return {
    synth: env.HALL_ESPEAK_BIN ? { binary: env.HALL_ESPEAK_BIN } : {},
    cache: {
      maxBytes: Math.floor(positive(env, 'HALL_SPEECH_CACHE_MB', SPEECH_DEFAULTS.cacheMb) * 1024 * 1024),
      maxEntries: Math.floor(positive(env, 'HALL_SPEECH_CACHE_ENTRIES', SPEECH_DEFAULTS.cacheEntries)),
    },
    recentCalls: Math.max(1, Math.floor(positive(env, 'HALL_SPEECH_RECENT_CALLS', SPEECH_DEFAULTS.recentCalls))),
    perTokenPerMinute: Math.max(1, Math.floor(positive(env, 'HALL_SPEECH_RATE_TOKEN', SPEECH_DEFAULTS.perTokenPerMinute))),
    perAddressPerMinute: Math.max(1, Math.floor(positive(env, 'HALL_SPEECH_RATE_ADDRESS', SPEECH_DEFAULTS.perAddressPerMinute))),
  };
}
