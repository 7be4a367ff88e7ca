import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../contract/api.ts';
import type { HallEvent } from '../../contract/events.ts';
import type { Snapshot } from '../../contract/snapshot.ts';
import type { ReplayBatch, StreamEvent } from '../../contract/socket.ts';
import { MAX_REPLAY } from '../../server/realtime/socket-server.ts';
import { DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { idNumber, keysIn, StreamLog } from './helpers.ts';

type SyncAck = Ack<ReplayBatch | { snapshot: Snapshot }>;

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** Asserts that `seqs` is exactly from..to, each once, in order. */
function expectExactly(seqs: number[], from: number, to: number, who: string): void {
  expect(seqs, `${who}: seqs`).toEqual(range(from, to));
}

describe('reconnecting with the last seq seen replays exactly what was missed', () => {
  let srv: TestServer;
  let staffCookie: string;
  let supervisorCookie: string;
  let idCounter = 0;

  /** A new valid ID number each call, so no citizen ever holds two live tickets in one queue. */
  const nextId = () => idNumber(`1101051980010${String(1000 + idCounter++).slice(-4)}`);

  const issue = async (queue: 'QA' | 'QC', withId: boolean) => {
    const r = await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: withId ? { queue, idNumber: nextId(), name: '赵钱孙' } : { queue } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { ticketId: string; number: string };
  };
  const windowAction = async (action: string, body: unknown = {}) => {
    const r = await srv.api('POST', `/api/windows/1/${action}`, { cookie: staffCookie, body });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  const lastSeq = () => srv.ctx.engine.core.log.lastSeq();

  /** The callers whose streams are checked, each with the credentials a socket presents. */
  type Who = 'display' | 'anonymous' | 'kiosk' | 'staff of window 1' | 'supervisor';
  const credentials = (who: Who): { token?: string; cookie?: string } => {
    switch (who) {
      case 'display':
        return { token: DISPLAY_TOKEN };
      case 'anonymous':
        return {};
      case 'kiosk':
        return { token: KIOSK_TOKEN };
      case 'staff of window 1':
        return { cookie: staffCookie };
      case 'supervisor':
        return { cookie: supervisorCookie };
    }
  };
  const WHO: Who[] = ['display', 'anonymous', 'kiosk', 'staff of window 1', 'supervisor'];
  const first = new Map<Who, StreamLog>();
  const second = new Map<Who, StreamLog>();
  const leftAt = new Map<Who, number>();
  let qaWithId: string;
  let qcWithId: string;

  beforeAll(async () => {
    srv = await startTestServer();
    staffCookie = await srv.login('T001');
    supervisorCookie = await srv.login('S001');
    await windowAction('sign-in');

    // First session: every caller connects at seq 3 (the seeded configuration, then the sign-in's two
    // events) and sees a few live events.
    for (const who of WHO) first.set(who, new StreamLog(srv.socket(credentials(who))));
    for (const log of first.values()) await log.synced();
    await issue('QA', true);
    await issue('QC', false);
    await windowAction('call-next');
    for (const log of first.values()) await log.until(lastSeq());

    // Sockets drop at different points: each remembers the last seq it saw.
    for (const [i, who] of WHO.entries()) {
      const log = first.get(who)!;
      log.socket.close();
      leftAt.set(who, log.lastSeq);
      if (i < WHO.length - 1) await issue('QA', false);
    }

    // Missed while disconnected: identities in a queue window 1 serves (QA) and one it does not (QC,
    // which has a daily cap of 3, so it is used sparingly).
    qaWithId = (await issue('QA', true)).ticketId;
    qcWithId = (await issue('QC', true)).ticketId;
    await windowAction('finish', { outcome: 'done' });
    await windowAction('call-next');
    await windowAction('pause', { reason: '系统维护' });
    await windowAction('resume');

    // Reconnect while commits keep landing: the replay/live boundary must neither drop nor repeat.
    const reconnecting = WHO.map((who) => {
      const log = new StreamLog(srv.socket({ ...credentials(who), lastSeq: leftAt.get(who)! }));
      second.set(who, log);
      return log.synced();
    });
    await Promise.all([...reconnecting, ...Array.from({ length: 8 }, (_, i) => issue('QA', i % 3 === 0))]);
    await issue('QA', false);
    await windowAction('call-next');
    for (const log of second.values()) await log.until(lastSeq());
  });

  afterAll(async () => {
    await srv?.stop();
  });

  it('the first session saw a snapshot, then consecutive live events', () => {
    for (const who of WHO) {
      const log = first.get(who)!;
      expect(log.kinds[0], who).toBe('snapshot');
      expect(log.snapshots, who).toHaveLength(1);
      const from = log.snapshots[0]!.seq + 1;
      expectExactly(log.seqs, from, leftAt.get(who)!, who);
    }
  });

  for (const who of ['display', 'anonymous', 'kiosk', 'staff of window 1', 'supervisor'] as Who[]) {
    it(`${who}: one replay batch first, then live events; together 1..last, each once`, () => {
      const log = second.get(who)!;
      const last = lastSeq();
      expect(log.kinds[0]).toBe('replay');
      expect(log.snapshots).toHaveLength(0);
      expect(log.replays).toHaveLength(1);
      expect(log.kinds.filter((k) => k === 'replay')).toHaveLength(1);

      const batch = log.replays[0]!;
      const since = leftAt.get(who)!;
      expect(batch.events.length).toBeGreaterThan(5);
      expectExactly(batch.events.map((e) => e.seq), since + 1, batch.seq, `${who} replay`);
      // Live events continue right after the batch's seq.
      expectExactly(log.events.map((e) => e.seq), batch.seq + 1, last, `${who} live`);

      const firstLog = first.get(who)!;
      const union = [...firstLog.seqs, ...log.seqs];
      expect(new Set(union).size).toBe(union.length);
      expect([...union].sort((a, b) => a - b)).toEqual(range(firstLog.snapshots[0]!.seq + 1, last));
      // The snapshot's own state covered everything up to its seq (sign-in): nothing before it is owed.
      expect(firstLog.snapshots[0]!.seq).toBe(3);
    });
  }

  it('the replay holds the events committed while the socket was away, as they were committed', () => {
    const batch = second.get('supervisor')!.replays[0]!;
    const stored = srv.ctx.engine.core.log.after(leftAt.get('supervisor')!, 1000);
    expect(batch.events).toEqual(stored.slice(0, batch.events.length));
    const types = batch.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['ticket.issued', 'ticket.finished', 'ticket.called', 'window.paused', 'window.opened']));
  });

  it('public sockets never get identity in a replay; the window gets it only for its own queues', () => {
    for (const who of ['display', 'anonymous'] as Who[]) {
      const log = second.get(who)!;
      expect(keysIn(log.replays, ['idMasked', 'nameMasked', 'kiosk', 'greenReason', 'note']), who).toEqual([]);
      expect(keysIn(log.events, ['idMasked', 'nameMasked']), who).toEqual([]);
      for (const e of log.all) expect((e.actor as { id?: unknown }).id, who).toBeUndefined();
    }
    const ticketIn = (events: StreamEvent[], id: string) => events.find((e) => e.type === 'ticket.issued' && e.ticket?.id === id)?.ticket as HallEvent['ticket'];

    const staff = second.get('staff of window 1')!.replays[0]!.events;
    expect(ticketIn(staff, qaWithId)?.idMasked).toMatch(/^\*{14}\d{3}[\dX]$/);
    expect(ticketIn(staff, qaWithId)?.nameMasked).toBe('赵*孙');
    // Window 1 serves QA and QB, not QC.
    expect(ticketIn(staff, qcWithId)).toBeDefined();
    expect(ticketIn(staff, qcWithId)).not.toHaveProperty('idMasked');

    const supervisor = second.get('supervisor')!.replays[0]!.events;
    expect(ticketIn(supervisor, qcWithId)?.idMasked).toMatch(/^\*{14}/);

    // The kiosk sees its own tickets in full (reprints, print results), which are all of them here.
    const kiosk = second.get('kiosk')!.replays[0]!.events;
    expect(ticketIn(kiosk, qcWithId)?.idMasked).toMatch(/^\*{14}/);
  });

  it("'sync' returns the same as a reconnect would, scoped the same way", async () => {
    for (const who of ['display', 'staff of window 1', 'supervisor'] as Who[]) {
      const log = second.get(who)!;
      const since = leftAt.get(who)!;
      const r = (await log.socket.emitWithAck('sync', { afterSeq: since })) as SyncAck;
      expect(r.ok, who).toBe(true);
      if (!r.ok) continue;
      expect('events' in r.data, who).toBe(true);
      const data = r.data as ReplayBatch;
      expect(data.seq).toBe(lastSeq());
      expect(data.events).toEqual(log.all.filter((e) => e.seq > since));
    }
    const caughtUp = (await second.get('display')!.socket.emitWithAck('sync', { afterSeq: lastSeq() })) as SyncAck;
    expect(caughtUp).toEqual({ ok: true, data: { events: [], seq: lastSeq(), at: srv.clock.now().toISOString() } });
  });

  it('a socket that reconnects already up to date gets an empty replay, not a snapshot', async () => {
    const log = new StreamLog(srv.socket({ token: DISPLAY_TOKEN, lastSeq: lastSeq() }));
    await log.synced();
    expect(log.kinds).toEqual(['replay']);
    expect(log.replays[0]).toEqual({ events: [], seq: lastSeq(), at: srv.clock.now().toISOString() });
    log.socket.close();
  });
});

