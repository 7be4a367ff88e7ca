import { describe, expect, it } from 'vitest';
import { pushBackoffMs } from '../../../server/push/backoff.ts';
import { classify, reasonOf } from '../../../server/push/send.ts';
import { PushConfigError, resolvePushConfig } from '../../../server/push/config.ts';

describe('好差评 push: back-off', () => {
  const o = { baseSeconds: 5, maxSeconds: 600 };
  it('doubles from the base up to the cap', () => {
    expect([1, 2, 3, 4, 8, 20].map((n) => pushBackoffMs(n, o, () => 1))).toEqual([5000, 10_000, 20_000, 40_000, 600_000, 600_000]);
  });
  it('is jittered into [half, all] of the ceiling', () => {
    expect(pushBackoffMs(3, o, () => 0)).toBe(10_000);
    expect(pushBackoffMs(3, o, () => 0.5)).toBe(15_000);
    const seen = new Set(Array.from({ length: 50 }, () => pushBackoffMs(4, o)));
    for (const v of seen) expect(v).toBeGreaterThanOrEqual(20_000), expect(v).toBeLessThanOrEqual(40_000);
    expect(seen.size).toBeGreaterThan(10);
  });
});

describe('好差评 push: what an answer means', () => {
  it('2xx is sent; 4xx is a rejection with the receiver reason; 408/429/5xx are retried', () => {
    expect(classify(200, '{"code":0}')).toEqual({ kind: 'sent', status: 200 });
    expect(classify(400, '{"code":400,"msg":"缺少字段：bjbh"}')).toEqual({ kind: 'rejected', status: 400, reason: 'HTTP 400: 缺少字段：bjbh' });
    expect(classify(422, '{"error":{"message":"办件编号不存在"}}')).toMatchObject({ kind: 'rejected', reason: 'HTTP 422: 办件编号不存在' });
    expect(classify(401, 'token expired')).toMatchObject({ kind: 'rejected', reason: 'HTTP 401: token expired' });
    for (const s of [408, 429, 500, 502, 503]) expect(classify(s, '').kind).toBe('retry');
    expect(classify(302, '').kind).toBe('rejected');
  });
  it('a reason is one line of at most 300 characters', () => {
    const r = reasonOf(400, JSON.stringify({ message: `坏\n${'x'.repeat(1000)}` }));
    expect(r.startsWith('HTTP 400: 坏 x')).toBe(true);
    expect(r.length).toBeLessThanOrEqual(310);
    expect(reasonOf(500, '')).toBe('HTTP 500');
  });
});

describe('好差评 push: configuration', () => {
  const target = { code: 'province', name: '省好差评系统', url: 'https://hcp.example.gov.cn/api/evaluations', token: 'secret-token-1', codeMap: 'reversed' };
  it('resolves presets and defaults', () => {
    const c = resolvePushConfig({ targets: [target] }, {});
    expect(c.targets[0]).toMatchObject({ authHeader: 'Authorization', authScheme: 'Bearer', timeoutMs: 10_000, codeMap: { very_satisfied: '5' }, fieldMap: { caseNumber: 'bjbh' } });
    expect(c.backoff).toEqual({ baseSeconds: 5, maxSeconds: 600 });
  });
  it('takes the token from the variable tokenEnv names, and refuses to start without it', () => {
    const { token: _t, ...noToken } = target;
    expect(resolvePushConfig({ targets: [{ ...noToken, tokenEnv: 'HCP_TOKEN' }] }, { HCP_TOKEN: 'from-the-env-1' }).targets[0]!.token).toBe('from-the-env-1');
    expect(() => resolvePushConfig({ targets: [{ ...noToken, tokenEnv: 'HCP_TOKEN' }] }, {})).toThrow(/HCP_TOKEN, which is not set/);
  });
  it('names what is wrong: an unknown preset, a field the record lacks, a duplicate code', () => {
    expect(() => resolvePushConfig({ targets: [{ ...target, codeMap: 'upside-down' }] }, {})).toThrow(PushConfigError);
    expect(() => resolvePushConfig({ targets: [{ ...target, fieldMap: { bjbh: 'caseNumber' } }] }, {})).toThrow(/fieldMap/);
    expect(() => resolvePushConfig({ targets: [target, target] }, {})).toThrow(/codes must differ/);
  });
});

describe('好差评 push: where it may go', () => {
  it('a receiver on loopback or the LAN is refused unless allowed, and the refusal is final (no retry)', async () => {
    const { DestinationPolicy } = await import('../../../server/webhooks/destination.ts');
    const { postRecord } = await import('../../../server/push/send.ts');
    const req = { url: 'http://127.0.0.1:9/hcp', headers: {}, body: '{}', timeoutMs: 500 };
    expect(await postRecord({ ...req, policy: new DestinationPolicy([]) })).toMatchObject({ kind: 'rejected', status: null, reason: expect.stringContaining('HALL_PUSH_ALLOW') });
    expect(await postRecord({ ...req, url: 'http://169.254.169.254/latest', policy: new DestinationPolicy([]) })).toMatchObject({ kind: 'rejected' });
    // Allowed: port 9 on loopback has nobody listening, which is a network failure to retry.
    expect(await postRecord({ ...req, policy: new DestinationPolicy(['127.0.0.1/32']) })).toEqual({ kind: 'retry', status: null, reason: 'unreachable' });
  });
});
