import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupDatabase, pruneBackups } from '../../../server/store/backup.ts';
import { createTestHall, KIOSK } from '../../fixtures/hall.ts';

describe('backups', () => {
  it('writes a consistent online copy while the hall is open', async () => {
    const hall = createTestHall();
    try {
      hall.engine.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK });
      hall.engine.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK });
      const file = path.join(hall.dir, 'backups', 'copy.db');
      await backupDatabase(hall.db, file);
      const copy = new Database(file, { readonly: true });
      expect((copy.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n).toBe(2);
      expect((copy.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
      copy.close();
    } finally {
      hall.close();
    }
  });

  it('keeps the configured number of days', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hallq-bk-'));
    try {
      mkdirSync(dir, { recursive: true });
      for (const d of ['2026-11-01', '2026-11-15', '2026-11-16', '2026-11-29']) writeFileSync(path.join(dir, `hallq-${d}.db`), '');
      writeFileSync(path.join(dir, 'hallq-manual-x.db'), '');
      const removed = pruneBackups(dir, 14, '2026-11-30');
      expect(removed.sort()).toEqual(['hallq-2026-11-01.db', 'hallq-2026-11-15.db']);
      expect(readdirSync(dir).sort()).toEqual(['hallq-2026-11-16.db', 'hallq-2026-11-29.db', 'hallq-manual-x.db']);
      expect(pruneBackups(path.join(dir, 'absent'), 14, '2026-11-30')).toEqual([]);
      expect(existsSync(dir)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
