import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordProblem, MIN_PASSWORD_LENGTH } from '../../server/auth/password-policy.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';

describe('password policy', () => {
  it('refuses blanks, short, badge-containing, common and guessable passwords with a Chinese and English message', () => {
    const cases: [string, RegExp][] = [
      ['', /不能为空.*must not be blank/],
      ['        ', /不能为空.*must not be blank/],
      ['          ', /不能为空/],
      ['12345678', /至少 10 个字符.*at least 10/],
      ['A1001-hall-x', /不能包含工号.*badge/],
      ['a1001-hall-x', /不能包含工号/],
      ['1234567890', /常见密码.*common password/],
      ['qwertyuiop', /常见密码/],
      ['password123', /常见密码/],
      ['aaaaaaaaaaaa', /太容易猜中.*too easy/],
      ['１２３４５６７８９０', /常见密码/], // full-width digits are the same password after NFKC
    ];
    for (const [password, message] of cases) expect(passwordProblem(password, 'A1001'), JSON.stringify(password)).toMatch(message);
    expect(MIN_PASSWORD_LENGTH).toBe(10);
  });

  it('accepts a long or unpredictable password, Chinese ones included', () => {
    for (const password of ['Lotus-window-8842', 'correct horse battery', '窗口叫号系统很安全吧', 'Zq8#mL2vPw']) expect(passwordProblem(password, 'A1001'), password).toBeNull();
  });
});

describe('the policy on every new or reset password', () => {
  let srv: TestServer;
  let admin: string;

  beforeAll(async () => {
    srv = await startTestServer();
    admin = await srv.login('A001');
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('a reset to "12345678" or eight spaces is refused with WEAK_PASSWORD, and the old password still works', async () => {
    for (const password of ['12345678', '        ', 'T001-password']) {
      const r = await srv.api('POST', '/api/admin/staff/T001/password', { cookie: admin, body: { password } });
      expect(r.status, password).toBe(400);
      expect(r.body.error.code).toBe('WEAK_PASSWORD');
      expect(r.body.error.details.issues[0].path).toBe('password');
    }
    expect((await srv.api('POST', '/api/auth/login', { body: { badge: 'T001', password: 'secret123' } })).status).toBe(200);
    const ok = await srv.api('POST', '/api/admin/staff/T001/password', { cookie: admin, body: { password: 'Lotus-window-8842' } });
    expect(ok.status).toBe(200);
    expect((await srv.api('POST', '/api/auth/login', { body: { badge: 'T001', password: 'Lotus-window-8842' } })).status).toBe(200);
  });

  it('a new staff member, or a replaced entry with a password, must pass it too; an edit without a password keeps the old one', async () => {
    const weak = await srv.api('POST', '/api/admin/staff', { cookie: admin, body: { badge: 'T050', name: '新同事', role: 'staff', password: 'qwertyuiop' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    expect((await srv.api('GET', '/api/admin/staff', { cookie: admin })).body.staff.map((s: { badge: string }) => s.badge)).not.toContain('T050');
    const created = await srv.api('POST', '/api/admin/staff', { cookie: admin, body: { badge: 'T050', name: '新同事', role: 'staff', password: 'Bamboo-river-2026' } });
    expect(created.status).toBe(200);
    const replaced = await srv.api('PUT', '/api/admin/staff/T050', { cookie: admin, body: { badge: 'T050', name: '新同事', role: 'staff', password: '1234567890' } });
    expect(replaced.status).toBe(400);
    expect(replaced.body.error.code).toBe('WEAK_PASSWORD');
    const renamed = await srv.api('PUT', '/api/admin/staff/T050', { cookie: admin, body: { badge: 'T050', name: '新同事二', role: 'staff' } });
    expect(renamed.status).toBe(200);
    expect((await srv.api('POST', '/api/auth/login', { body: { badge: 'T050', password: 'Bamboo-river-2026' } })).status).toBe(200);
  });
});
