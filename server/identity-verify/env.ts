import type { Logger } from '../common/logger.ts';
import { DemoIdentityVerifier } from './demo-verifier.ts';
import { HttpIdentityVerifier } from './http-verifier.ts';
import { verifierOff, type IdentityVerifier } from './verifier.ts';

/** How a hall's e-ID verification is chosen (HallServerOptions.identityVerify). */
export type IdentityVerifyChoice = { kind: 'http'; url: string; token: string; timeoutMs?: number } | { kind: 'demo' } | { kind: 'off' };

/**
 * HALL_EID_VERIFY_URL + HALL_EID_VERIFY_TOKEN (and HALL_EID_VERIFY_TIMEOUT_MS) configure the service.
 * Without them a demo hall uses the demo stand-in and production has none: a scanned e-ID is then
 * refused with a message, never taken on trust.
 */
export function identityVerifyFromEnv(env: NodeJS.ProcessEnv, production: boolean): IdentityVerifyChoice {
  const url = env.HALL_EID_VERIFY_URL?.trim();
  if (!url) return production ? { kind: 'off' } : { kind: 'demo' };
  const token = env.HALL_EID_VERIFY_TOKEN?.trim() ?? '';
  if (!token) throw new RangeError('HALL_EID_VERIFY_TOKEN: HALL_EID_VERIFY_URL is set but no token is given (the service is called with Authorization: Bearer <token>)');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError(`HALL_EID_VERIFY_URL: "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new RangeError(`HALL_EID_VERIFY_URL: "${url}" should be an http(s) URL`);
  const raw = env.HALL_EID_VERIFY_TIMEOUT_MS?.trim();
  const timeoutMs = raw ? Number(raw) : undefined;
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 60_000)) {
    throw new RangeError(`HALL_EID_VERIFY_TIMEOUT_MS: "${raw}" should be whole milliseconds between 100 and 60000`);
  }
  return { kind: 'http', url, token, ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
}

export function createIdentityVerifier(choice: IdentityVerifyChoice, log: Logger): IdentityVerifier {
  switch (choice.kind) {
    case 'http':
      return new HttpIdentityVerifier({ url: choice.url, token: choice.token, log, ...(choice.timeoutMs !== undefined ? { timeoutMs: choice.timeoutMs } : {}) });
    case 'demo':
      return new DemoIdentityVerifier();
    case 'off':
      return verifierOff;
  }
}
