import { closeSync, existsSync, fsyncSync, openSync, rmSync, statfsSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Db } from './db.ts';
import type { Clock } from '../common/clock.ts';
import { DomainError } from '../common/errors.ts';

/** What a storage failure is: the disk (or the database's page limit) is full, or reading/writing failed. */
export type StorageFailureKind = 'full' | 'io';

/**
 * SQLite's result codes for a full disk and for I/O faults at run time. better-sqlite3 throws them as
 * SqliteError with the extended code as a string (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, …).
 */
export function storageFailureKind(error: unknown): StorageFailureKind | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'full';
  if (/^SQLITE_(IOERR|READONLY|CANTOPEN)(_|$)/.test(code)) return 'io';
  return undefined;
}

export type StorageState = 'ok' | 'full' | 'error';

/** The storage as health and supervision report it. Names the data folder, never what is stored. */
export interface StorageStatus {
  state: StorageState;
  /** The data folder holding the database. */
  folder: string;
  /** When the current problem began; null while ok. */
  since: string | null;
  /** SQLite's code of the failure (SQLITE_FULL, SQLITE_IOERR_WRITE…); null while ok. */
  code: string | null;
  /** For people: Chinese, then English for staff; null while ok. */
  message: string | null;
  en: string | null;
}

export function storageFullError(folder: string): DomainError {
  return new DomainError('storage_full', 'STORAGE_FULL', fullMessage(folder), { storage: folder, en: fullMessageEn(folder) });
}

export function storageIoError(folder: string, code: string): DomainError {
  return new DomainError('unavailable', 'STORAGE_ERROR', ioMessage(folder), { storage: folder, sqlite: code, en: ioMessageEn(folder, code) });
}

const fullMessage = (folder: string) => `数据存储已满（${folder}）：本次操作没有保存。请到咨询台咨询，并请管理员清理该磁盘；已取的号票和叫号显示不受影响。`;
const fullMessageEn = (folder: string) =>
  `The hall's data storage is full (${folder}): this action was not saved. An administrator must free disk space there; tickets already issued and the displays are not affected.`;
const ioMessage = (folder: string) => `数据存储读写故障（${folder}）：本次操作没有保存。请稍后重试，并请管理员检查该磁盘。`;
const ioMessageEn = (folder: string, code: string) => `The hall's data storage reported an I/O error (${code}) in ${folder}: this action was not saved. An administrator should check the disk.`;

/** The room kept back for sign-in, sign-out and their audit entries once the disk is full. */
export interface StorageReserveOptions {
  /** A file of this size in the data folder, deleted on the first "full" to give SQLite's WAL room. */
  fileBytes: number;
  /** Database pages held in `storage_reserve`, deleted on the first "full" so the database can grow into them. */
  pages: number;
  /** Free space the disk must have beyond the reserve file before writes are let through again. */
  headroomBytes: number;
}

export const DEFAULT_RESERVE: StorageReserveOptions = { fileBytes: 8 * 1024 * 1024, pages: 64, headroomBytes: 16 * 1024 * 1024 };

export const RESERVE_FILE = 'storage-reserve.bin';

export interface StorageGuardOptions {
  db: Db;
  clock: Clock;
  /** The folder named in messages and watched for free space; the database's folder by default. */
  folder?: string;
  /** false: no reserve (unit tests, in-memory databases). */
  reserve?: StorageReserveOptions | false;
  /** How often a degraded storage is probed for recovery (real time). */
  probeEveryMs?: number;
  log?: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
}

