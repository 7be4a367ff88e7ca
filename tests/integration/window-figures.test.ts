import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/** The terminal's 已办件 counts 办结 only: 受理, 不予受理 and 咨询 are finished, but not a case done. */
describe('window figures', () => {
  let srv: TestServer;
  let cookie: string;
  const act = async (action: string, body: unknown = {}) => {
    const r = await srv.api('POST', `/api/windows/1/${action}`, { cookie, body });
    expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
  };

  beforeAll(async () => {
    srv = await startTestServer({ at: '2026-11-30T02:00:00Z' });
    cookie = await srv.login('T001');
    await act('sign-in');
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('counts only the tickets finished as 办结', async () => {
    const outcomes = ['done', 'rejected', 'consultation', 'accepted', 'done'];
    for (const outcome of outcomes) {
      const r = await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      await act('call-next');
      await act('start');
      await act('finish', { outcome });
    }
    const state = await srv.api('GET', '/api/windows/1/state', { cookie });
    expect(state.status).toBe(200);
    expect(state.body.figures.served).toBe(2);
  });
});
