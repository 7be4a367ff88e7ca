import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPushService, type LocalPushService } from '../fixtures/push-service.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { until } from '../fixtures/sockets.ts';

/** A push service in trouble delays a reminder, never doubles or drops it; a dropped subscription is forgotten. */
describe('reminder delivery when the push service refuses', () => {
  let push: LocalPushService;
  let srv: TestServer;
  let cookie: string;
  const delivery = (ticketId: string, kind: string) =>
    srv.db.prepare("SELECT state, attempts, last_error FROM reminder_deliveries WHERE ticket_id = ? AND kind = ? AND channel = 'push'").get(ticketId, kind) as
      | { state: string; attempts: number; last_error: string | null }
      | undefined;
  const subscribe = async () => {
    const r = await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    const k = new URL(r.body.statusUrl).searchParams.get('k')!;
    const state = await srv.api('GET', `/api/tickets/${r.body.ticketId}/reminders?k=${k}`);
    const sub = await push.subscribe(state.body.publicKey);
    expect((await srv.api('PUT', `/api/tickets/${r.body.ticketId}/reminders`, { body: { k, push: { endpoint: sub.endpoint, keys: sub.keys } } })).status).toBe(200);
    return { ticketId: r.body.ticketId as string, hash: sub.clientHash };
  };

  beforeAll(async () => {
    push = await startPushService();
    srv = await startTestServer({ reminders: { pushServices: [push.origin], pollMs: 20 } });
    cookie = await srv.login('T001');
    await srv.api('POST', '/api/windows/1/sign-in', { cookie, body: {} });
  });
  afterAll(async () => {
    await srv?.stop();
    await push?.close();
  });

  it('retries after its back-off and delivers once', async () => {
    push.refuseNext(1);
    const t = await subscribe(); // nobody ahead: 'near' is owed at once, and refused once
    await until('the first attempt failed', () => (delivery(t.ticketId, 'near')?.attempts ?? 0) === 1);
    expect(delivery(t.ticketId, 'near')).toMatchObject({ state: 'pending', last_error: 'PushRefusedError 400' });
    expect(push.messages(t.hash)).toHaveLength(0);
    srv.clock.advance(6_000); // past the 5 s back-off of the first retry
    await push.received(t.hash, 1);
    await until('marked sent', () => delivery(t.ticketId, 'near')?.state === 'sent');
    expect(delivery(t.ticketId, 'near')!.attempts).toBe(2);
    expect(push.messages(t.hash)).toHaveLength(1);
    await srv.api('POST', '/api/windows/1/call-next', { cookie, body: {} });
    await push.received(t.hash, 2);
  });

  it('a subscription the browser dropped (410) is forgotten and not retried', async () => {
    const t = await subscribe();
    await push.received(t.hash, 1); // 'near'
    push.expire(t.hash);
    await srv.api('POST', '/api/windows/1/call-next', { cookie, body: {} }); // finishes the first, calls this one
    await until('the call reminder was dropped', () => delivery(t.ticketId, 'called')?.state === 'dropped');
    expect(delivery(t.ticketId, 'called')!.last_error).toContain('410');
    expect((srv.db.prepare('SELECT push FROM reminder_contacts WHERE ticket_id = ?').get(t.ticketId) as { push: string | null } | undefined)?.push ?? null).toBeNull();
  });
});
