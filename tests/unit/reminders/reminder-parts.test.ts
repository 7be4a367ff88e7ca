import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContactBox } from '../../../server/reminders/contact-box.ts';
import { HallCode } from '../../../server/reminders/hall-code.ts';
import { PushEndpointPolicy } from '../../../server/reminders/push-endpoints.ts';
import { loadOrCreateVapidKeys } from '../../../server/reminders/vapid.ts';
import { RemoteRateLimits } from '../../../server/usecases/remote-limits.ts';
import { DomainError } from '../../../server/common/errors.ts';

describe('the hall’s 我已到达 code', () => {
  const code = new HallCode(randomBytes(32));
  const at = new Date('2026-11-30T02:03:00Z');

  it('turns every window, accepts the previous one, and nothing older', () => {
    const now = code.current(at, 10);
    expect(now.code).toMatch(/^\d{6}$/);
    expect(now.validUntil.toISOString()).toBe('2026-11-30T02:10:00.000Z');
    expect(code.accepts(now.code, at, 10)).toBe(true);
    expect(code.accepts(now.code, new Date('2026-11-30T02:15:00Z'), 10)).toBe(true);
    expect(code.accepts(now.code, new Date('2026-11-30T02:21:00Z'), 10)).toBe(false);
    expect(code.current(new Date('2026-11-30T02:11:00Z'), 10).code).not.toBe(now.code);
  });

  it('differs from hall to hall (another key)', () => {
    expect(new HallCode(randomBytes(32)).current(at, 10).code).not.toBe(code.current(at, 10).code);
  });
});

describe('sealed contacts', () => {
  it('open only for the ticket and field they were sealed for', () => {
    const box = new ContactBox(randomBytes(32));
    const sealed = box.seal('13912345678', 'ticket-1', 'phone');
    expect(sealed.startsWith('aesgcm1:')).toBe(true);
    expect(sealed).not.toContain('13912345678');
    expect(box.open(sealed, 'ticket-1', 'phone')).toBe('13912345678');
    expect(box.open(sealed, 'ticket-2', 'phone')).toBeNull();
    expect(box.open(sealed, 'ticket-1', 'push')).toBeNull();
    expect(new ContactBox(randomBytes(32)).open(sealed, 'ticket-1', 'phone')).toBeNull();
  });
});

describe('push endpoints', () => {
  it('takes the browsers’ push services over HTTPS and the origins named, nothing else', () => {
    const policy = new PushEndpointPolicy(['http://127.0.0.1:9000']);
    expect(policy.allows('https://fcm.googleapis.com/fcm/send/abc')).toBe(true);
    expect(policy.allows('https://updates.push.services.mozilla.com/wpush/v2/x')).toBe(true);
    expect(policy.allows('https://web.push.apple.com/QO')).toBe(true);
    expect(policy.allows('http://127.0.0.1:9000/notify/x')).toBe(true);
    expect(policy.allows('http://fcm.googleapis.com/fcm/send/abc')).toBe(false);
    expect(policy.allows('https://fcm.googleapis.com:8443/x')).toBe(false);
    expect(policy.allows('https://fcm.googleapis.com.attacker.example/x')).toBe(false);
    expect(policy.allows('http://127.0.0.1:9001/notify/x')).toBe(false);
    expect(policy.allows('http://192.168.1.1/')).toBe(false);
    expect(policy.allows('not a url')).toBe(false);
  });
});

describe('VAPID keys', () => {
  it('are made once into the secrets directory, 0600, and read back the same', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'hallq-vapid-')), 'secrets');
    const first = loadOrCreateVapidKeys(dir);
    expect(first.publicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
    expect(statSync(path.join(dir, 'vapid.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(loadOrCreateVapidKeys(dir)).toEqual(first);
  });
});

describe('remote limits per address', () => {
  it('refuses past the window’s points with a Chinese message and the wait', async () => {
    const limits = new RemoteRateLimits({ issuesPerAddress: { points: 2, seconds: 60 }, arrivalsPerAddress: { points: 1, seconds: 60 } });
    await limits.issue('10.0.0.1');
    await limits.issue('10.0.0.1');
    await limits.issue('10.0.0.2');
    const refused = await limits.issue('10.0.0.1').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('REMOTE_ADDRESS_LIMIT');
    expect((refused as DomainError).message).toContain('远程取号次数过多');
    await limits.arrive('10.0.0.1');
    await expect(limits.arrive('10.0.0.1')).rejects.toThrow(/到达验证尝试次数过多/);
  });
});
