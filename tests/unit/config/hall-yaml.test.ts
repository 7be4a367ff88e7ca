import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';
import { HallConfig } from '../../../contract/config.ts';

const file = fileURLToPath(new URL('../../../config/hall.yaml', import.meta.url));

function load(): HallConfig {
  const raw: unknown = parse(readFileSync(file, 'utf8'));
  const result = HallConfig.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`config/hall.yaml does not validate:\n${issues}`);
  }
  return result.data;
}

describe('config/hall.yaml', () => {
  it('validates against HallConfig', () => {
    expect(() => load()).not.toThrow();
  });

  it('is a county hall with a 12345 hotline and opening hours', () => {
    const cfg = load();
    expect(cfg.hall.level).toBe('county');
    expect(cfg.hall.hotline).toBe('12345');
    expect(cfg.hall.timezone).toBe('Asia/Shanghai');
    expect(cfg.hall.hours.weekly.length).toBeGreaterThanOrEqual(1);
    expect(cfg.hall.hours.holidays.length).toBeGreaterThan(0);
  });

  it('has the core departments of a county hall', () => {
    const cfg = load();
    expect(cfg.departments.length).toBeGreaterThanOrEqual(6);
    const names = cfg.departments.map((d) => d.name);
    const patterns = [/公安/, /市场监管|市场监督管理/, /不动产/, /人社|人力资源/, /医保|医疗保障/, /税务/];
    for (const pattern of patterns) {
      expect(names.some((n) => pattern.test(n)), `a department matching ${pattern}`).toBe(true);
    }
  });

  it('has at least 25 service items, each with steps, materials and consistent time limits', () => {
    const cfg = load();
    expect(cfg.items.length).toBeGreaterThanOrEqual(25);
    for (const item of cfg.items) {
      expect(item.steps.length, `${item.code} steps`).toBeGreaterThanOrEqual(1);
      expect(item.materials.length, `${item.code} materials`).toBeGreaterThanOrEqual(1);
      expect(item.promisedDays, `${item.code} promisedDays`).toBeLessThanOrEqual(item.statutoryDays);
    }
  });

  it('has at least 6 queues with distinct prefixes, each served by a window', () => {
    const cfg = load();
    expect(cfg.queues.length).toBeGreaterThanOrEqual(6);
    const prefixes = cfg.queues.map((q) => q.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    const served = new Set(cfg.windows.flatMap((w) => w.queues));
    for (const queue of cfg.queues) expect(served.has(queue.code), `window for queue ${queue.code}`).toBe(true);
  });

  it('has at least 10 windows, a comprehensive one and an honoured one', () => {
    const cfg = load();
    expect(cfg.windows.length).toBeGreaterThanOrEqual(10);
    expect(cfg.windows.some((w) => w.comprehensive)).toBe(true);
    expect(cfg.windows.some((w) => w.honours.length > 0)).toBe(true);
  });

  it('has at least 12 staff including supervisors and an admin', () => {
    const cfg = load();
    expect(cfg.staff.length).toBeGreaterThanOrEqual(12);
    expect(cfg.staff.some((s) => s.role === 'supervisor')).toBe(true);
    expect(cfg.staff.some((s) => s.role === 'admin')).toBe(true);
  });

  it('gives every demo device a distinct token', () => {
    const cfg = load();
    const tokens = cfg.devices.map((d) => d.demoToken);
    expect(tokens.every((t) => typeof t === 'string' && t.length >= 32)).toBe(true);
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});