/**
 * Watches the hall database for storage failures and keeps the hall usable through them.
 *
 * - A failure (SQLITE_FULL, SQLITE_IOERR*, SQLITE_READONLY*, SQLITE_CANTOPEN*) becomes a refusal with
 *   code STORAGE_FULL (507) or STORAGE_ERROR (503) naming the data folder, and the storage turns
 *   `full` or `error` (health `degraded`, a supervision alert).
 * - On the first "full" the reserve is released (a file in the data folder and pages inside the
 *   database), so the writes marked critical (sign-in, sign-out and their audit entries) still land;
 *   every other engine write is refused up front while the storage stays full, so the reserve is not
 *   spent on tickets.
 * - Recovery is automatic: a full storage is probed (free disk beyond the reserve and headroom, free
 *   database pages) before each refused write and on a timer; once there is room the reserve is
 *   re-created and writes go through again. An I/O error clears on the next commit that succeeds (a
 *   small probe write on the timer).
 */
export class StorageGuard {
  readonly folder: string;
  private state: StorageState = 'ok';
  private since: string | null = null;
  private code: string | null = null;
  private readonly listeners = new Set<(status: StorageStatus) => void>();
  private readonly reserve: StorageReserveOptions | false;
  private timer: NodeJS.Timeout | undefined;
  private refillPending = false;

  constructor(private readonly o: StorageGuardOptions) {
    const file = o.db.name;
    this.folder = o.folder ?? (file && file !== ':memory:' ? path.dirname(path.resolve(file)) : '(memory)');
    this.reserve = o.reserve ?? false;
  }

  status(): StorageStatus {
    const { state, folder } = this;
    if (state === 'ok') return { state, folder, since: null, code: null, message: null, en: null };
    const full = state === 'full';
    return {
      state,
      folder,
      since: this.since,
      code: this.code,
      message: full ? fullMessage(folder) : ioMessage(folder),
      en: full ? fullMessageEn(folder) : ioMessageEn(folder, this.code ?? 'SQLITE_IOERR'),
    };
  }

