import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IdentityProtector, loadOrCreateIdKey, maskName } from '../../../server/auth/personal-data.ts';
import { QueueError } from '../../../server/queue/errors.ts';

describe('personal data', () => {
  it('masks names as the hall shows them', () => {
    expect(maskName('李四')).toBe('李*');
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('王')).toBe('王');
  });

  it('keeps only a keyed hash and a masked number', () => {
    const p = new IdentityProtector(Buffer.from('k1'));
    const id = p.protect('11010519491231002x', '张三丰');
    expect(id.idMasked).toBe('1*************002X');
    expect(id.nameMasked).toBe('张*丰');
    expect(id.idHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(id)).not.toContain('110105');
    // Lower-case x is the same person; another key gives another hash.
    expect(p.protect('11010519491231002X').idHash).toBe(id.idHash);
    expect(new IdentityProtector(Buffer.from('k2')).protect('11010519491231002X').idHash).not.toBe(id.idHash);
  });

  it('refuses a number whose check digit is wrong, with the kiosk message', () => {
    const p = new IdentityProtector(Buffer.from('k1'));
    expect(() => p.protect('110105194912310021')).toThrow(QueueError);
    try {
      p.protect('110105194912310021');
    } catch (e) {
      expect((e as QueueError).code).toBe('ID_INVALID');
      expect((e as QueueError).message).toContain('身份证号码有误');
    }
  });

  it('creates the key once in the data folder and reuses it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hallq-key-'));
    try {
      const a = loadOrCreateIdKey(dir, undefined);
      const b = loadOrCreateIdKey(dir, undefined);
      expect(a.equals(b)).toBe(true);
      expect(readFileSync(path.join(dir, 'id-hash.key'), 'utf8').trim().length).toBeGreaterThan(40);
      expect(loadOrCreateIdKey(dir, 'from-env').toString()).toBe('from-env');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
