import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IdentityProtector, idMaskKeepFromEnv, loadOrCreateIdKey, maskName } from '../../../server/auth/personal-data.ts';
import { QueueError } from '../../../server/queue/errors.ts';

describe('personal data', () => {
  it('masks names as the hall shows them', () => {
    expect(maskName('李四')).toBe('李*');
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    // A one-character name shown as itself would be no mask at all.
    expect(maskName('王')).toBe('*');
    expect(maskName(' 岩 ')).toBe('*');
    expect(maskName('')).toBe('');
  });

  it('keeps only a keyed hash and a masked number', () => {
    const p = new IdentityProtector(Buffer.from('k1'));
    const id = p.protect('11010519491231002x', '张三丰');
    // Only the last four stay: the first character (with the region) narrows the number down.
    expect(id.idMasked).toBe('**************002X');
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

  it('keeps as many trailing characters as configured (HALL_ID_MASK_KEEP, 0–4)', () => {
    expect(new IdentityProtector(Buffer.from('k1'), 2).protect('11010519491231002X').idMasked).toBe('****************2X');
    expect(new IdentityProtector(Buffer.from('k1'), 0).protect('11010519491231002X').idMasked).toBe('******************');
    expect(idMaskKeepFromEnv({})).toBe(4);
    expect(idMaskKeepFromEnv({ HALL_ID_MASK_KEEP: '1' })).toBe(1);
    expect(() => idMaskKeepFromEnv({ HALL_ID_MASK_KEEP: '6' })).toThrow(/0 to 4/);
  });

  it('creates the key once in the secrets directory (0700, key 0600), apart from the data folder, and reuses it', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'hallq-key-'));
    const dataDir = path.join(root, 'data');
    const secretsDir = path.join(root, 'secrets');
    try {
      const a = loadOrCreateIdKey({ secretsDir, dataDir, env: {} });
      const b = loadOrCreateIdKey({ secretsDir, dataDir, env: {} });
      expect(a.equals(b)).toBe(true);
      expect(readFileSync(path.join(secretsDir, 'id-hash.key'), 'utf8').trim().length).toBeGreaterThan(40);
      expect(existsSync(path.join(dataDir, 'id-hash.key'))).toBe(false);
      expect(statSync(secretsDir).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(secretsDir, 'id-hash.key')).mode & 0o777).toBe(0o600);
      expect(loadOrCreateIdKey({ secretsDir, dataDir, env: { HALL_ID_KEY: 'from-env' } }).toString()).toBe('from-env');
      const elsewhere = path.join(root, 'etc', 'id.key');
      const c = loadOrCreateIdKey({ secretsDir, dataDir, env: { HALL_ID_HASH_KEY_FILE: elsewhere } });
      expect(existsSync(elsewhere)).toBe(true);
      expect(c.equals(a)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('moves a key an older version left in the data folder into the secrets directory, and says so', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'hallq-key-'));
    const dataDir = path.join(root, 'data');
    const secretsDir = path.join(root, 'secrets');
    try {
      loadOrCreateIdKey({ secretsDir: dataDir, dataDir, env: {} }); // the old layout: key beside hallq.db
      const old = readFileSync(path.join(dataDir, 'id-hash.key'), 'utf8');
      writeFileSync(path.join(dataDir, 'id-hash.key'), old, { mode: 0o644 });
      const moved: string[] = [];
      const key = loadOrCreateIdKey({ secretsDir, dataDir, env: {}, onMoved: (from, to) => moved.push(`${from} -> ${to}`) });
      expect(key.toString('base64')).toBe(old.trim());
      expect(existsSync(path.join(dataDir, 'id-hash.key'))).toBe(false);
      expect(moved).toEqual([`${path.join(dataDir, 'id-hash.key')} -> ${path.join(secretsDir, 'id-hash.key')}`]);
      expect(statSync(path.join(secretsDir, 'id-hash.key')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
