import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface JournalEntry {
  jobId: string;
  ticketId: string;
  /** 'printing' is written before the bytes go out: a job found in that state is never printed again. */
  state: 'printing' | 'done';
  printed: boolean;
  reason?: string;
  reported: boolean;
  at: string;
}

/**
 * The print jobs this agent has handled, in a small JSON file next to its devices file, so a job
 * re-sent after a reconnect or a restart is answered from here instead of being printed twice.
 */
export class JobJournal {
  private readonly entries = new Map<string, JournalEntry>();

  constructor(readonly file: string, private readonly keep = 500) {
    if (existsSync(file)) {
      try {
        const data = JSON.parse(readFileSync(file, 'utf8')) as { jobs?: JournalEntry[] };
        for (const e of data.jobs ?? []) this.entries.set(e.jobId, e);
      } catch {
        // A damaged journal must not stop the agent; it starts empty (a re-sent job may then print again).
      }
    }
  }

  get(jobId: string): JournalEntry | undefined {
    return this.entries.get(jobId);
  }

  unreported(): JournalEntry[] {
    return [...this.entries.values()].filter((e) => e.state === 'done' && !e.reported);
  }

  set(entry: JournalEntry): void {
    this.entries.delete(entry.jobId);
    this.entries.set(entry.jobId, entry);
    while (this.entries.size > this.keep) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    this.save();
  }

  private save(): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ version: 1, jobs: [...this.entries.values()] }, null, 1)}\n`);
    renameSync(tmp, this.file);
  }
}

/** The journal's default place: next to the devices file, "<name>.jobs.json". */
export function defaultStateFile(devicesFile: string): string {
  const parsed = path.parse(devicesFile);
  return path.join(parsed.dir, `${parsed.name}.jobs.json`);
}
