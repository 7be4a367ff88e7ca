import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

const disconnected = (s: ReturnType<TestServer['socket']>) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(String(reason))));

describe('live sockets lose access when their credentials do', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('disconnects a kiosk socket when its device is revoked', async () => {
    const kiosk = server.socket({ token: KIOSK_TOKEN });
    await new Promise((r) => kiosk.once('snapshot', r));
    const gone = disconnected(kiosk);
    const admin = await server.login('A001');
    expect((await server.api('DELETE', '/api/admin/devices/K1', { cookie: admin })).status).toBe(200);
    expect(await gone).toBe('io server disconnect');
  });

  it('disconnects a staff socket on logout, and on a password reset', async () => {
    const first = await server.login('T001');
    const a = server.socket({ cookie: first });
    await new Promise((r) => a.once('snapshot', r));
    const goneA = disconnected(a);
    await server.api('POST', '/api/auth/logout', { cookie: first, body: {} });
    expect(await goneA).toBe('io server disconnect');

    const second = await server.login('T001');
    const b = server.socket({ cookie: second });
    await new Promise((r) => b.once('snapshot', r));
    const goneB = disconnected(b);
    const admin = await server.login('A001');
    await server.api('POST', '/api/admin/staff/T001/password', { cookie: admin, body: { password: 'a-new-password-1' } });
    expect(await goneB).toBe('io server disconnect');
  });
});
