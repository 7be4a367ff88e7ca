import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_NAMESPACE, ConsoleSnapshot, type ConsoleAck, type HallDetail } from '../../contract/central/console.ts';
import { scriptedHall } from './ingest-script.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';
import { demoToken, startConsoleInstance, until, watchConsole, type ConsoleInstance, type ConsoleWatcher } from './console-harness.ts';

/**
 * The central console over real HTTP, PostgreSQL and socket.io-client: region-scoped rooms, the
 * snapshot, live updates after each uplink batch, replay after a reconnect, a fresh snapshot when too
 * far behind, the drill-down, and refusals (no session, foreign origin, another region's hall).
 */
describe('central console (Socket.IO /console)', () => {
  let db: TestDatabase;
  let c: ConsoleInstance;
  let lancangCookie: string;
  let simaoCookie: string;
  let simaoToken: string;
  const watchers: ConsoleWatcher[] = [];
  const watch = (cookie: string | null, headers: Record<string, string> = {}) => {
    const w = watchConsole(c.url, cookie, headers);
    watchers.push(w);
    return w;
  };
  const county = scriptedHall('LCJ-ZWFW', 7);
  const countyDay = county.day('2026-12-01', 30);
  const simao = scriptedHall('SM-ZWFW', 8);
  const simaoDay = simao.day('2026-12-01', 5);

  beforeAll(async () => {
    db = await createTestDatabase('hallq_console');
    c = await startConsoleInstance(db.url, { maxReplay: 60 });
    lancangCookie = await c.login('lancang');
    simaoCookie = await c.login('simao');
    // A hall in the other county (思茅区): the 澜沧江县 supervisor must never see it.
    const admin = await c.login('admin');
    const reg = await fetch(`${c.url}/api/admin/halls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin },
      body: JSON.stringify({ code: 'SM-ZWFW', name: '思茅区政务服务中心', kind: 'county_centre', region: '530802' }),
    });
    expect(reg.status).toBe(201);
    simaoToken = ((await reg.json()) as { token: string }).token;
  });

  afterAll(async () => {
    for (const w of watchers) w.close();
    await c?.stop();
    await db?.drop();
  });

  it('refuses a socket without a session, and one opened by a page of another origin', async () => {
    const anonymous = watch(null);
    await until('the anonymous socket is refused', () => anonymous.refused.length > 0);
    expect(anonymous.refused[0]!.code).toBe('UNAUTHENTICATED');
    const foreign = watch(lancangCookie, { origin: 'http://evil.example' });
    await until('the foreign origin is refused', () => foreign.refused.length > 0);
    expect(foreign.refused[0]!.code).toBe('ORIGIN_REFUSED');
    expect(foreign.stream.state.value).toBeNull();
  });

  it('gives a county supervisor a snapshot of exactly its 39 halls', async () => {
    const w = watch(lancangCookie);
    await until('snapshot', () => w.stream.state.value !== null);
    const s = w.stream.state.value!;
    expect(s.root.code).toBe('530830');
    expect(Object.keys(s.halls)).toHaveLength(39);
    expect(s.halls['SM-ZWFW']).toBeUndefined();
    expect(s.regions.every((r) => r.code === '530830' || r.code.startsWith('530830'))).toBe(true);
    const other = watch(simaoCookie);
    await until('the other county snapshot', () => other.stream.state.value !== null);
    expect(Object.keys(other.stream.state.value!.halls)).toEqual(['SM-ZWFW']);
  });

  it('pushes each uplink batch live, to the rooms of its region only', async () => {
    const lancang = watch(lancangCookie);
    const other = watch(simaoCookie);
    await until('both snapshots', () => lancang.stream.state.value !== null && other.stream.state.value !== null);
    // The first 40 events: the config, windows opened, tickets issued, some called and served.
    const first = countyDay.slice(0, 40);
    const r = await c.post(demoToken('LCJ-ZWFW'), 'LCJ-ZWFW', first);
    expect(r.status).toBe(200);
    await until('the county batch on the console', () => lancang.stream.seqOf('LCJ-ZWFW') === 40);
    expect(lancang.events.map((e) => e.seq)).toEqual(first.map((e) => e.seq));
    const hall = lancang.stream.state.value!.halls['LCJ-ZWFW']!;
    const waiting = first.filter((e) => e.type === 'ticket.issued').length - new Set(first.filter((e) => e.type === 'ticket.called' || e.type === 'ticket.cancelled').map((e) => e.ticket!.id)).size;
    expect(hall.waiting).toBe(waiting);
    expect(hall.openWindows).toBe(2);
    expect(hall.hallSeq).toBe(40);
    expect(hall.lastContactAt).not.toBeNull();
    // Nothing personal travels: events carry a ticket number, never a masked name or ID.
    expect(JSON.stringify(lancang.events)).not.toMatch(/张\*三|110101/);

    const s = await c.post(simaoToken, 'SM-ZWFW', simaoDay);
    expect(s.status).toBe(200);
    await until('the other county batch on its own console', () => other.stream.seqOf('SM-ZWFW') === simaoDay.length);
    expect(other.events.every((e) => e.hall === 'SM-ZWFW')).toBe(true);
    // The same commit order reached the county console before, so it would have arrived by now.
    await c.post(demoToken('LCJ-ZWFW'), 'LCJ-ZWFW', countyDay.slice(40, 41));
    await until('the next county event', () => lancang.stream.seqOf('LCJ-ZWFW') === 41);
    expect(lancang.events.some((e) => e.hall === 'SM-ZWFW')).toBe(false);
    expect(lancang.stream.state.value!.halls['SM-ZWFW']).toBeUndefined();
  });

  it('replays what a reconnecting console missed, from PostgreSQL, by feed_seq', async () => {
    const w = watch(lancangCookie);
    await until('snapshot', () => w.stream.state.value !== null);
    const held = w.stream.seqOf('LCJ-ZWFW');
    w.stream.disconnect();
    const missed = countyDay.slice(held, held + 20);
    expect((await c.post(demoToken('LCJ-ZWFW'), 'LCJ-ZWFW', missed)).status).toBe(200);
    w.stream.connect();
    await until('the missed events replayed', () => w.stream.seqOf('LCJ-ZWFW') === held + 20);
    expect(w.events.map((e) => e.seq)).toEqual(missed.map((e) => e.seq));
    expect(w.snapshots).toBe(1);
  });

  it('sends a fresh snapshot instead of a replay when the console is too far behind', async () => {
    const w = watch(lancangCookie);
    await until('snapshot', () => w.stream.state.value !== null);
    const held = w.stream.seqOf('LCJ-ZWFW');
    // A console that stays connected shows when the centre has pushed the missed events live, so the
    // reconnecting one cannot receive them as live pushes after it joined its room again.
    const witness = watch(lancangCookie);
    await until('the witness snapshot', () => witness.stream.seqOf('LCJ-ZWFW') === held);
    w.stream.disconnect();
    const missed = countyDay.slice(held, held + 80); // more than maxReplay (60)
    expect((await c.post(demoToken('LCJ-ZWFW'), 'LCJ-ZWFW', missed)).status).toBe(200);
    await until('the missed events pushed live', () => witness.stream.seqOf('LCJ-ZWFW') === held + 80);
    w.stream.connect();
    await until('a second snapshot', () => w.snapshots === 2);
    expect(w.stream.seqOf('LCJ-ZWFW')).toBe(held + 80);
    expect(w.events).toHaveLength(0);
  });

  it('drills down to a hall: windows with masked staff names, queues; another region is refused', async () => {
    const socket = connect(`${c.url}${CONSOLE_NAMESPACE}`, { transports: ['websocket'], extraHeaders: { cookie: lancangCookie } });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('snapshot', (s: unknown) => (ConsoleSnapshot.parse(s), resolve()));
        socket.once('connect_error', reject);
      });
      const ask = (payload: unknown) => new Promise<ConsoleAck<HallDetail>>((resolve) => socket.emit('hall:detail', payload, resolve));
      const detail = await ask({ hall: 'LCJ-ZWFW' });
      expect(detail.ok).toBe(true);
      if (!detail.ok) return;
      expect(detail.data.windows.map((x) => x.number)).toEqual([1, 2]);
      const staff = detail.data.windows.map((x) => x.staff?.nameMasked).filter(Boolean);
      expect(staff.length).toBeGreaterThan(0);
      expect(staff.every((n) => n === '李*明' || n === '王*')).toBe(true);
      expect(detail.data.queues.map((q) => q.code).sort()).toEqual(['QA', 'QC']);
      expect(detail.data.queues.reduce((n, q) => n + q.waiting, 0)).toBe(detail.data.hall.waiting);

      const foreign = await ask({ hall: 'SM-ZWFW' });
      expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const bad = await ask({ hall: '' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      const sync = await new Promise<ConsoleAck<unknown>>((resolve) => socket.emit('sync', { halls: [{ hall: 'SM-ZWFW', afterSeq: 0 }] }, resolve));
      expect(sync).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    } finally {
      socket.close();
    }
  });

  it('drops a console whose session ended (sign-out) and refuses it at the next handshake', async () => {
    const cookie = await c.login('lancang');
    const w = watch(cookie);
    await until('snapshot', () => w.stream.state.value !== null);
    const out = await fetch(`${c.url}/api/auth/logout`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(out.status).toBeLessThan(300);
    await until('the ended session refused', () => w.refused.length > 0);
    expect(w.refused[0]!.code).toBe('UNAUTHENTICATED');
    expect(w.stream.connected.value).toBe(false);
  });

  it('notices a lost push from the tick and fetches the hall’s missing events', async () => {
    const w = watch(lancangCookie);
    await until('snapshot', () => w.stream.state.value !== null);
    const held = w.stream.seqOf('LCJ-ZWFW');
    // Drop the next live update on this client, as if it were lost between instances.
    const socket = (w.stream as unknown as { socket: { listeners(e: string): ((...a: unknown[]) => void)[]; off(e: string): void; on(e: string, f: (...a: unknown[]) => void): void } }).socket;
    const handlers = socket.listeners('update');
    socket.off('update');
    let dropped = 0;
    socket.on('update', (u: unknown) => {
      if (dropped++ === 0) return;
      for (const h of handlers) h(u);
    });
    const next = countyDay.slice(held, held + 5);
    expect((await c.post(demoToken('LCJ-ZWFW'), 'LCJ-ZWFW', next)).status).toBe(200);
    await until('the tick-driven catch-up', () => w.stream.seqOf('LCJ-ZWFW') === held + 5);
    expect(dropped).toBe(1);
    expect(w.events.map((e) => e.seq)).toEqual(next.map((e) => e.seq));
  });
});
