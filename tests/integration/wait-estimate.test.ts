import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TicketReceipt, TicketStatus, WindowState } from '../../contract/responses.ts';
import type { StreamEvent } from '../../contract/socket.ts';
import { WaitEstimate } from '../../contract/wait-estimate.ts';
import { StatusModel } from '../../kiosk-ui/status/status-page.tsx';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { connected, until } from '../fixtures/sockets.ts';

/**
 * The estimate is live: the phone status page's model and the window terminal's waiting list read a
 * refreshed prediction when hall events arrive over a real socket, without polling.
 */
describe('live wait estimates', () => {
  let srv: TestServer;
  let cookie: string;
  const receipts: TicketReceipt[] = [];

  beforeAll(async () => {
    srv = await startTestServer();
    cookie = await srv.login('T001');
    expect((await srv.api('POST', '/api/windows/1/sign-in', { cookie, body: {} })).status).toBe(200);
    for (let i = 0; i < 4; i++) {
      srv.clock.advance(1000);
      const r = await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
      expect(r.status).toBe(200);
      receipts.push(TicketReceipt.parse(r.body));
    }
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('a receipt carries the range and the imminent flag', () => {
    expect(receipts[0]!.waitEstimate).toMatchObject({ imminent: true, minutes: 0 });
    const last = WaitEstimate.parse(receipts[3]!.waitEstimate);
    // One window (1) serves QA: three ahead of 10-minute services.
    expect(last.imminent).toBe(false);
    expect(last.minutes).toBeGreaterThanOrEqual(15);
    expect(last.low).toBeLessThanOrEqual(last.minutes);
    expect(last.high).toBeGreaterThan(last.minutes);
    expect(receipts[3]!.estimatedWaitMinutes).toBe(last.minutes);
  });

  it('the status page refreshes its estimate on queue and window events, and the window list with it', async () => {
    const mine = receipts[3]!;
    const key = new URL(mine.statusUrl).searchParams.get('k')!;
    const m = new StatusModel(mine.ticketId, key, async (id, k) => {
      const r = await srv.api('GET', `/api/tickets/${encodeURIComponent(id)}/status?k=${encodeURIComponent(k)}`);
      return TicketStatus.parse(r.body);
    });
    await m.refresh();
    const first = m.status.value!.waitEstimate!;
    expect(first).toEqual(receipts[3]!.waitEstimate);

    // The phone page's wiring (kiosk-ui/status/main.tsx): any event that concerns it refetches.
    const phone = srv.socket();
    const seen: string[] = [];
    phone.on('event', (e: StreamEvent) => {
      seen.push(e.type);
      if (m.concerns(e)) void m.refresh();
    });
    await connected(phone);

    // The window's first citizen is served for 6 minutes: the line moves up and the clock runs on.
    await srv.api('POST', '/api/windows/1/call-next', { cookie, body: {} });
    await srv.api('POST', '/api/windows/1/start', { cookie, body: {} });
    await until('the started event and a refreshed estimate', () => seen.includes('ticket.started') && m.status.value!.peopleAhead === 2);
    srv.clock.advance(6 * 60_000);
    await srv.api('POST', '/api/windows/1/finish', { cookie, body: { outcome: 'done' } });
    await srv.api('POST', '/api/windows/1/call-next', { cookie, body: {} });
    await until('people ahead 1 after the second call', () => m.status.value!.peopleAhead === 1);
    const afterCalls = m.status.value!.waitEstimate!;
    expect(afterCalls.minutes).toBeLessThan(first.minutes);

    // A pause is a window event, not one of this queue's tickets: the page still refreshes, and the wait grows.
    await srv.api('POST', '/api/windows/1/pause', { cookie, body: { reason: '临时离开' } });
    await until('a refreshed estimate after the pause', () => seen.includes('window.paused') && (m.status.value!.waitEstimate?.minutes ?? 0) > afterCalls.minutes);

    // The window terminal's list (read on its events) carries an estimate for each waiting ticket.
    const state = WindowState.parse((await srv.api('GET', '/api/windows/1/state', { cookie })).body);
    expect(state.waiting.map((t) => t.id)).toEqual([receipts[2]!.ticketId, receipts[3]!.ticketId]);
    const estimates = state.estimates!;
    expect(estimates[receipts[3]!.ticketId]).toEqual(m.status.value!.waitEstimate);
    expect(estimates[receipts[2]!.ticketId]!.minutes).toBeLessThan(estimates[receipts[3]!.ticketId]!.minutes);
    phone.close();
  });
});
