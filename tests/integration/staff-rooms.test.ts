import { until } from '../fixtures/sockets.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../contract/socket.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

const nextSnapshot = (s: ReturnType<TestServer['socket']>) => new Promise<any>((resolve) => s.once('snapshot', resolve));

describe('a staff socket follows its session to the window', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('moves from the public stream to the window stream on sign-in, and back on sign-out', async () => {
    const cookie = await server.login('T001');
    const socket = server.socket({ cookie });
    await nextSnapshot(socket);
    const events: StreamEvent[] = [];
    socket.on('event', (e) => events.push(e));

    const moved = nextSnapshot(socket);
    expect((await server.api('POST', '/api/windows/1/sign-in', { cookie, body: {} })).status).toBe(200);
    const snapshot = await moved;
    expect(snapshot.windows.find((w: any) => w.number === 1).staff.badge).toBe('T001');

    await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QB', idNumber: '11010519491231002X', name: '张三丰' } });
    const call = await server.api('POST', '/api/windows/1/call-next', { cookie, body: {} });
    expect(call.body.number).toBe('B001');
    await until('the event arrives', () => events.some((e) => e.type === 'ticket.called'));
    const called = events.find((e) => e.type === 'ticket.called')!;
    // Window staff see the masked identity of their own window's ticket.
    expect((called.ticket as { idMasked?: string }).idMasked).toBe('**************002X');
    expect((called.ticket as { nameMasked?: string }).nameMasked).toBe('张*丰');
    // Each event arrives once, even though the socket changed rooms.
    const seqs = events.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);

    await server.api('POST', '/api/windows/1/finish', { cookie, body: { outcome: 'done' } });
    const back = nextSnapshot(socket);
    expect((await server.api('POST', '/api/windows/1/sign-out', { cookie, body: {} })).status).toBe(200);
    await back;
    const before = events.length;
    await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QB', idNumber: '11010519491231002X', name: '张三丰' } });
    await until('the event arrives', () => events.length > before);
    const issued = events.at(-1)!;
    expect(issued.type).toBe('ticket.issued');
    expect('idMasked' in (issued.ticket ?? {})).toBe(false);
  });
});

