import { describe, expect, it } from 'vitest';
import { DestinationPolicy, parseAllowList } from '../../../server/webhooks/destination.ts';
import { SecretBox } from '../../../server/webhooks/secret-box.ts';
import { randomBytes } from 'node:crypto';

describe('webhook destination policy', () => {
  const none = new DestinationPolicy();

  it('permits public unicast addresses only', () => {
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34']) expect(none.permits(a), a).toBe(true);
    for (const a of ['127.0.0.1', '127.8.9.10', '::1', '10.1.2.3', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.100.100.200', '0.0.0.0', '255.255.255.255', '224.0.0.1', 'fd00:ec2::254', 'fe80::1', '::', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '64:ff9b::a00:1', '2002:7f00:1::1', '198.18.0.1', '192.0.2.1', 'not an address']) {
      expect(none.permits(a), a).toBe(false);
    }
  });

  it('lets an allow-listed range through, IPv4-mapped or not, and nothing beside it', () => {
    const lan = new DestinationPolicy(['10.20.0.0/16', '127.0.0.1', '::ffff:192.168.5.0/120', 'fd12::/16']);
    expect(lan.permits('10.20.3.4')).toBe(true);
    expect(lan.permits('::ffff:10.20.3.4')).toBe(true);
    expect(lan.permits('10.21.0.1')).toBe(false);
    expect(lan.permits('127.0.0.1')).toBe(true);
    expect(lan.permits('127.0.0.2')).toBe(false);
    expect(lan.permits('192.168.5.77')).toBe(true);
    expect(lan.permits('fd12::9')).toBe(true);
    expect(lan.permits('fd13::9')).toBe(false);
    expect(lan.allowList).toEqual(['10.20.0.0/16', '127.0.0.1/32', '192.168.5.0/24', 'fd12::/16']);
  });

  it('refuses a malformed allow-list at start-up, naming the entry', () => {
    expect(() => parseAllowList('10.0.0.0/8, nonsense')).toThrow(/HALL_WEBHOOK_ALLOW: "nonsense"/);
    expect(() => DestinationPolicy.fromEnv({ HALL_WEBHOOK_ALLOW: '10.0.0.0/99' })).toThrow(/HALL_WEBHOOK_ALLOW/);
    expect(DestinationPolicy.fromEnv({}).allowList).toEqual([]);
  });

  it('judges URLs after the URL parser normalised them, and refuses non-HTTP schemes', async () => {
    for (const url of ['http://2130706433/', 'http://0x7f.0.0.1/', 'http://[::ffff:7f00:1]/', 'http://localhost/']) {
      expect(await none.check(url), url).toEqual({ ok: false, reason: 'refused_destination' });
    }
    expect(await none.check('ftp://93.184.216.34/')).toEqual({ ok: false, reason: 'invalid_url' });
    expect(await none.check('::::')).toEqual({ ok: false, reason: 'invalid_url' });
    const ok = await none.check('https://93.184.216.34:8443/in?x=1');
    expect(ok.ok && ok.addresses).toEqual([{ address: '93.184.216.34', family: 4 }]);
  });

  it('refuses a name unless every address it resolves to is permitted', async () => {
    // localhost resolves to 127.0.0.1 (and often ::1): allowing only one family is not enough when both come back.
    const v4only = new DestinationPolicy(['127.0.0.1/32']);
    const both = new DestinationPolicy(['127.0.0.1/32', '::1/128']);
    const r = await both.check('http://localhost:9/');
    expect(r.ok).toBe(true);
    const families = r.ok ? r.addresses.map((a) => a.family) : [];
    expect((await v4only.check('http://localhost:9/')).ok).toBe(!families.includes(6));
  });
});

describe('webhook secret box', () => {
  it('seals with a fresh IV each time, opens with the key, and refuses another key or a tampered value', () => {
    const key = randomBytes(32);
    const box = new SecretBox(key);
    const a = box.seal('shared-secret');
    const b = box.seal('shared-secret');
    expect(a).not.toBe(b);
    expect(SecretBox.isSealed(a)).toBe(true);
    expect(a).not.toContain('shared-secret');
    expect(box.open(a)).toBe('shared-secret');
    expect(box.open('a-plain-old-secret')).toBe('a-plain-old-secret');
    expect(() => new SecretBox(randomBytes(32)).open(a)).toThrow();
    const tampered = `${a.slice(0, -2)}${a.endsWith('A') ? 'B' : 'A'}${a.slice(-1)}`;
    expect(() => box.open(tampered)).toThrow();
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});
