import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { HallConfig } from '../../../contract/config.ts';
import { applyMigrations, openDatabase, PAGE_CACHE_KIB, schemaVersion, type Db } from '../../../server/store/db.ts';
import { readHallConfig, writeHallConfig, isHallConfigured } from '../../../server/store/hall-config-store.ts';
import { ConfigFileError, loadHallFile, parseHallYaml } from '../../../server/store/hall-file.ts';
import { MIGRATIONS } from '../../../server/store/migrations/index.ts';
import { createTestHall, KIOSK, STAFF, testHallConfig, type TestHall } from '../../fixtures/hall.ts';

const TABLES = [
  'appointments',
  'audit',
  'case_history',
  'cases',
  'counters',
  'departments',
  'devices',
  'evaluations',
  'events',
  'hall_epoch',
  'items',
  'notices',
  'outbox',
  'outbox_cursors',
  'push_attempts',
  'push_items',
  'push_targets',
  'queues',
  'reminder_contacts',
  'reminder_deliveries',
  'sessions',
  'settings',
  'staff',
  'station_sessions',
  'station_tickets',
  'stations',
  'storage_reserve',
  'tickets',
  'webhook_attempts',
  'webhook_deliveries',
  'webhooks',
  'windows',
];
const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));

let dir: string;
let db: Db | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hallq-store-'));
});
afterEach(() => {
  db?.close();
  db = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const bare = (name = 'bare.db') => (db = new Database(path.join(dir, name)));
const tables = (d: Db) =>
  (d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
const schema = (d: Db) => d.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();

describe('migrations', () => {
  it('are numbered 1, 2, 3… without gaps or repeats', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const m of MIGRATIONS) expect(m.sql.trim().length).toBeGreaterThan(0);
  });

  it('take an empty database to the latest version with every table', () => {
    const d = bare();
    expect(schemaVersion(d)).toBe(0);
    expect(applyMigrations(d)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(schemaVersion(d)).toBe(LATEST);
    expect(d.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(tables(d)).toEqual(TABLES);
    const triggers = (d.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(triggers).toEqual(expect.arrayContaining(['audit_no_delete', 'audit_no_update', 'events_no_delete', 'events_no_update']));
  });

  it('applying again is a no-op', () => {
    const d = bare();
    applyMigrations(d);
    d.prepare("INSERT INTO settings (key, value) VALUES ('probe', '1')").run();
    const before = schema(d);
    expect(applyMigrations(d)).toEqual([]);
    expect(schemaVersion(d)).toBe(LATEST);
    expect(schema(d)).toEqual(before);
    expect(d.prepare("SELECT value FROM settings WHERE key = 'probe'").get()).toEqual({ value: '1' });
  });

  it('upgrades from version 1 to the latest', () => {
    const d = bare();
    expect(applyMigrations(d, MIGRATIONS.slice(0, 1))).toEqual([1]);
    expect(schemaVersion(d)).toBe(1);
    d.prepare("INSERT INTO settings (key, value) VALUES ('kept', '\"yes\"')").run();
    expect(applyMigrations(d)).toEqual(MIGRATIONS.filter((m) => m.version > 1).map((m) => m.version));
    expect(schemaVersion(d)).toBe(LATEST);
    expect(tables(d)).toEqual(TABLES);
    expect(d.prepare("SELECT value FROM settings WHERE key = 'kept'").get()).toEqual({ value: '"yes"' });
  });

  it('from every earlier version reaches the same schema as a fresh database', () => {
    const fresh = new Database(path.join(dir, 'fresh.db'));
    try {
      applyMigrations(fresh);
      const expected = schema(fresh);
      for (let k = 1; k <= MIGRATIONS.length; k++) {
        const d = new Database(path.join(dir, `from-${k}.db`));
        try {
          applyMigrations(d, MIGRATIONS.slice(0, k));
          expect(schemaVersion(d)).toBe(MIGRATIONS[k - 1]!.version);
          applyMigrations(d);
          expect(schema(d)).toEqual(expected);
        } finally {
          d.close();
        }
      }
    } finally {
      fresh.close();
    }
  });

  it('a failing migration is rolled back whole and leaves the version alone', () => {
    const d = bare();
    applyMigrations(d);
    const broken = [...MIGRATIONS, { version: LATEST + 1, name: 'broken', sql: 'CREATE TABLE half_done (a INTEGER); INSERT INTO no_such_table VALUES (1);' }];
    expect(() => applyMigrations(d, broken)).toThrow(/no_such_table/);
    expect(schemaVersion(d)).toBe(LATEST);
    expect(tables(d)).not.toContain('half_done');
  });

  it('applies migrations in version order whatever order they are listed in', () => {
    const d = bare();
    const extra = { version: LATEST + 1, name: 'extra', sql: 'ALTER TABLE notices ADD COLUMN probe TEXT;' };
    expect(applyMigrations(d, [extra, ...MIGRATIONS])).toEqual([...MIGRATIONS.map((m) => m.version), LATEST + 1]);
    expect(schemaVersion(d)).toBe(LATEST + 1);
  });
});

describe('openDatabase', () => {
  it('sets WAL, synchronous=FULL, foreign keys and a bounded page cache, and migrates', () => {
    const d = (db = openDatabase({ dataDir: path.join(dir, 'nested', 'data') }));
    expect(d.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(d.pragma('synchronous', { simple: true })).toBe(2);
    expect(d.pragma('foreign_keys', { simple: true })).toBe(1);
    // Negative means KiB; better-sqlite3's own default (-16000) let RSS grow with the file.
    expect(d.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
    expect(PAGE_CACHE_KIB).toBeLessThan(16000);
    expect(schemaVersion(d)).toBe(LATEST);
    expect(tables(d)).toEqual(TABLES);
  });

  it('enforces foreign keys', () => {
    const d = (db = openDatabase({ dataDir: dir }));
    expect(() =>
      d.prepare("INSERT INTO items (code, name, department, queue, config) VALUES ('X', 'x', 'NOPE', 'NOPE', '{}')").run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('reopening an existing database applies nothing and keeps the data', () => {
    const first = openDatabase({ dataDir: dir });
    writeHallConfig(first, testHallConfig());
    first.close();
    const d = (db = openDatabase({ dataDir: dir }));
    expect(isHallConfigured(d)).toBe(true);
    expect(applyMigrations(d)).toEqual([]);
  });
});

describe('writeHallConfig', () => {
  let hall: TestHall;
  beforeEach(() => {
    hall = createTestHall();
  });
  afterEach(() => hall.close());

  function changed(): HallConfig {
    const cfg = structuredClone(testHallConfig());
    cfg.hall.name = '测试县政务服务中心（新）';
    cfg.departments[0]!.name = '县公安局';
    cfg.queues[0]!.name = '综合受理';
    cfg.queues[2]!.dailyCap = 10;
    cfg.queues.push({ ...cfg.queues[0]!, code: 'QD', name: '新增', prefix: 'D' });
    cfg.items[0]!.name = '综合咨询（更新）';
    cfg.windows[0]!.name = '综合窗口一';
    cfg.staff[0]!.name = '窗口甲甲';
    cfg.rules = { ...cfg.rules, maxRecalls: 2 };
    return cfg;
  }

  it('upserts by code without touching tickets, counters, events or window status', () => {
    const e = hall.engine;
    for (let i = 0; i < 2; i++) e.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK });
    e.issuer.issue({ queue: 'QC', source: 'kiosk', actor: KIOSK });
    e.windows.signIn(1, 'T001', STAFF('T001'));
    e.windows.callNext(1, STAFF('T001'));
    const snap = (t: string) => hall.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();
    const before = { tickets: snap('tickets'), counters: snap('counters'), events: snap('events'), cases: snap('cases') };
    const windowStatus = hall.db.prepare('SELECT number, status, staff_badge FROM windows ORDER BY number').all();

    const summary = writeHallConfig(hall.db, changed());
    expect(summary).toMatchObject({ departments: 2, queues: 4, items: 3, windows: 4, staff: 6, devices: 3, notices: 1 });

    expect({ tickets: snap('tickets'), counters: snap('counters'), events: snap('events'), cases: snap('cases') }).toEqual(before);
    expect(hall.db.prepare('SELECT number, status, staff_badge FROM windows ORDER BY number').all()).toEqual(windowStatus);
    const names = (t: string, key: string) => hall.db.prepare(`SELECT ${key} AS k, name FROM ${t} ORDER BY ${key}`).all();
    expect(names('queues', 'code')).toEqual([
      { k: 'QA', name: '综合受理' },
      { k: 'QB', name: '户政' },
      { k: 'QC', name: '税务' },
      { k: 'QD', name: '新增' },
    ]);
    expect(names('departments', 'code')[0]).toEqual({ k: 'GA', name: '县公安局' });
    expect(names('items', 'code')[0]).toEqual({ k: 'I1', name: '综合咨询（更新）' });
    expect(names('windows', 'number')[0]).toEqual({ k: 1, name: '综合窗口一' });
    expect(names('staff', 'badge').find((r) => (r as { k: string }).k === 'T001')).toEqual({ k: 'T001', name: '窗口甲甲' });

    // The engine picks the change up on reload and carries on numbering.
    e.core.reloadCatalog();
    expect(e.catalog.queues.get('QA')!.name).toBe('综合受理');
    expect(e.catalog.rules.maxRecalls).toBe(2);
    expect(e.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK }).ticket.number).toBe('A003');
    expect(e.issuer.issue({ queue: 'QD', source: 'kiosk', actor: KIOSK }).ticket.number).toBe('D001');
  });

  it('importing the same configuration twice changes nothing', () => {
    const before = readHallConfig(hall.db);
    writeHallConfig(hall.db, testHallConfig());
    expect(readHallConfig(hall.db)).toEqual(before);
  });

  it('a plain demo password never overwrites a stored password', () => {
    const hash = (hall.db.prepare("SELECT password_hash FROM staff WHERE badge = 'T001'").get() as { password_hash: string }).password_hash;
    const cfg = structuredClone(testHallConfig());
    cfg.staff[1] = { ...cfg.staff[1]!, passwordHash: undefined, password: 'another-pass' };
    writeHallConfig(hall.db, cfg);
    expect(hall.db.prepare("SELECT password_hash FROM staff WHERE badge = 'T001'").get()).toEqual({ password_hash: hash });
  });
});

describe('readHallConfig', () => {
  let hall: TestHall;
  beforeEach(() => {
    hall = createTestHall();
  });
  afterEach(() => hall.close());

  it('round-trips: export, parse with HallConfig, same codes and settings', () => {
    const original = testHallConfig();
    const exported = readHallConfig(hall.db);
    const parsed = HallConfig.parse(JSON.parse(JSON.stringify(exported)));
    const codes = (c: HallConfig) => ({
      departments: c.departments.map((d) => d.code).sort(),
      queues: c.queues.map((q) => q.code),
      items: c.items.map((i) => i.code),
      windows: c.windows.map((w) => w.number),
      staff: c.staff.map((s) => s.badge).sort(),
      devices: c.devices.map((d) => d.code).sort(),
      notices: c.notices.map((n) => n.code),
    });
    expect(codes(parsed)).toEqual(codes(original));
    expect(parsed.hall).toEqual(original.hall);
    expect(parsed.rules).toEqual(original.rules);
    expect(parsed.queues).toEqual(original.queues);
    expect(parsed.windows).toEqual(original.windows);
    expect(parsed.items).toEqual(original.items);
  });

  it('never exports plain passwords or device tokens', () => {
    const text = JSON.stringify(readHallConfig(hall.db));
    expect(text).not.toContain('secret123');
    expect(text).not.toContain('kiosk-token-0000000001');
    expect(text).not.toContain('demoToken');
  });

  it('the export, as YAML, imports into an empty database and exports the same again', () => {
    const exported = readHallConfig(hall.db);
    const yamlText = stringify(exported);
    const reparsed = parseHallYaml(yamlText, 'export.yaml');
    const other = openDatabase({ dataDir: path.join(dir, 'other') });
    try {
      writeHallConfig(other, reparsed);
      expect(readHallConfig(other)).toEqual(exported);
    } finally {
      other.close();
    }
  });
});

describe('hall YAML files', () => {
  const file = 'config/bad-hall.yaml';
  const yamlOf = (edit: (cfg: Record<string, any>) => void) => {
    const cfg = JSON.parse(JSON.stringify(testHallConfig())) as Record<string, any>;
    edit(cfg);
    return stringify(cfg);
  };
  const problem = (text: string): ConfigFileError => {
    try {
      parseHallYaml(text, file);
    } catch (error) {
      if (error instanceof ConfigFileError) return error;
      throw error;
    }
    throw new Error('expected a ConfigFileError');
  };

  it('parses a good file', () => {
    expect(parseHallYaml(yamlOf(() => undefined), file).hall.code).toBe('TEST');
  });

  it('names the file and the path of an unknown queue', () => {
    const e = problem(yamlOf((c) => void (c.items[0].queue = 'QZ')));
    expect(e.name).toBe('ConfigFileError');
    expect(e.file).toBe(file);
    expect(e.message).toContain(file);
    expect(e.message).toContain('items[0].queue: unknown queue QZ');
    expect(e.problems).toEqual(['items[0].queue: unknown queue QZ']);
  });

  it('lists several problems with their paths', () => {
    const e = problem(
      yamlOf((c) => {
        c.windows[1].queues = ['QA', 'NOPE'];
        c.queues[0].prefix = 'a';
        c.hall.hours.weekly[0].periods[0].end = '25:00';
      }),
    );
    expect(e.message).toContain(`${file}: 3 problems`);
    expect(e.message).toContain('windows[1].queues[1]: unknown queue NOPE');
    expect(e.message).toContain('queues[0].prefix: expected one or two capital letters');
    expect(e.message).toContain('hall.hours.weekly[0].periods[0].end: expected a time like 08:30');
  });

  it('reports duplicates by path', () => {
    const e = problem(yamlOf((c) => void (c.queues[1].prefix = 'A')));
    expect(e.message).toContain('queues[1]: duplicate A');
  });

  it('reports a YAML syntax error with its line', () => {
    const e = problem('hall:\n  code: TEST\n  name: [unclosed\n');
    expect(e.message).toMatch(new RegExp(`^${file.replace('.', '\\.')}: YAML syntax error at line \\d+`));
  });

  it('reports a duplicate key as a YAML error', () => {
    const e = problem('hall:\n  code: A\n  code: B\n');
    expect(e.message).toContain('YAML syntax error');
  });

  it('names the top level when the document is not a mapping', () => {
    const e = problem('- just\n- a list\n');
    expect(e.message).toContain('(top level)');
  });

  it('loadHallFile reports a missing file by name', () => {
    const missing = path.join(dir, 'missing.yaml');
    expect(() => loadHallFile(missing)).toThrow(ConfigFileError);
    expect(() => loadHallFile(missing)).toThrow(`${missing}: cannot read the file (ENOENT)`);
  });

  it('loadHallFile reads a file from disk, and the demo hall file loads', () => {
    const good = path.join(dir, 'hall.yaml');
    writeFileSync(good, yamlOf(() => undefined));
    expect(loadHallFile(good).queues.map((q) => q.code)).toEqual(['QA', 'QB', 'QC']);
    const demo = fileURLToPath(new URL('../../../config/hall.yaml', import.meta.url));
    expect(loadHallFile(demo).hall.timezone).toBe('Asia/Shanghai');
  });
});
