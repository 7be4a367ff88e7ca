/**
 * Which push services the hall sends to. A subscription's endpoint comes from a citizen's browser, so
 * without a check anyone could make the hall POST to an address of their choosing (SSRF). Only HTTPS
 * endpoints of the browsers' push services are taken, plus origins an operator (or a test's local
 * push service) names: HALL_PUSH_SERVICES, comma-separated origins such as http://127.0.0.1:9000.
 */
const KNOWN_SERVICES = [
  'fcm.googleapis.com',
  'android.googleapis.com',
  'updates.push.services.mozilla.com',
  'push.services.mozilla.com',
  'web.push.apple.com',
  'notify.windows.com',
  'push.hihonorcloud.com',
  'push.hicloud.com',
];

export class PushEndpointPolicy {
  constructor(private readonly extraOrigins: readonly string[] = []) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): PushEndpointPolicy {
    return new PushEndpointPolicy((env.HALL_PUSH_SERVICES ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  }

  allows(endpoint: string): boolean {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return false;
    }
    if (this.extraOrigins.some((o) => safeOrigin(o) === url.origin)) return true;
    if (url.protocol !== 'https:' || url.port !== '') return false;
    return KNOWN_SERVICES.some((host) => url.hostname === host || url.hostname.endsWith(`.${host}`));
  }
}

function safeOrigin(o: string): string | null {
  try {
    return new URL(o).origin;
  } catch {
    return null;
  }
}
