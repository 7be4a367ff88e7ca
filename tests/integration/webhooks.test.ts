import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookDeliveryView } from '../../contract/admin.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { idNumber } from './helpers.ts';

/**
 * Webhooks delivered to a local receiver (node:http on 127.0.0.1, port 0) that fails the first request
 * with 500 and accepts the retry. The receiver checks each signature itself with node:crypto. Retries
 * fall due by the server's ManualClock; POST /api/admin/webhooks/dispatch delivers what is due.
 */

const SECRET = 'receiver-shared-secret-0001';
const ID = idNumber('11010519800101123');

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

describe('webhooks: signed, retried with back-off, logged', () => {
  let srv: TestServer;
  let admin: string;
  let receiver: Server;
  let receiverUrl: string;
  const received: Received[] = [];
  /** Status codes the receiver answers with, in order; 200 once used up. */
  const answers = [500];
  let webhookId: number;

  const ok = async (method: string, url: string, body?: unknown) => {
    const r = await srv.api(method, url, { cookie: admin, ...(body !== undefined ? { body } : {}) });
    if (r.status !== 200) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const deliveries = async (): Promise<WebhookDeliveryView[]> => (await ok('GET', `/api/admin/webhooks/${webhookId}/deliveries`)).deliveries;
  const until = async <T>(read: () => Promise<T>, match: (v: T) => boolean, what: string): Promise<T> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const v = await read();
      if (match(v)) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = answers.shift() ?? 200;
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'try later');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/hallq`;
    // The receiver is on loopback, which webhooks may reach only when an admin allow-listed it.
    srv = await startTestServer({ webhookAllow: ['127.0.0.1/32'] });
    admin = await srv.login('A001');
    await ok('PUT', '/api/admin/webhook-settings', { maxAttempts: 3, baseDelaySeconds: 30, maxDelaySeconds: 45, timeoutMs: 5000 });
  });

  afterAll(async () => {
    await srv?.stop();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  });

  it('an admin configures a URL per event types; the secret is shown once', async () => {
    const created = await ok('POST', '/api/admin/webhooks', { url: receiverUrl, events: ['ticket.issued', 'ticket.evaluated'], secret: SECRET, description: '省好差评平台' });
    webhookId = created.webhook.id;
    expect(created.secret).toBe(SECRET);
    expect(created.webhook).toMatchObject({ url: receiverUrl, events: ['ticket.issued', 'ticket.evaluated'], active: true, secretHint: '…0001' });
    const list = await ok('GET', '/api/admin/webhooks');
    expect(JSON.stringify(list)).not.toContain(SECRET);
    for (const url of ['ftp://127.0.0.1/x', 'javascript:alert(1)', 'not a url', 'http://user:pw@127.0.0.1/x']) {
      const r = await srv.api('POST', '/api/admin/webhooks', { cookie: admin, body: { url, events: ['*'] } });
      expect(r.status, url).toBe(400);
    }
    expect((await srv.api('POST', '/api/admin/webhooks', { cookie: admin, body: { url: receiverUrl, events: ['ticket.nope'] } })).status).toBe(400);
    const sup = await srv.login('S001');
    expect((await srv.api('GET', '/api/admin/webhooks', { cookie: sup })).status).toBe(403);
  });

  it('the first attempt fails with 500 and is scheduled after the back-off', async () => {
    const issued = await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QB', idNumber: ID, name: '张三' } });
    expect(issued.status).toBe(200);
    // A window event the webhook is not subscribed to: no delivery.
    const t = await srv.login('T001');
    await srv.api('POST', '/api/windows/1/sign-in', { cookie: t, body: {} });
    const [d] = await until(deliveries, (ds) => ds.length === 1 && ds[0]!.attempts === 1, 'the first attempt');
    expect(received).toHaveLength(1);
    expect(d).toMatchObject({ eventType: 'ticket.issued', state: 'pending', attempts: 1, lastStatus: 500, lastError: 'http_error 5xx' });
    expect(d!.nextAttemptAt).toBe(new Date(srv.clock.now().getTime() + 30_000).toISOString());
    // Not due yet: nothing is sent.
    expect((await ok('POST', '/api/admin/webhooks/dispatch', {})).attempted).toBe(0);
    srv.clock.advance(29_000);
    expect((await ok('POST', '/api/admin/webhooks/dispatch', {})).attempted).toBe(0);
    expect(received).toHaveLength(1);
  });

  it('the retry succeeds once due; both attempts carry the same id, body and a valid signature', async () => {
    srv.clock.advance(1000);
    await ok('POST', '/api/admin/webhooks/dispatch', {});
    const [d] = await until(deliveries, (ds) => ds[0]!.state === 'delivered', 'the retry');
    expect(received.map((r) => r.status)).toEqual([500, 200]);
    expect(d).toMatchObject({ state: 'delivered', attempts: 2, lastStatus: 200, lastError: null, nextAttemptAt: null });
    expect(d!.log.map((a) => [a.attempt, a.status, a.error])).toEqual([
      [1, 500, 'http_error 5xx'],
      [2, 200, null],
    ]);
    const [first, second] = received as [Received, Received];
    expect(second.headers['x-hallq-delivery']).toBe(first.headers['x-hallq-delivery']);
    expect(second.headers['x-hallq-delivery']).toBe(d!.id);
    expect(second.body).toBe(first.body);
    for (const r of received) {
      expect(r.headers['x-hallq-event']).toBe('ticket.issued');
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      const expectedSig = `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`;
      expect(r.headers['x-hallq-signature']).toBe(expectedSig);
      expect(`sha256=${createHmac('sha256', 'another-secret-000000').update(r.body).digest('hex')}`).not.toBe(r.headers['x-hallq-signature']);
    }
    const event = JSON.parse(second.body);
    expect(event).toMatchObject({ v: 1, type: 'ticket.issued', hall: 'TEST', ticket: { number: 'B001', queue: 'QB' } });
    const logged = srv.db.prepare("SELECT body FROM events WHERE type = 'ticket.issued'").get() as { body: string };
    expect(second.body).toBe(logged.body);
    // Identity is masked as in the event log; the full number never leaves.
    expect(event.ticket.idMasked).toMatch(/\*/);
    for (const needle of [ID, ID.slice(0, 17), ID.slice(6, 14)]) expect(second.body).not.toContain(needle);
  });

  it('gives up after maxAttempts with a capped back-off, and an admin can retry', async () => {
    answers.push(503, 503, 503);
    const before = received.length;
    await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    const pending = await until(deliveries, (ds) => ds[0]!.eventType === 'ticket.issued' && ds[0]!.attempts === 1 && ds[0]!.id !== received[0]!.headers['x-hallq-delivery'], 'attempt 1');
    const id = pending[0]!.id;
    const t0 = srv.clock.now().getTime();
    expect(pending[0]!.nextAttemptAt).toBe(new Date(t0 + 30_000).toISOString());
    srv.clock.advance(30_000);
    await ok('POST', '/api/admin/webhooks/dispatch', {});
    const second = (await deliveries()).find((d) => d.id === id)!;
    // 30 s · 2 = 60 s, capped at 45 s.
    expect(second).toMatchObject({ state: 'pending', attempts: 2, nextAttemptAt: new Date(t0 + 30_000 + 45_000).toISOString() });
    srv.clock.advance(45_000);
    await ok('POST', '/api/admin/webhooks/dispatch', {});
    const failed = (await deliveries()).find((d) => d.id === id)!;
    expect(failed).toMatchObject({ state: 'failed', attempts: 3, lastStatus: 503, nextAttemptAt: null });
    expect(received.length - before).toBe(3);
    srv.clock.advance(3600_000);
    expect((await ok('POST', '/api/admin/webhooks/dispatch', {})).attempted).toBe(0);
    // The admin's retry: one more attempt, answered 200 now.
    await ok('POST', `/api/admin/webhook-deliveries/${id}/retry`, {});
    expect((await deliveries()).find((d) => d.id === id)).toMatchObject({ state: 'delivered', attempts: 4 });
    expect((await srv.api('POST', `/api/admin/webhook-deliveries/${id}/retry`, { cookie: admin, body: {} })).status).toBe(409);
  });

  it('a refused connection is logged as an error and retried; a ping is signed too', async () => {
    const port = (receiver.address() as AddressInfo).port;
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const dead = await ok('POST', '/api/admin/webhooks', { url: `http://127.0.0.1:${deadPort}/x`, events: ['*'] });
    expect(dead.secret.length).toBeGreaterThanOrEqual(16);
    const ping = await ok('POST', `/api/admin/webhooks/${dead.webhook.id}/ping`, {});
    expect(ping.delivery).toMatchObject({ eventType: 'webhook.ping', state: 'pending', attempts: 1, lastStatus: null });
    // A coarse class only: the log does not tell a closed port from a reset or a TLS failure.
    expect(ping.delivery.lastError).toBe('unreachable');
    await ok('DELETE', `/api/admin/webhooks/${dead.webhook.id}`);
    expect(port).toBeGreaterThan(0);

    const before = received.length;
    const live = await ok('POST', `/api/admin/webhooks/${webhookId}/ping`, {});
    expect(live.delivery).toMatchObject({ state: 'delivered', attempts: 1 });
    const r = received[before]!;
    expect(r.headers['x-hallq-event']).toBe('webhook.ping');
    expect(r.headers['x-hallq-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`);
  });

  it('every admin change is audited', async () => {
    const audit = await ok('GET', '/api/audit?action=admin.webhooks');
    const actions = (audit.entries as { action: string }[]).map((e) => e.action).sort();
    expect(actions).toEqual(
      expect.arrayContaining(['admin.webhooks.create', 'admin.webhooks.settings', 'admin.webhooks.retry', 'admin.webhooks.ping', 'admin.webhooks.retire']),
    );
  });
});
