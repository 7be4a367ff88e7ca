import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startHallServer, type HallServer } from '../../../server/app.ts';
import { ManualClock } from '../../../server/common/clock.ts';
import { createLogger } from '../../../server/common/logger.ts';
import type { SmsChoice } from '../../../server/sms/env.ts';
import { MONDAY_10AM } from '../../fixtures/hall.ts';
import { bookingHallConfig, ids } from './booking-helpers.ts';

const PHONE = '13812345678';
let hall: HallServer | undefined;
let gateway: Server | undefined;
afterEach(async () => {
  await hall?.close();
  if (gateway) await new Promise<void>((r) => gateway!.close(() => r()));
  hall = undefined;
  gateway = undefined;
});

/** A hall server with a chosen SMS gateway and a logger whose lines the test reads. */
async function hallWith(sms: SmsChoice) {
  const lines: string[] = [];
  const log = createLogger('debug', new Writable({ write: (c: Buffer, _e, cb) => (lines.push(c.toString('utf8')), cb()) }));
  hall = await startHallServer({
    dataDir: mkdtempSync(path.join(tmpdir(), 'hallq-sms-')),
    configFile: '(test config)',
    config: bookingHallConfig(),
    port: 0,
    host: '127.0.0.1',
    clock: new ManualClock(MONDAY_10AM),
    logger: log,
    backups: false,
    storageReserve: false,
    devices: false,
    tls: false,
    trustProxy: '',
    webhookAllow: ['127.0.0.1/32'],
    sms,
  });
  const post = async (url: string, body: unknown) => {
    const r = await fetch(`${hall!.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: hall!.url }, body: JSON.stringify(body) });
    return { status: r.status, body: (await r.json()) as { error?: { code: string; message: string } } & Record<string, unknown> };
  };
  return { post, lines };
}

describe('booking through a configured HTTP SMS gateway', () => {
  it('the gateway receives the code as JSON with the token; the booking succeeds; no log line holds the phone', async () => {
    const received: { auth: string | undefined; body: { phone: string; template: string; params: Record<string, string> } }[] = [];
    gateway = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, body: JSON.parse(raw) });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `op-${received.length}` }));
      });
    });
    await new Promise<void>((r) => gateway!.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
    const { post, lines } = await hallWith({ kind: 'http', url, token: 'gw-token' });
    const sent = await post('/api/booking/code', { phone: PHONE });
    expect(sent.status).toBe(200);
    expect(sent.body.demo).toBe(false);
    expect(received[0]).toMatchObject({ auth: 'Bearer gw-token', body: { phone: PHONE, template: 'booking-code' } });
    const code = received[0]!.body.params.code!;
    const booked = await post('/api/booking', { item: 'I1', date: '2026-12-01', slotStart: '10:00', name: '张三', idNumber: ids(1)[0], phone: PHONE, smsCode: code });
    expect(booked.status, JSON.stringify(booked.body)).toBe(200);
    await expect.poll(() => received.map((r) => r.body.template)).toContain('booking-confirmed');
    expect((await post('/api/booking/lookup', { code: booked.body.code, phone: PHONE })).status).toBe(200);
    // The demo outbox does not exist with a real gateway.
    expect(hall!.ctx.sms.fake).toBeUndefined();
    expect(lines.length).toBeGreaterThan(0);
    const all = lines.join('');
    expect(all).not.toContain(PHONE);
    expect(all).not.toContain('5678');
  });

  it('without a gateway (production), a code is refused in Chinese and nothing is promised', async () => {
    const { post } = await hallWith({ kind: 'off' });
    const sent = await post('/api/booking/code', { phone: PHONE });
    expect(sent.status).toBe(503);
    expect(sent.body.error).toMatchObject({ code: 'SMS_UNAVAILABLE', message: expect.stringContaining('短信验证码暂时无法发送') });
  });

  it('a gateway that refuses is reported as unavailable, logged without the phone', async () => {
    gateway = createServer((_req, res) => res.writeHead(500).end());
    await new Promise<void>((r) => gateway!.listen(0, '127.0.0.1', () => r()));
    const { post, lines } = await hallWith({ kind: 'http', url: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/`, token: 't' });
    const sent = await post('/api/booking/code', { phone: PHONE });
    expect(sent.status).toBe(503);
    expect(lines.join('')).toContain('the SMS gateway did not take a message');
    expect(lines.join('')).not.toContain(PHONE);
  });
});
