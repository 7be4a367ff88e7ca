import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_PAGES } from '../../server/http/ui-pages.ts';
import { PLACEHOLDER_STYLE, placeholderPage } from '../../server/http/pages.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';

/** The CSP header as a map of directive → sources. */
function csp(header: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

describe('security headers on pages and API', () => {
  let srv: TestServer;

  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('/admin may not be framed by any page: frame-ancestors none and X-Frame-Options DENY', async () => {
    const r = await fetch(`${srv.url}/admin`);
    expect(r.status).toBe(200);
    const policy = csp(r.headers.get('content-security-policy'));
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });

  it('every page and API answer carries the CSP, nosniff and the referrer policy, and no server banner', async () => {
    const paths = [...UI_PAGES.map((p) => p.path.replace(':id', '00000000-0000-4000-8000-000000000000').replace(':n', '1').replace(':window', '1')), '/api/health', '/api/openapi.json', '/api/no-such-route', '/metrics'];
    for (const p of paths) {
      const r = await fetch(`${srv.url}${p}`);
      const policy = csp(r.headers.get('content-security-policy'));
      expect(policy.get('default-src'), p).toEqual(["'self'"]);
      expect(policy.get('script-src'), p).toEqual(["'self'"]);
      expect(policy.get('object-src'), p).toEqual(["'none'"]);
      expect(policy.get('frame-ancestors'), p).toEqual(["'none'"]);
      expect(policy.get('connect-src'), p).toEqual(["'self'"]);
      expect(policy.get('img-src'), p).toEqual(["'self'", 'data:', 'blob:']);
      expect(policy.get('media-src'), p).toEqual(["'self'", 'blob:']);
      expect(policy.has('upgrade-insecure-requests'), p).toBe(false);
      expect(r.headers.get('x-content-type-options'), p).toBe('nosniff');
      expect(r.headers.get('referrer-policy'), p).toBe('same-origin');
      expect(r.headers.get('x-powered-by'), p).toBeNull();
      expect(r.headers.get('strict-transport-security'), p).toBeNull();
    }
  });

  it("inline styles are not allowed, except the placeholder page's own, admitted by its hash", async () => {
    const r = await fetch(`${srv.url}/api/health`);
    const styles = csp(r.headers.get('content-security-policy')).get('style-src')!;
    expect(styles).not.toContain("'unsafe-inline'");
    const hash = `'sha256-${createHash('sha256').update(PLACEHOLDER_STYLE).digest('base64')}'`;
    expect(styles).toEqual(["'self'", hash]);
    // The placeholder carries exactly that style and no style attribute or script.
    const html = placeholderPage('标题', '说明');
    expect(html).toContain(`<style>${PLACEHOLDER_STYLE}</style>`);
    expect(html).not.toMatch(/\sstyle=|<script/);
  });
});