  onChange(listener: (status: StorageStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Creates a missing reserve and starts the recovery probe. */
  start(): void {
    this.ensureReserve();
    const every = this.o.probeEveryMs ?? 5000;
    this.timer = setInterval(() => this.probe(), every);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * Before a write: while the storage is full only critical writes pass; the others are refused with
   * STORAGE_FULL unless a probe finds that room has come back.
   */
  beforeWrite(critical = false): void {
    if (this.state !== 'full' || critical) return;
    this.recoverIfRoom();
    if (this.state === 'full') throw storageFullError(this.folder);
  }

  /** After a commit: an I/O error is over once a write succeeds again. */
  committed(): void {
    if (this.state === 'error') this.clear();
  }

  /**
   * Maps a storage failure to its refusal (recording it, releasing the reserve on the first "full");
   * any other error comes back unchanged. Call it once the failed transaction is over.
   */
  failure(error: unknown): unknown {
    if (error instanceof DomainError) return error;
    const kind = storageFailureKind(error);
    if (!kind) return error;
    const code = String((error as { code: string }).code);
    if (kind === 'full') {
      if (this.state !== 'full') {
        this.enter('full', code);
        this.releaseReserve();
      }
      return storageFullError(this.folder);
    }
    if (this.state === 'ok') this.enter('error', code);
    return storageIoError(this.folder, code);
  }

  /** The timer's check: room again after "full", a successful probe write after an I/O error. */
  probe(): void {
    if (this.state === 'full') this.recoverIfRoom();
    else if (this.state === 'error') {
      try {
        this.o.db.prepare('INSERT OR REPLACE INTO storage_reserve (id, filler) VALUES (0, zeroblob(16))').run();
        this.committed();
      } catch (error) {
        this.failure(error);
      }
    }
    if (this.state === 'ok' && this.refillPending) this.refill();
  }

  private enter(state: Exclude<StorageState, 'ok'>, code: string): void {
    this.state = state;
    this.code = code;
    this.since = this.o.clock.now().toISOString();
    this.o.log?.error({ storage: this.folder, code, state }, state === 'full' ? 'storage full: only sign-in and sign-out are written until there is room' : 'storage I/O error');
    this.notify();
  }

  private clear(): void {
    const was = this.state;
    this.state = 'ok';
    this.code = null;
    this.since = null;
    this.o.log?.info({ storage: this.folder, was }, 'storage recovered: writes go through again');
    this.notify();
  }

  private notify(): void {
    const status = this.status();
    for (const l of this.listeners) {
      try {
        l(status);
      } catch {
        /* a listener's failure must not turn a write's outcome into another error */
      }
    }
  }

  /** Free database pages left under max_page_count (SQLite's own limit; the disk is checked apart). */
  private freePages(): number {
    const db = this.o.db;
    const max = db.pragma('max_page_count', { simple: true }) as number;
    const count = db.pragma('page_count', { simple: true }) as number;
    const free = db.pragma('freelist_count', { simple: true }) as number;
    return max - count + free;
  }

  private freeDiskBytes(): number {
    try {
      const s = statfsSync(this.folder);
      return s.bavail * s.bsize;
    } catch {
      return Number.POSITIVE_INFINITY;
    }
  }

  private recoverIfRoom(): void {
    const r = this.reserve || { fileBytes: 0, pages: 16, headroomBytes: 1024 * 1024 };
    const roomOnDisk = this.freeDiskBytes() >= r.fileBytes + r.headroomBytes;
    const roomInDb = this.freePages() >= 2 * Math.max(r.pages, 16);
    if (!roomOnDisk || !roomInDb) return;
    this.refillPending = true;
    this.clear();
    // The reserve's pages are written outside any transaction, so a rolled-back command cannot take them along.
    if (this.o.db.inTransaction) setImmediate(() => this.refill());
    else this.refill();
  }

  /** Re-creates what `releaseReserve` gave away, once there is room again. */
  private refill(): void {
    if (!this.refillPending || this.state !== 'ok') return;
    this.refillPending = false;
    this.ensureReserve();
  }

  /** The reserve file and the reserve pages, created where missing. */
  ensureReserve(): void {
    if (!this.reserve || this.o.db.inTransaction) return;
    const { fileBytes, pages } = this.reserve;
    try {
      writeReserveFile(path.join(this.folder, RESERVE_FILE), fileBytes);
      const db = this.o.db;
      const have = (db.prepare('SELECT COUNT(*) AS n FROM storage_reserve WHERE id > 0').get() as { n: number }).n;
      if (have < pages) {
        const pageSize = db.pragma('page_size', { simple: true }) as number;
        const insert = db.prepare('INSERT INTO storage_reserve (filler) VALUES (zeroblob(?))');
        // One row a page: a blob just short of a page stays on its leaf, so deleting rows frees whole pages.
        db.transaction(() => {
          for (let i = have; i < pages; i++) insert.run(pageSize - 200);
        })();
      }
    } catch (error) {
      const mapped = this.failure(error);
      this.o.log?.warn({ storage: this.folder, code: (mapped as DomainError).code ?? String(error) }, 'storage reserve could not be created');
    }
  }

  private releaseReserve(): void {
    if (!this.reserve) return;
    rmSync(path.join(this.folder, RESERVE_FILE), { force: true });
    const release = () => {
      try {
        this.o.db.prepare('DELETE FROM storage_reserve').run();
      } catch (error) {
        this.o.log?.warn({ storage: this.folder, code: (error as { code?: string }).code }, 'storage reserve pages could not be released');
      }
    };
    if (this.o.db.inTransaction) setImmediate(release);
    else release();
  }
}

/** Writes real blocks (not a sparse file), so deleting the file gives the filesystem that much room. */
function writeReserveFile(file: string, bytes: number): void {
  if (existsSync(file) && statSync(file).size >= bytes) return;
  const fd = openSync(file, 'w', 0o600);
  try {
    const chunk = Buffer.alloc(Math.min(bytes, 1024 * 1024));
    for (let written = 0; written < bytes; written += chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(file, { force: true });
    throw error;
  }
  closeSync(fd);
}

