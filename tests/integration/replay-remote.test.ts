import { mkdtempSync } from 'node:fs';
import { smsCodeFor } from '../fixtures/sms-code.ts';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HallConfig } from '../../contract/config.ts';
import { openDatabase } from '../../server/store/db.ts';
import { diffScreenTables, formatDiffs, readEventLog, readScreenTables, replayEvents } from '../../server/store/replay/index.ts';
import { DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { idNumber } from '../fixtures/sockets.ts';

/**
 * The event log alone rebuilds remote numbers (未到场, arrived by kiosk code, by card and by the hall
 * code, never arrived) and the care classes (elderly from the card, disabled/pregnant from the window)
 * exactly, the day's close included.
 */
describe('replay with remote numbers and care classes', () => {
  let srv: TestServer;
  let cookie: string;
  const ok = async (method: string, url: string, o: { cookie?: string; token?: string; body?: unknown } = {}) => {
    const r = await srv.api(method, url, { ...o, ...(o.body === undefined && method !== 'GET' ? { body: {} } : {}) });
    if (r.status !== 200) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  // One phone per citizen: each proves it with its own texted code (a phone may ask once a minute).
  const remote = async (n: string, name: string) => {
    const phone = `139${n.slice(-8)}`;
    return ok('POST', '/api/remote/tickets', { body: { queue: 'QA', idNumber: idNumber(n), name, phone, smsCode: await smsCodeFor(srv, phone) } });
  };

  beforeAll(async () => {
    const base = testHallConfig();
    srv = await startTestServer({ config: HallConfig.parse({ ...base, queues: base.queues.map((q) => (q.code === 'QA' ? { ...q, remote: { enabled: true, dailyQuota: 9 } } : q)) }) });
    cookie = await srv.login('T001');
    await ok('POST', '/api/windows/1/sign-in', { cookie });
    await ok('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA', idNumber: idNumber('11010519490101002'), name: '老张' } });
    await ok('POST', '/api/windows/1/tickets', { cookie, body: { queue: 'QA', careClass: 'assisted' } });
    const byCode = await remote('11010519800101123', '甲');
    const byCard = await remote('11010519800101131', '乙');
    const byHall = await remote('11010519800101140', '丙');
    await remote('11010519800101158', '丁'); // never arrives
    await ok('POST', '/api/kiosk/checkin', { token: KIOSK_TOKEN, body: { code: byCode.arrivalCode } });
    await ok('POST', '/api/kiosk/checkin', { token: KIOSK_TOKEN, body: { idNumber: idNumber('11010519800101131') } });
    const code = await ok('GET', '/api/remote/hall-code', { token: DISPLAY_TOKEN });
    await ok('POST', `/api/remote/tickets/${byHall.ticketId}/arrive`, { body: { k: byHall.key, hallCode: code.code } });
    for (let i = 0; i < 3; i++) await ok('POST', '/api/windows/1/call-next', { cookie });
    expect(byCard.number).toBe('A004');
  });
  afterAll(() => srv?.stop());

  const rebuilt = () => {
    const db = openDatabase({ dataDir: mkdtempSync(path.join(tmpdir(), 'hallq-rebuild-remote-')) });
    try {
      replayEvents(db, readEventLog(srv.db));
      return readScreenTables(db);
    } finally {
      db.close();
    }
  };

  it('the classes and remote columns come back exactly', () => {
    const classes = srv.db.prepare('SELECT number, care_class, state, arrival_code IS NOT NULL AS remote FROM tickets ORDER BY number').all();
    // Called in tier order: disabled/pregnant, then elderly, then the remote number checked in first (its place held).
    expect(classes).toEqual([
      { number: 'A001', care_class: 'elderly', state: 'finished', remote: 0 },
      { number: 'A002', care_class: 'assisted', state: 'finished', remote: 0 },
      { number: 'A003', care_class: null, state: 'called', remote: 1 },
      { number: 'A004', care_class: null, state: 'waiting', remote: 1 },
      { number: 'A005', care_class: null, state: 'waiting', remote: 1 },
      { number: 'A006', care_class: null, state: 'remote', remote: 1 },
    ]);
    const diffs = diffScreenTables(readScreenTables(srv.db), rebuilt());
    expect(diffs, formatDiffs(diffs)).toEqual([]);
  });

  it('and after the day closes the never-arrived number is cancelled in both', async () => {
    srv.clock.set('2026-12-01T01:00:00Z');
    await ok('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    const row = srv.db.prepare("SELECT state, close_reason FROM tickets WHERE number = 'A006' AND day = '2026-11-30'").get();
    expect(row).toEqual({ state: 'cancelled', close_reason: 'day_end' });
    const diffs = diffScreenTables(readScreenTables(srv.db), rebuilt());
    expect(diffs, formatDiffs(diffs)).toEqual([]);
  });
});
