import type { UplinkTarget } from './uplink.ts';

/** Why the uplink settings in the environment cannot be used; main.ts refuses to start on it. */
export class UplinkConfigError extends Error {}

/**
 * The uplink target from HALL_UPLINK_URL and HALL_UPLINK_TOKEN: both or neither. A hall with neither
 * runs alone, as before; one with only one of them is a mistake worth stopping for.
 */
export function uplinkFromEnv(env: NodeJS.ProcessEnv): UplinkTarget | undefined {
  const url = env.HALL_UPLINK_URL?.trim() ?? '';
  const token = env.HALL_UPLINK_TOKEN?.trim() ?? '';
  if (!url && !token) return undefined;
  if (!url || !token) throw new UplinkConfigError('HALL_UPLINK_URL and HALL_UPLINK_TOKEN go together: set both to join a central platform, or neither to run alone.');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UplinkConfigError(`HALL_UPLINK_URL is not a URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UplinkConfigError(`HALL_UPLINK_URL must start with https:// (or http:// on a private network): ${url}`);
  if (token.length < 8) throw new UplinkConfigError('HALL_UPLINK_TOKEN is too short to be a hall token issued by the centre.');
  return { url: parsed.toString().replace(/\/+$/, ''), token };
}