describe('a client too far behind, or ahead of the server, gets a fresh snapshot', () => {
  let srv: TestServer;
  let total: number;

  /** Commits `n` config events in one transaction: a cheap way past MAX_REPLAY without n fsyncs. */
  const bulkEvents = (n: number) =>
    srv.ctx.engine.core.run((tx) => {
      for (let i = 0; i < n; i++) tx.emit({ type: 'config.changed', actor: { kind: 'system', id: null }, data: { entity: 'notices', code: `N${i}` } });
    });

  beforeAll(async () => {
    srv = await startTestServer();
    bulkEvents(MAX_REPLAY + 4);
    // The newest event carries an identity, so the long replays below reach it.
    const r = await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA', idNumber: '11010519491231002X', name: '张三' } });
    expect(r.status).toBe(200);
    total = srv.ctx.engine.core.log.lastSeq();
    // The seeded configuration, the bulk events, the ticket.
    expect(total).toBe(MAX_REPLAY + 6);
  });

  afterAll(async () => {
    await srv?.stop();
  });

  const connectWith = async (lastSeq: unknown) => {
    const log = new StreamLog(srv.socket({ token: DISPLAY_TOKEN, lastSeq: lastSeq as number }));
    await log.synced();
    return log;
  };

  it(`exactly MAX_REPLAY (${MAX_REPLAY}) behind still replays, all of it, in order`, async () => {
    const log = await connectWith(total - MAX_REPLAY);
    expect(log.kinds).toEqual(['replay']);
    expectExactly(log.replays[0]!.events.map((e) => e.seq), total - MAX_REPLAY + 1, total, 'replay');
    log.socket.close();
  });

  for (const [label, lastSeq] of [
    ['one further behind than MAX_REPLAY', () => total - MAX_REPLAY - 1],
    ['from the very start (lastSeq 0)', () => 0],
    ['ahead of the server (a restored database)', () => total + 1],
    ['far ahead of the server', () => total + 50_000],
  ] as const) {
    it(`${label}: a snapshot at the current seq, then live events from there`, async () => {
      const log = await connectWith(lastSeq());
      expect(log.kinds).toEqual(['snapshot']);
      expect(log.snapshots[0]!.seq).toBe(total);
      expect(keysIn(log.snapshots[0], ['idMasked', 'nameMasked'])).toEqual([]);
      const sync = (await log.socket.emitWithAck('sync', { afterSeq: lastSeq() })) as SyncAck;
      expect(sync.ok).toBe(true);
      if (sync.ok) {
        expect(sync.data).toHaveProperty('snapshot');
        expect((sync.data as { snapshot: Snapshot }).snapshot.seq).toBe(total);
      }
      log.socket.close();
    });
  }

  it('a malformed lastSeq gets a snapshot; a malformed sync is refused with a code', async () => {
    for (const bad of [-1, 1.5, '3', null]) {
      const log = await connectWith(bad);
      expect(log.kinds, String(bad)).toEqual(['snapshot']);
      log.socket.close();
    }
    const log = await connectWith(undefined);
    for (const payload of [{ afterSeq: -1 }, { afterSeq: 'x' }, {}, { afterSeq: 1, extra: true }]) {
      const r = (await log.socket.emitWithAck('sync', payload as never)) as SyncAck;
      expect(r.ok, JSON.stringify(payload)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('VALIDATION_FAILED');
        expect(r.error.message.length).toBeGreaterThan(0);
      }
    }
    log.socket.close();
  });

  it('after a snapshot, live events continue from its seq with no gap', async () => {
    const log = await connectWith(0);
    bulkEvents(3);
    await log.until(total + 3);
    expectExactly(log.events.map((e) => e.seq), total + 1, total + 3, 'live');
    total += 3;
    log.socket.close();
  });

  it('a long replay carries identity only to those allowed to see it', async () => {
    const since = srv.ctx.engine.core.log.lastSeq() - MAX_REPLAY;
    const display = await connectWith(since);
    const anon = new StreamLog(srv.socket({ lastSeq: since }));
    const supervisor = new StreamLog(srv.socket({ cookie: await srv.login('S001'), lastSeq: since }));
    for (const log of [display, anon, supervisor]) {
      await log.synced();
      expect(log.kinds).toEqual(['replay']);
      expect(log.replays[0]!.events).toHaveLength(MAX_REPLAY);
    }
    const issued = (log: StreamLog) => log.replays[0]!.events.find((e) => e.type === 'ticket.issued');
    expect(issued(display)).toBeDefined();
    expect(keysIn([display.replays, anon.replays], ['idMasked', 'nameMasked'])).toEqual([]);
    expect((issued(supervisor)!.ticket as HallEvent['ticket'])?.nameMasked).toBe('张*');
    for (const s of [display, anon, supervisor]) s.socket.close();
  });
});
