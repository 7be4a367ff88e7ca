import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { AgentPrintJob } from '../contract/socket.ts';

/**
 * Where a job stands, written before each step:
 * - 'queued': received and kept with its ticket; no byte has left the agent, so it may be printed
 *   after a restart;
 * - 'sending': its bytes are being handed to the printer; after a crash nobody knows whether a
 *   ticket came out, so it is never printed again (the kiosk is told to reprint, 补打);
 * - 'done': printed or failed, with the outcome (reported to the server or still to be).
 */
export type JournalState = 'queued' | 'sending' | 'done';

export interface JournalEntry {
  jobId: string;
  ticketId: string;
  state: JournalState;
  printed: boolean;
  reason?: string;
  reported: boolean;
  at: string;
  /** The job itself while it is 'queued', so a restarted agent can print it. */
  job?: AgentPrintJob;
}

/**
 * The print jobs this agent has handled, in a small JSON file next to its devices file (written to a
 * temporary file, flushed to disk, then renamed), so a job re-sent after a reconnect or a restart is
 * answered from here instead of being printed twice, and a job whose bytes never left is printed once.
 */
export class JobJournal {
  private readonly entries = new Map<string, JournalEntry>();

  constructor(readonly file: string, private readonly keep = 500) {
    if (existsSync(file)) {
      try {
        const data = JSON.parse(readFileSync(file, 'utf8')) as { jobs?: (Omit<JournalEntry, 'state'> & { state: JournalState | 'printing' })[] };
        // Version 1 wrote 'printing' before the bytes went out: as uncertain as 'sending'.
        for (const e of data.jobs ?? []) this.entries.set(e.jobId, { ...e, state: e.state === 'printing' ? 'sending' : e.state });
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

  /** Jobs received but not yet sent to the printer, oldest first. */
  queued(): (JournalEntry & { job: AgentPrintJob })[] {
    return [...this.entries.values()].filter((e): e is JournalEntry & { job: AgentPrintJob } => e.state === 'queued' && e.job !== undefined);
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
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify({ version: 2, jobs: [...this.entries.values()] }, null, 1)}\n`);
      // On disk before the bytes go to the printer: a power cut must not lose the 'sending' mark.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }
}

/** The journal's default place: next to the devices file, "<name>.jobs.json". */
export function defaultStateFile(devicesFile: string): string {
  const parsed = path.parse(devicesFile);
  return path.join(parsed.dir, `${parsed.name}.jobs.json`);
}
