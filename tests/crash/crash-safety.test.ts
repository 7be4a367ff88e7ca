import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHILD_KIOSK_TOKEN, CHILD_QUEUES, noonTimezone, spawnChildServer, type ChildServer } from '../fixtures/child-server.ts';

/**
 * Crash safety (DESIGN.md §2, §4 numbering): the hall server runs as a child process, eight kiosks issue
 * tickets over HTTP at full speed, and the process is killed with SIGKILL at a random moment. After each
 * restart on the same data folder, every ticket a kiosk was told about is in the database as it was told,
 * numbers are unique and gap-free per queue and day, the event log has no holes, and SQLite is intact.
 */

const ROUNDS = 5;
const CLIENTS = 8;
const PREFIX: Record<string, string> = { QA: 'A', QB: 'B', QC: 'C', QD: 'D' };

interface Acked {
  ticketId: string;
  number: string;
  queue: string;
}

const dir = mkdtempSync(path.join(tmpdir(), 'hallq-crash-'));
const children: ChildServer[] = [];
const timezone = noonTimezone();

afterAll(async () => {
  await Promise.all(children.map((c) => c.kill()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<ChildServer> {
  const c = await spawnChildServer({ dataDir: dir, timezone });
  children.push(c);
  return c;
}

/** Eight kiosks issuing as fast as they can until the server goes away. */
function runClients(url: string, acked: Acked[], state: { killed: boolean }, unexpected: string[]): Promise<number[]> {
  const one = async (client: number): Promise<number> => {
    let n = 0;
    for (let i = client; ; i++) {
      const queue = CHILD_QUEUES[i % CHILD_QUEUES.length]!;
      let res: Response;
      let body: { ticketId?: string; number?: string; queue?: string };
      try {
        res = await fetch(`${url}/api/kiosk/tickets`, {
          method: 'POST',
          headers: { authorization: `Bearer ${CHILD_KIOSK_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ queue }),
        });
        body = (await res.json()) as typeof body;
      } catch (error) {
        // The only acceptable failure is the server having been killed.
        if (!state.killed) unexpected.push(`client ${client}: ${(error as Error).message} before the kill`);
        return n;
      }
      if (res.status !== 200 || !body.ticketId || !body.number || body.queue !== queue) {
        unexpected.push(`client ${client}: HTTP ${res.status} ${JSON.stringify(body)}`);
        return n;
      }
      acked.push({ ticketId: body.ticketId, number: body.number, queue });
      n++;
    }
  };
  return Promise.all(Array.from({ length: CLIENTS }, (_, i) => one(i)));
}

/** Reads the data folder the running server has just recovered, and checks every invariant. */
function verify(acked: Acked[]): { tickets: number; events: number } {
  const db = new Database(path.join(dir, 'hallq.db'), { fileMustExist: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);

    const byId = new Map(
      (db.prepare('SELECT id, number, queue, number_queue, serial, day FROM tickets').all() as { id: string; number: string; queue: string; number_queue: string; serial: number; day: string }[]).map((t) => [t.id, t]),
    );
    // Every ticket a kiosk received exists with the same number and queue.
    for (const a of acked) {
      const row = byId.get(a.ticketId);
      expect(row, `acknowledged ticket ${a.number} (${a.ticketId}) is missing`).toBeDefined();
      expect(row!.number).toBe(a.number);
      expect(row!.queue).toBe(a.queue);
    }
    expect(new Set(acked.map((a) => a.ticketId)).size).toBe(acked.length);

    // Numbers per queue and day: unique, 1..max with no gaps, matching the counter and the printed number.
    const groups = new Map<string, number[]>();
    for (const t of byId.values()) {
      expect(t.number).toBe(`${PREFIX[t.number_queue]}${String(t.serial).padStart(4, '0')}`);
      const key = `${t.day}|${t.number_queue}`;
      groups.set(key, [...(groups.get(key) ?? []), t.serial]);
    }
    const counters = db.prepare('SELECT day, queue, last_no FROM counters').all() as { day: string; queue: string; last_no: number }[];
    expect(counters.length).toBe(groups.size);
    for (const c of counters) {
      const serials = (groups.get(`${c.day}|${c.queue}`) ?? []).sort((a, b) => a - b);
      expect(serials, `numbers of ${c.queue} on ${c.day}`).toEqual(Array.from({ length: c.last_no }, (_, i) => i + 1));
    }

    // The event log: seq 1..max without holes, one ticket.issued per ticket.
    const ev = db.prepare('SELECT MIN(seq) AS lo, MAX(seq) AS hi, COUNT(*) AS n FROM events').get() as { lo: number; hi: number; n: number };
    expect(ev.lo).toBe(1);
    expect(ev.n).toBe(ev.hi);
    const issued = db.prepare("SELECT ticket_id FROM events WHERE type = 'ticket.issued'").all() as { ticket_id: string }[];
    expect(issued.length).toBe(byId.size);
    expect(new Set(issued.map((e) => e.ticket_id))).toEqual(new Set(byId.keys()));
    return { tickets: byId.size, events: ev.n };
  } finally {
    db.close();
  }
}

describe('crash safety: SIGKILL while eight kiosks issue tickets', () => {
  it(`keeps every acknowledged ticket and gap-free numbers over ${ROUNDS} kill-and-restart rounds`, async () => {
    const acked: Acked[] = [];
    let previousTickets = 0;
    let server = await start();
    for (let round = 1; round <= ROUNDS; round++) {
      const state = { killed: false };
      const unexpected: string[] = [];
      const clients = runClients(server.url, acked, state, unexpected);
      const ackedBefore = acked.length;
      // Let the kiosks get going (a loaded machine may take a while to answer the first request), then
      // pull the plug at a random moment while requests are in flight.
      const deadline = Date.now() + 30_000;
      while (acked.length === ackedBefore) {
        if (Date.now() > deadline) throw new Error(`round ${round}: no ticket acknowledged within 30 s of the restart`);
        await new Promise((r) => setTimeout(r, 10));
      }
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 900));
      state.killed = true;
      await server.kill();
      const perClient = await clients;
      expect(unexpected).toEqual([]);
      expect(server.child.signalCode).toBe('SIGKILL');
      // Requests were in flight: the kiosks did get tickets this round.
      expect(perClient.reduce((s, n) => s + n, 0)).toBeGreaterThan(0);
      expect(acked.length).toBeGreaterThan(ackedBefore);

      server = await start();
      const { tickets } = verify(acked);
      // Tickets that committed without their response reaching a kiosk are fine; losing any is not.
      expect(tickets).toBeGreaterThanOrEqual(acked.length);
      expect(tickets).toBeGreaterThan(previousTickets);
      previousTickets = tickets;
    }
    // The restarted server still issues, continuing the numbering.
    const res = await fetch(`${server.url}/api/kiosk/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CHILD_KIOSK_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ queue: 'QA' }),
    });
    expect(res.status).toBe(200);
    const last = (await res.json()) as Acked;
    acked.push({ ticketId: last.ticketId, number: last.number, queue: 'QA' });
    await server.stop();
    expect(server.child.exitCode).toBe(0);
    verify(acked);
  }, 60_000);
});
