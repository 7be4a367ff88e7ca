import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface SpeechCacheLimits {
  /** Total size of the cached WAV files, in bytes. */
  maxBytes: number;
  /** Number of cached files. */
  maxEntries: number;
}

/**
 * A bounded least-recently-used cache of WAV files in one folder. The in-memory order (a Map kept in
 * use order) is rebuilt at start from the files' modification times, which every hit refreshes, so
 * the order survives a restart; files beyond either limit are deleted, oldest use first, at start and
 * after every insert. Leftover temporary files of an interrupted write are removed at start.
 */
export class SpeechCache {
  /** name → size, least recently used first. */
  private readonly entries = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly dir: string,
    private readonly limits: SpeechCacheLimits,
  ) {
    this.load();
    this.evict();
  }

  get bytes(): number {
    return this.total;
  }

  get count(): number {
    return this.entries.size;
  }

  /** The cached WAV, marked as just used; undefined when absent (or deleted behind our back). */
  get(name: string): Buffer | undefined {
    if (!this.entries.has(name)) return undefined;
    const file = path.join(this.dir, name);
    let wav: Buffer;
    try {
      wav = readFileSync(file);
    } catch {
      this.forget(name);
      return undefined;
    }
    this.touch(name);
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      /* the order in memory still holds; only a restart would see it older */
    }
    return wav;
  }

  /**
   * Stores a WAV (write, then rename: a crash mid-write never leaves a truncated file that would be
   * served), then evicts down to the limits. A file larger than the whole cache is not kept.
   */
  put(name: string, wav: Buffer): void {
    if (wav.length > this.limits.maxBytes || this.limits.maxEntries < 1) return;
    mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, name);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, wav);
    renameSync(tmp, file);
    this.forget(name);
    this.entries.set(name, wav.length);
    this.total += wav.length;
    this.evict();
  }

  private touch(name: string): void {
    const size = this.entries.get(name)!;
    this.entries.delete(name);
    this.entries.set(name, size);
  }

  private forget(name: string): void {
    const size = this.entries.get(name);
    if (size === undefined) return;
    this.entries.delete(name);
    this.total -= size;
  }

  private evict(): void {
    for (const [name] of this.entries) {
      if (this.total <= this.limits.maxBytes && this.entries.size <= this.limits.maxEntries) break;
      this.forget(name);
      rmSync(path.join(this.dir, name), { force: true });
    }
  }

  private load(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return; // no folder yet: nothing cached
    }
    const found: { name: string; size: number; used: number }[] = [];
    for (const name of names) {
      const file = path.join(this.dir, name);
      if (name.endsWith('.tmp')) {
        rmSync(file, { force: true });
        continue;
      }
      if (!name.endsWith('.wav')) continue;
      try {
        const st = statSync(file);
        if (st.isFile()) found.push({ name, size: st.size, used: st.mtimeMs });
      } catch {
        /* vanished meanwhile */
      }
    }
    found.sort((a, b) => a.used - b.used || a.name.localeCompare(b.name));
    for (const f of found) {
      this.entries.set(f.name, f.size);
      this.total += f.size;
    }
  }
}
