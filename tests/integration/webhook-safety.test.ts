import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * Webhooks cannot be aimed at what the hall network shelters: private, loopback, link-local,
 * unique-local and metadata addresses are refused when a webhook is created and again at every
 * delivery, unless allow-listed; the delivery log reports coarse classes only; secrets are sealed at
 * rest and still sign. Every receiver here is on 127.0.0.1; refused destinations are never contacted.
 */

async function call(srv: TestServer, method: string, url: string, cookie: string, body?: unknown) {
  const res = await fetch(`${srv.url}${url}`, {
    method,
    headers: { origin: srv.url, cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

const cookieOf = async (srv: TestServer, badge: string) => {
  const res = await fetch(`${srv.url}/api/auth/login`, { method: 'POST', headers: { origin: srv.url, 'content-type': 'application/json' }, body: JSON.stringify({ badge, password: 'secret123' }) });
  if (res.status !== 200) throw new Error(`login ${badge}: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
};

interface Got {
  headers: IncomingHttpHeaders;
  body: string;
}

describe('webhook destinations', () => {
  let srv: TestServer;
  let admin: string;

  beforeAll(async () => {
    srv = await startTestServer(); // no allow-list
    admin = await cookieOf(srv, 'A001');
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('refuses private, loopback, link-local, unique-local, metadata and unspecified destinations in every spelling', async () => {
    const refused = [
      'http://127.0.0.1:8080/x',
      'http://localhost:9000/x', // a name that resolves to loopback
      'http://[::1]/x',
      'http://[::ffff:127.0.0.1]/x', // IPv4-mapped IPv6
      'http://[::ffff:7f00:1]/x',
      'http://2130706433/x', // decimal 127.0.0.1
      'http://0x7f000001/x', // hex
      'http://0177.0.0.1/x', // octal
      'http://127.1/x',
      'http://0.0.0.0/x',
      'http://169.254.169.254/latest/meta-data/', // cloud metadata
      'http://100.100.100.200/latest/meta-data/', // Alibaba Cloud metadata (carrier-grade NAT range)
      'http://[fd00:ec2::254]/x', // AWS IPv6 metadata (unique-local)
      'http://[fe80::1]/x',
      'http://10.0.0.5/x',
      'http://172.16.1.1/x',
      'http://192.168.1.1:631/x',
      'http://[64:ff9b::7f00:1]/x', // NAT64 of 127.0.0.1
    ];
    for (const url of refused) {
      const r = await call(srv, 'POST', '/api/admin/webhooks', admin, { url, events: ['*'] });
      expect(r.status, url).toBe(400);
      expect(r.body.error.code, url).toBe('WEBHOOK_DESTINATION_REFUSED');
      expect(r.body.error.message, url).toContain('HALL_WEBHOOK_ALLOW');
    }
    // Nothing was written for any of them.
    expect((await call(srv, 'GET', '/api/admin/webhooks', admin)).body.webhooks).toEqual([]);
  });

  it('accepts a public address (created inactive, so nothing is sent), and refuses it as an update to a private one', async () => {
    const r = await call(srv, 'POST', '/api/admin/webhooks', admin, { url: 'https://93.184.216.34/hooks', events: ['*'], active: false });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const id = r.body.webhook.id as number;
    const moved = await call(srv, 'PUT', `/api/admin/webhooks/${id}`, admin, { url: 'http://169.254.169.254/', events: ['*'], active: false });
    expect(moved.status).toBe(400);
    expect(moved.body.error.code).toBe('WEBHOOK_DESTINATION_REFUSED');
    expect((await call(srv, 'GET', '/api/admin/webhooks', admin)).body.webhooks[0].url).toBe('https://93.184.216.34/hooks');
    await call(srv, 'DELETE', `/api/admin/webhooks/${id}`, admin);
  });
});

describe('webhooks on an allow-listed receiver: checked at delivery, coarse errors, sealed secrets', () => {
  const dirs: string[] = [];
  let receiver: Server;
  let port: number;
  const got: Got[] = [];
  /** What the receiver does with the next requests: a status, or 'hang' (never answers). */
  const plan: (number | 'hang')[] = [];
  const hanging = new Set<Socket>();

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const next = plan.shift() ?? 200;
        if (next === 'hang') return void hanging.add(req.socket);
        res.writeHead(next).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of hanging) s.destroy();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('reports 4xx, 5xx, a timeout and an unreachable port in coarse classes only', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hallq-wh-'));
    dirs.push(dir);
    const srv = await startTestServer({ dir, webhookAllow: ['127.0.0.1/32'] });
    try {
      const admin = await cookieOf(srv, 'A001');
      await call(srv, 'PUT', '/api/admin/webhook-settings', admin, { maxAttempts: 5, baseDelaySeconds: 30, maxDelaySeconds: 60, timeoutMs: 300 });
      const hook = await call(srv, 'POST', '/api/admin/webhooks', admin, { url: `http://127.0.0.1:${port}/in`, events: ['ticket.issued'], secret: 'shared-secret-0000000001' });
      expect(hook.status, JSON.stringify(hook.body)).toBe(200);
      const id = hook.body.webhook.id as number;
      const ping = async () => (await call(srv, 'POST', `/api/admin/webhooks/${id}/ping`, admin, {})).body.delivery as { lastError: string | null; lastStatus: number | null };
      plan.push(404);
      expect(await ping()).toMatchObject({ lastStatus: 404, lastError: 'http_error 4xx' });
      plan.push(503);
      expect(await ping()).toMatchObject({ lastStatus: 503, lastError: 'http_error 5xx' });
      plan.push('hang');
      expect(await ping()).toMatchObject({ lastStatus: null, lastError: 'timeout' });
      // A closed port on an allow-listed host: 'unreachable', whatever the socket error was.
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const deadPort = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const dead = await call(srv, 'POST', '/api/admin/webhooks', admin, { url: `http://127.0.0.1:${deadPort}/x`, events: ['*'] });
      const deadPing = (await call(srv, 'POST', `/api/admin/webhooks/${dead.body.webhook.id}/ping`, admin, {})).body.delivery;
      expect(deadPing).toMatchObject({ lastStatus: null, lastError: 'unreachable' });
      // The log holds nothing finer (no errno, no message) in any attempt.
      const log = JSON.stringify((await call(srv, 'GET', `/api/admin/webhooks/${id}/deliveries`, admin)).body);
      expect(log).not.toMatch(/ECONN|fetch failed|socket|refused|no answer within/i);
    } finally {
      await srv.stop();
    }
  });

  it('keeps the secret sealed in hallq.db (AES-256-GCM, key in the secrets directory), seals old plain rows, and still signs', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hallq-wh-'));
    dirs.push(dir);
    const secretsDir = path.join(dir, '..', `${path.basename(dir)}-secrets`);
    dirs.push(secretsDir);
    const SECRET = 'receiver-shared-secret-0002';
    let srv = await startTestServer({ dir, secretsDir, webhookAllow: ['127.0.0.1/32'] });
    let id: number;
    try {
      const admin = await cookieOf(srv, 'A001');
      const r = await call(srv, 'POST', '/api/admin/webhooks', admin, { url: `http://127.0.0.1:${port}/in`, events: ['ticket.issued'], secret: SECRET });
      id = r.body.webhook.id;
      const row = srv.db.prepare('SELECT secret FROM webhooks WHERE id = ?').get(id) as { secret: string };
      expect(row.secret).not.toContain(SECRET);
      expect(row.secret).toMatch(/^aesgcm1:/);
      expect(r.body.webhook.secretHint).toBe('…0002');
      // A row an older version stored in clear.
      srv.db.prepare('UPDATE webhooks SET secret = ? WHERE id = ?').run(SECRET, id);
    } finally {
      await srv.stop();
    }
    srv = await startTestServer({ dir, secretsDir, webhookAllow: ['127.0.0.1/32'] });
    try {
      const row = srv.db.prepare('SELECT secret FROM webhooks WHERE id = ?').get(id) as { secret: string };
      expect(row.secret).toMatch(/^aesgcm1:/);
      const admin = await cookieOf(srv, 'A001');
      const before = got.length;
      const ping = await call(srv, 'POST', `/api/admin/webhooks/${id}/ping`, admin, {});
      expect(ping.body.delivery).toMatchObject({ state: 'delivered' });
      const sent = got[before]!;
      expect(sent.headers['x-hallq-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(sent.body).digest('hex')}`);
    } finally {
      await srv.stop();
    }
  });

  it('a hall restored without its secrets directory lists its webhooks, signs nothing, until an admin sets a new secret', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hallq-wh-'));
    dirs.push(dir);
    let srv = await startTestServer({ dir, secretsDir: path.join(dir, 'secrets-a'), webhookAllow: ['127.0.0.1/32'] });
    let id: number;
    try {
      const admin = await cookieOf(srv, 'A001');
      id = (await call(srv, 'POST', '/api/admin/webhooks', admin, { url: `http://127.0.0.1:${port}/in`, events: ['ticket.issued'], secret: 'lost-with-its-key-000001' })).body.webhook.id;
    } finally {
      await srv.stop();
    }
    srv = await startTestServer({ dir, secretsDir: path.join(dir, 'secrets-b'), webhookAllow: ['127.0.0.1/32'] });
    try {
      const admin = await cookieOf(srv, 'A001');
      const list = await call(srv, 'GET', '/api/admin/webhooks', admin);
      expect(list.status).toBe(200);
      expect(list.body.webhooks[0].secretHint).toBe('…????');
      const before = got.length;
      const ping = await call(srv, 'POST', `/api/admin/webhooks/${id}/ping`, admin, {});
      expect(ping.body.delivery).toMatchObject({ state: 'failed', lastError: 'secret_unavailable' });
      expect(got.length).toBe(before);
      const put = await call(srv, 'PUT', `/api/admin/webhooks/${id}`, admin, { url: `http://127.0.0.1:${port}/in`, events: ['ticket.issued'], secret: 'a-new-secret-after-restore', active: true });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      expect(put.body.webhook.secretHint).toBe('…tore');
      const again = await call(srv, 'POST', `/api/admin/webhooks/${id}/ping`, admin, {});
      expect(again.body.delivery, JSON.stringify(again.body)).toMatchObject({ state: 'delivered' });
      expect(got[before]!.headers['x-hallq-signature']).toBe(`sha256=${createHmac('sha256', 'a-new-secret-after-restore').update(got[before]!.body).digest('hex')}`);
    } finally {
      await srv.stop();
    }
  });

  it('checks the destination again at delivery: without the allow-list the same webhook is refused and never contacted', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hallq-wh-'));
    dirs.push(dir);
    let srv = await startTestServer({ dir, webhookAllow: ['127.0.0.1/32'] });
    let id: number;
    try {
      const admin = await cookieOf(srv, 'A001');
      id = (await call(srv, 'POST', '/api/admin/webhooks', admin, { url: `http://127.0.0.1:${port}/in`, events: ['ticket.issued'] })).body.webhook.id;
    } finally {
      await srv.stop();
    }
    srv = await startTestServer({ dir }); // the allow-list was taken away
    try {
      const admin = await cookieOf(srv, 'A001');
      const before = got.length;
      const ping = await call(srv, 'POST', `/api/admin/webhooks/${id}/ping`, admin, {});
      // Refused at once and given up: a refused destination does not become reachable by retrying.
      expect(ping.body.delivery).toMatchObject({ state: 'failed', attempts: 1, lastStatus: null, lastError: 'refused_destination' });
      expect(got.length).toBe(before);
    } finally {
      await srv.stop();
    }
  });
});
