import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent } from '../../agent/client.ts';
import { createLogger } from '../../server/common/logger.ts';
import { TlsConfigError, tlsFromEnv } from '../../server/http/tls.ts';
import { AGENT_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { TEST_PASSWORD } from '../fixtures/hall.ts';
import { deviceHallConfig, devicesFromYaml } from '../devices/helpers.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, options: { method?: string; body?: string; headers?: Record<string, string>; ca?: Buffer }): Promise<Answer> {
  const u = new URL(url);
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: options.method ?? 'GET', headers: options.headers ?? {}, ...(options.ca ? { ca: options.ca } : {}) },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const loginBody = (badge: string) => JSON.stringify({ badge, password: TEST_PASSWORD });

describe('HTTPS with HALL_TLS_CERT and HALL_TLS_KEY', () => {
  let dir: string;
  let cert: Buffer;
  let srv: TestServer;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hallq-tls-'));
    // A self-signed certificate for 127.0.0.1, made here: the clients below trust exactly this one.
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    cert = readFileSync(path.join(dir, 'cert.pem'));
    srv = await startTestServer({ config: deviceHallConfig(), tls: { cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem') } });
  });
  afterAll(async () => {
    await srv?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves https, with HSTS and upgrade-insecure-requests in the CSP', async () => {
    expect(srv.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await send(`${srv.url}/api/health`, { ca: cert });
    expect(r.status).toBe(200);
    expect(r.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(String(r.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
  });

  it('a client that does not trust the certificate is refused by its own TLS check', async () => {
    await expect(send(`${srv.url}/api/health`, {})).rejects.toThrow(/self[- ]signed|certificate/i);
  });

  it('the session cookie is Secure over https', async () => {
    const r = await send(`${srv.url}/api/auth/login`, { method: 'POST', ca: cert, body: loginBody('T001'), headers: { 'content-type': 'application/json', origin: srv.url } });
    expect(r.status).toBe(200);
    const cookie = String(r.headers['set-cookie']);
    expect(cookie.split(';').map((a) => a.trim().toLowerCase())).toContain('secure');
  });

  it('Socket.IO runs over wss for a signed-in browser and for the device agent trusting the hall CA', async () => {
    const login = await send(`${srv.url}/api/auth/login`, { method: 'POST', ca: cert, body: loginBody('S001'), headers: { 'content-type': 'application/json', origin: srv.url } });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const socket = connect(srv.url, { transports: ['websocket'], ca: cert.toString('utf8'), extraHeaders: { cookie, origin: srv.url }, reconnection: false, forceNew: true });
    try {
      const snapshot = await new Promise<unknown>((resolve, reject) => {
        socket.once('snapshot', resolve);
        socket.once('connect_error', reject);
        setTimeout(() => reject(new Error('no snapshot over wss within 5 s')), 5000).unref();
      });
      expect(snapshot).toHaveProperty('queues');
    } finally {
      socket.close();
    }

    const stateDir = mkdtempSync(path.join(tmpdir(), 'hallq-tls-agent-'));
    const agent = startAgent({
      server: srv.url,
      ca: cert.toString('utf8'),
      token: AGENT_TOKEN,
      devices: devicesFromYaml('devices:\n  - { id: K1-printer, kind: printer, kiosk: K1, transport: { simulated: true } }\n'),
      stateFile: path.join(stateDir, 'jobs.json'),
      hardware: { printerPollMs: 0 },
      log: createLogger('silent'),
      reconnectDelayMs: 100,
      reconnectDelayMaxMs: 500,
    });
    try {
      await Promise.race([agent.registered, new Promise((_, reject) => setTimeout(() => reject(new Error('the agent did not register over wss within 10 s')), 10_000).unref())]);
      expect(agent.socket.io.engine.transport.name).toBe('websocket');
      expect(agent.registrations).toBe(1);
    } finally {
      await agent.stop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 20_000);

  it('half a TLS configuration stops the start, naming what is missing; an unreadable file names the file', async () => {
    expect(() => tlsFromEnv({ HALL_TLS_CERT: '/etc/hall/cert.pem' })).toThrow(TlsConfigError);
    expect(() => tlsFromEnv({ HALL_TLS_KEY: '/etc/hall/key.pem' })).toThrow(/HALL_TLS_CERT/);
    expect(tlsFromEnv({})).toBeUndefined();
    const missing = path.join(dir, 'nope.pem');
    await expect(startTestServer({ tls: { cert: missing, key: missing } })).rejects.toThrow(new RegExp(`cannot read the TLS certificate \\(HALL_TLS_CERT\\) ${missing.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  });
});

describe('plain HTTP', () => {
  let srv: TestServer;
  let proxied: TestServer;

  beforeAll(async () => {
    srv = await startTestServer();
    proxied = await startTestServer({ trustProxy: 'loopback' });
  });
  afterAll(async () => {
    await srv?.stop();
    await proxied?.stop();
  });

  const login = (s: TestServer, headers: Record<string, string> = {}) =>
    send(`${s.url}/api/auth/login`, { method: 'POST', body: loginBody('T001'), headers: { 'content-type': 'application/json', origin: s.url, ...headers } });
  const secure = (r: Answer) => String(r.headers['set-cookie']).split(';').map((a) => a.trim().toLowerCase()).includes('secure');

  it('sends no HSTS and no upgrade-insecure-requests, and a cookie without Secure', async () => {
    const r = await login(srv);
    expect(r.status).toBe(200);
    expect(r.headers['strict-transport-security']).toBeUndefined();
    expect(String(r.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
    expect(secure(r)).toBe(false);
  });

  it('X-Forwarded-Proto: https makes the cookie Secure only from a trusted proxy', async () => {
    expect(secure(await login(srv, { 'x-forwarded-proto': 'https' }))).toBe(false);
    // Behind the proxy the browser's page is https://…: its Origin says so.
    const viaProxy = await login(proxied, { 'x-forwarded-proto': 'https', origin: proxied.url.replace('http:', 'https:') });
    expect(viaProxy.status).toBe(200);
    expect(secure(viaProxy)).toBe(true);
  });
});
