import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { CODE_MAP_PRESETS, CodeMap, FIELD_MAP_PRESETS, FieldMap, type CodeMapPreset, type FieldMapPreset } from '../../contract/push.ts';

/** Why the push configuration cannot be used; main.ts refuses to start on it (a target that silently pushes nothing is worse). */
export class PushConfigError extends Error {}

const presetOr = <T extends z.ZodType>(names: readonly string[], custom: T) => z.union([z.enum(names as [string, ...string[]]), custom]);

/** One target as written in the push file (HALL_PUSH_CONFIG) or given as the `push` option. */
export const PushTargetFile = z.strictObject({
  /** Stable code (the console and the centre name the target by it). */
  code: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'lower-case letters, digits, _ and -, at most 32'),
  name: z.string().min(1).max(60),
  url: z.string().url(),
  /** The token itself, or the name of an environment variable holding it (preferred: the file then holds no secret). */
  token: z.string().min(8).max(500).optional(),
  tokenEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
  /** The header that carries the token (default Authorization) and its scheme (default Bearer; '' for the token alone). */
  authHeader: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).default('Authorization'),
  authScheme: z.string().max(20).default('Bearer'),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** A preset name (hallq, gbt39046) or record field → receiver field. */
  fieldMap: presetOr(Object.keys(FIELD_MAP_PRESETS), FieldMap).default('gbt39046'),
  /** A preset name (gbt39046: 1 = 非常满意; reversed: 1 = 非常不满意) or grade → code. */
  codeMap: presetOr(Object.keys(CODE_MAP_PRESETS), CodeMap),
  active: z.boolean().default(true),
});
export type PushTargetFile = z.input<typeof PushTargetFile>;

export const PushFile = z.strictObject({
  targets: z.array(PushTargetFile).max(20).refine((t) => new Set(t.map((x) => x.code)).size === t.length, 'target codes must differ'),
  /** Back-off after a failed attempt: base·2^(n−1) seconds, capped, times a random factor in [0.5, 1]. */
  backoff: z.strictObject({ baseSeconds: z.number().min(0.01).max(3600).default(5), maxSeconds: z.number().min(0.01).max(86_400).default(600) }).default({ baseSeconds: 5, maxSeconds: 600 }),
});
export type PushFile = z.input<typeof PushFile>;

/** A target ready to use: maps resolved, token in hand (sealed before it reaches the database). */
export interface ResolvedTarget {
  code: string;
  name: string;
  url: string;
  token: string | null;
  authHeader: string;
  authScheme: string;
  timeoutMs: number;
  fieldMap: Record<string, string>;
  codeMap: Record<string, string | number>;
  active: boolean;
}

export interface ResolvedPushConfig {
  targets: ResolvedTarget[];
  backoff: { baseSeconds: number; maxSeconds: number };
}

/** Validates a push configuration and resolves presets and token variables. */
export function resolvePushConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env, where = 'push configuration'): ResolvedPushConfig {
  const parsed = PushFile.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    throw new PushConfigError(`${where}: ${issues}`);
  }
  const targets = parsed.data.targets.map((t): ResolvedTarget => {
    let token = t.token ?? null;
    if (t.tokenEnv) {
      const v = env[t.tokenEnv]?.trim();
      if (!v) throw new PushConfigError(`${where}: target ${t.code} takes its token from ${t.tokenEnv}, which is not set`);
      token = v;
    }
    return {
      code: t.code,
      name: t.name,
      url: t.url,
      token,
      authHeader: t.authHeader,
      authScheme: t.authScheme,
      timeoutMs: t.timeoutMs,
      fieldMap: typeof t.fieldMap === 'string' ? { ...FIELD_MAP_PRESETS[t.fieldMap as FieldMapPreset] } : (t.fieldMap as Record<string, string>),
      codeMap: typeof t.codeMap === 'string' ? { ...CODE_MAP_PRESETS[t.codeMap as CodeMapPreset] } : (t.codeMap as Record<string, string | number>),
      active: t.active,
    };
  });
  return { targets, backoff: parsed.data.backoff };
}

/** The push file named by HALL_PUSH_CONFIG (YAML), or undefined when the hall pushes nowhere. */
export function pushConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ResolvedPushConfig | undefined {
  const file = env.HALL_PUSH_CONFIG?.trim();
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PushConfigError(`HALL_PUSH_CONFIG: cannot read ${file}: ${(error as Error).message}`);
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) throw new PushConfigError(`HALL_PUSH_CONFIG ${file}: ${doc.errors[0]!.message}`);
  return resolvePushConfig(doc.toJS(), env, file);
}
