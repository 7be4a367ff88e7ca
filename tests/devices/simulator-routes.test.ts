import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskIdentity, StreamEvent } from '../../contract/socket.ts';
import { KIOSK_TOKEN, nextEvent, startDeviceServer, until, type DeviceTestServer } from './helpers.ts';

describe('acting on simulated devices from the API (demo mode)', () => {
  let server: DeviceTestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startDeviceServer();
    admin = await server.login('A001');
  });
  afterAll(async () => {
    await server.stop();
  });

  it('places a demo card on a kiosk reader, runs its printer out of paper and shows what it printed', async () => {
    const kiosk = server.socket({ token: KIOSK_TOKEN });
    await nextEvent(kiosk, 'snapshot');
    const identity = nextEvent<KioskIdentity>(kiosk, 'kiosk:identity');
    expect((await server.api('POST', '/api/devices/K1-idcard/simulate', { cookie: admin, body: { action: 'place-card', card: 1 } })).status).toBe(200);
    const read = await identity;
    expect(read.idMasked).toMatch(/^\*+\d{3}[\dX]$/); // only the last four characters are shown

    const issued = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA', identityRef: read.identityRef } });
    expect(issued.status).toBe(200);
    await until('the ticket is printed', async () => (await server.api('GET', '/api/devices/K1-printer/preview', { cookie: admin })).body?.includes?.(issued.body.number) === true);

    expect((await server.api('POST', '/api/devices/K1-printer/simulate', { cookie: admin, body: { action: 'paper', state: 'out' } })).status).toBe(200);
    const failed = nextEvent<StreamEvent>(kiosk, 'event', (e) => e.type === 'ticket.print_result');
    const second = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    expect((await failed).data.printed).toBe(false);
    expect(second.body.number).toBe('A002');
    await server.api('POST', '/api/devices/K1-printer/simulate', { cookie: admin, body: { action: 'paper', state: 'ok' } });
  });

  it('presses a caller key at a window', async () => {
    const staff = await server.login('T001');
    await server.api('POST', '/api/windows/1/sign-in', { cookie: staff, body: {} });
    const pressed = await server.api('POST', '/api/devices/W1-caller/simulate', { cookie: admin, body: { action: 'key', key: 'call' } });
    expect(pressed.status).toBe(200);
    expect(pressed.body.acked).toBe(true);
    await until('window 1 has called', async () => (await server.api('GET', '/api/windows/1/state', { cookie: staff })).body.window.current !== null);
  });

  it('refuses devices that are not simulated, and non-admins', async () => {
    const missing = await server.api('POST', '/api/devices/NOPE/simulate', { cookie: admin, body: { action: 'remove-card' } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_SIMULATED');
    const supervisor = await server.login('S001');
    expect((await server.api('POST', '/api/devices/K1-idcard/simulate', { cookie: supervisor, body: { action: 'remove-card' } })).status).toBe(403);
  });
});
