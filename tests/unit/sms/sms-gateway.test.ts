import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../server/common/logger.ts';
import { FakeSmsGateway } from '../../../server/sms/fake-gateway.ts';
import { SmsUnavailableError, smsOff } from '../../../server/sms/gateway.ts';
import { HttpSmsGateway } from '../../../server/sms/http-gateway.ts';
import { smsChoiceFromEnv } from '../../../server/sms/env.ts';
import { DestinationPolicy } from '../../../server/webhooks/destination.ts';

const PHONE = '13812345678';
const clock = { now: () => new Date('2026-03-02T02:00:00Z') };

let server: Server | undefined;
afterEach(async () => {
  if (server) await new Promise<void>((r) => server!.close(() => r()));
  server = undefined;
});

async function gatewayServer(answer: (req: IncomingMessage, body: string) => { status: number; body: string } | 'hang'): Promise<{ url: string; seen: { headers: IncomingMessage['headers']; body: string }[] }> {
  const seen: { headers: IncomingMessage['headers']; body: string }[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      const a = answer(req, body);
      if (a === 'hang') return;
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`, seen };
}

function captureLog() {
  const lines: string[] = [];
  const log = createLogger('debug', new Writable({ write: (chunk: Buffer, _e, cb) => (lines.push(chunk.toString('utf8')), cb()) }));
  return { log, lines };
}

describe('HTTP SMS gateway', () => {
  it('posts the template and params as JSON with the bearer token and returns the gateway id', async () => {
    const gw = await gatewayServer(() => ({ status: 200, body: JSON.stringify({ id: 'op-42' }) }));
    const sms = new HttpSmsGateway({ url: gw.url, token: 'secret-token', policy: new DestinationPolicy(['127.0.0.1/32']) });
    const receipt = await sms.send({ phone: PHONE, template: 'booking-code', params: { code: '123456', hall: '示例大厅', minutes: '5' } });
    expect(receipt).toEqual({ id: 'op-42' });
    expect(gw.seen).toHaveLength(1);
    expect(gw.seen[0]!.headers.authorization).toBe('Bearer secret-token');
    expect(gw.seen[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(gw.seen[0]!.body)).toEqual({ phone: PHONE, template: 'booking-code', params: { code: '123456', hall: '示例大厅', minutes: '5' } });
  });

  it('refuses a loopback gateway that is not on the allow list, without connecting, and logs no phone number', async () => {
    const gw = await gatewayServer(() => ({ status: 200, body: '{"id":"x"}' }));
    const { log, lines } = captureLog();
    const sms = new HttpSmsGateway({ url: gw.url, token: 't', policy: new DestinationPolicy([]), log });
    await expect(sms.send({ phone: PHONE, template: 'booking-code', params: {} })).rejects.toMatchObject({ reason: 'refused_destination' });
    expect(gw.seen).toHaveLength(0);
    expect(lines.join('')).toContain('refused_destination');
    expect(lines.join('')).not.toContain(PHONE);
    expect(lines.join('')).not.toContain('5678');
  });

  it('treats a non-2xx answer or a reply without an id as a refusal', async () => {
    let status = 500;
    let body = '{"id":"x"}';
    const gw = await gatewayServer(() => ({ status, body }));
    const sms = new HttpSmsGateway({ url: gw.url, token: 't', policy: new DestinationPolicy(['127.0.0.1/32']) });
    await expect(sms.send({ phone: PHONE, template: 'queue-near', params: {} })).rejects.toMatchObject({ reason: 'rejected' });
    status = 200;
    body = '{"ok":true}';
    await expect(sms.send({ phone: PHONE, template: 'queue-near', params: {} })).rejects.toMatchObject({ reason: 'rejected' });
  });

  it('gives up after its timeout when the gateway does not answer', async () => {
    const gw = await gatewayServer(() => 'hang');
    const sms = new HttpSmsGateway({ url: gw.url, token: 't', timeoutMs: 200, policy: new DestinationPolicy(['127.0.0.1/32']) });
    const started = Date.now();
    await expect(sms.send({ phone: PHONE, template: 'queue-called', params: {} })).rejects.toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3000);
    server!.closeAllConnections();
  });
});

describe('fake SMS gateway', () => {
  it('keeps the newest messages only, renders the text and masks the phone in the admin list', async () => {
    const fake = new FakeSmsGateway(clock, 3);
    for (let i = 1; i <= 5; i++) await fake.send({ phone: PHONE, template: 'booking-code', params: { code: String(100000 + i), hall: '示例大厅', minutes: '5' } });
    const list = fake.list();
    expect(list.map((m) => m.text.match(/\d{6}/)?.[0])).toEqual(['100005', '100004', '100003']);
    expect(list[0]!.phone).toBe('138****5678');
    expect(JSON.stringify(list)).not.toContain(PHONE);
    expect(list[0]!.text).toContain('【示例大厅】您的预约验证码是 100005');
  });

  it('next() resolves with a message that arrives later and names what it waited for when none does', async () => {
    const fake = new FakeSmsGateway(clock);
    const waiting = fake.next(PHONE, 'queue-called', 2000);
    await fake.send({ phone: '13900000000', template: 'queue-called', params: {} });
    await fake.send({ phone: PHONE, template: 'queue-called', params: { window: '3', number: 'A001', hall: 'H' } });
    expect((await waiting).text).toContain('3 号窗口');
    await expect(fake.next(PHONE, 'booking-code', 50)).rejects.toThrow(/booking-code to 138\*\*\*\*5678/);
  });
});

describe('choice of gateway', () => {
  it('uses the fake in demo mode, none in production, and HTTP when configured (token required)', () => {
    expect(smsChoiceFromEnv({}, false)).toEqual({ kind: 'fake' });
    expect(smsChoiceFromEnv({}, true)).toEqual({ kind: 'off' });
    expect(smsChoiceFromEnv({ HALL_SMS_URL: 'https://sms.example.cn/send', HALL_SMS_TOKEN: 't', HALL_SMS_TIMEOUT_MS: '3000' }, true)).toEqual({ kind: 'http', url: 'https://sms.example.cn/send', token: 't', timeoutMs: 3000 });
    expect(() => smsChoiceFromEnv({ HALL_SMS_URL: 'https://sms.example.cn/send' }, true)).toThrow(/HALL_SMS_TOKEN/);
  });

  it('the off gateway refuses every message as not configured', async () => {
    await expect(smsOff.send({ phone: PHONE, template: 'booking-code', params: {} })).rejects.toBeInstanceOf(SmsUnavailableError);
  });
});
