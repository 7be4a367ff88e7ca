import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../contract/admin.ts';
import { EvaluationRecord, type EvaluationRefusal } from '../../contract/evaluation.ts';
import { toPublicEvent, type HallEvent } from '../../contract/events.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * 好差评 on every HTTP channel of a real server: the window's tablet (a display bound to window 1),
 * the window's staff, the citizen's phone (status page, signed key), the call-back number of a 差评,
 * a second rating of the same visit (409 with a code and a Chinese message), and every refusal as an
 * `evaluation.refused` event. The record carries the GB/T 39046 fields from the hall configuration.
 */
const TABLET_TOKEN = 'tablet-token-window-0001';
const CONFIG = (() => {
  const base = testHallConfig();
  return testHallConfig({
    hall: { ...base.hall, regionCode: '330106' },
    items: base.items.map((i) => (i.code === 'I1' ? { ...i, implementationCode: '11330106MB0000001X4000' } : i)),
    devices: [...base.devices, { code: 'E1', kind: 'display', name: '1号窗口评价屏', window: 1, demoToken: TABLET_TOKEN }],
  });
})();

describe('evaluation channels over HTTP', () => {
  let srv: TestServer;
  let t001: string;
  let sup: string;

  const ok = async (method: string, url: string, opts: { cookie?: string; token?: string; body?: unknown }) => {
    const r = await srv.api(method, url, opts);
    if (r.status !== 200) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const act = (action: string, body: unknown = {}) => ok('POST', `/api/windows/1/${action}`, { cookie: t001, body }) as Promise<{ id: string; number: string }>;
  /** One citizen through window 1 (item I1); `finish` false leaves the ticket being served. */
  const serve = async (finish = true) => {
    await ok('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I1' } });
    const t = await act('call-next');
    await act('start');
    if (finish) await act('finish', { outcome: 'done' });
    return t;
  };
  const events = (type: string, after = 0) => srv.ctx.engine.core.log.after(after, 100_000).filter((e) => e.type === type);
  const lastSeq = () => srv.ctx.engine.core.log.lastSeq();
  const refusalsAfter = (seq: number) => events('evaluation.refused', seq).map((e) => e.data.refusal as EvaluationRefusal);

  beforeAll(async () => {
    srv = await startTestServer({ config: CONFIG });
    t001 = await srv.login('T001');
    sup = await srv.login('S001');
    await act('sign-in');
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('the tablet rates the ticket being served; the record carries the 表9 fields from the configuration', async () => {
    const t = await serve(false);
    const r = await ok('POST', '/api/evaluations', { token: TABLET_TOKEN, body: { ticketId: t.id, level: 'satisfied', reasons: ['办事效率高'], text: '很快', source: 'screen' } });
    expect(r.evaluation).toBe('satisfied');
    const rec = events('evaluation.recorded').at(-1)!.data.record;
    const record = EvaluationRecord.parse(rec);
    expect(record).toMatchObject({
      id: `TEST-${t.id}`,
      revision: 1,
      caseNumber: `TEST-${srv.ctx.engine.core.ticket(t.id).day.replaceAll('-', '')}-${t.number}`,
      hallCode: 'TEST',
      regionCode: '330106',
      departmentCode: 'GA',
      departmentName: '公安局',
      itemCode: 'I1',
      implementationCode: '11330106MB0000001X4000',
      itemName: '综合咨询',
      ticketNumber: t.number,
      window: 1,
      windowName: '综合窗口1',
      staffBadge: 'T001',
      staffName: '窗口甲',
      channel: 'screen',
      evaluator: { ref: t.id, nameMasked: null, idMasked: null },
      times: 1,
      grade: 'satisfied',
      firstGrade: 'satisfied',
      text: '很快',
      reasons: ['办事效率高'],
      finishedAt: null,
      case: null,
    });
    // The record is for staff: the public view of its event carries none of it.
    expect(toPublicEvent(events('evaluation.recorded').at(-1)! as HallEvent).data).toEqual({});
    // 办结 after the rating: a new revision of the record, now with the finish time.
    await act('finish', { outcome: 'done' });
    const after = EvaluationRecord.parse(events('evaluation.recorded').at(-1)!.data.record);
    expect(after).toMatchObject({ id: record.id, revision: 2, grade: 'satisfied', times: 1 });
    expect(after.finishedAt).toBe(srv.ctx.engine.core.ticket(t.id).finishedAt);
  });

  it('a second rating of the same visit is refused (409 ALREADY_EVALUATED, in Chinese) on every channel, each an event', async () => {
    const t = await serve();
    await ok('POST', '/api/evaluations', { token: TABLET_TOKEN, body: { ticketId: t.id, level: 'very_satisfied', source: 'screen' } });
    const before = lastSeq();
    const again = await srv.api('POST', '/api/evaluations', { token: TABLET_TOKEN, body: { ticketId: t.id, level: 'dissatisfied', source: 'screen' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_EVALUATED');
    expect(again.body.error.message).toMatch(/已评价|评价过/);
    const key = srv.ctx.statusKeys.sign(t.id);
    const phone = await srv.api('POST', `/api/public/tickets/${t.id}/evaluation`, { body: { key, level: 'basic' } });
    expect(phone.status).toBe(409);
    expect(phone.body.error).toMatchObject({ code: 'ALREADY_EVALUATED', message: '这次办事已经评价过了，每次办事只能评价一次，感谢您的反馈。' });
    expect(refusalsAfter(before).map((r) => [r.code, r.channel, r.ticketId])).toEqual([
      ['ALREADY_EVALUATED', 'screen', t.id],
      ['ALREADY_EVALUATED', 'phone', t.id],
    ]);
    expect(srv.db.prepare('SELECT COUNT(*) AS n FROM evaluations WHERE ticket_id = ?').get(t.id)).toEqual({ n: 1 });
  });

  it('a tablet of another window may not rate; a bad signed key is refused; both are events', async () => {
    const t = await serve();
    const before = lastSeq();
    const other = await srv.api('POST', '/api/evaluations', { token: 'display-token-00000001', body: { ticketId: t.id, level: 'satisfied', source: 'screen' } });
    expect(other.status).toBe(403);
    const bad = await srv.api('POST', `/api/public/tickets/${t.id}/evaluation`, { body: { key: 'not-the-key', level: 'satisfied' } });
    expect(bad.status).toBe(404);
    expect(bad.body.error.code).toBe('BAD_KEY');
    expect(refusalsAfter(before).map((r) => r.code)).toEqual(['WRONG_WINDOW', 'BAD_KEY']);
  });

  it('the phone offers 扫码评价 only once the visit is finished, once; a 差评 with a number opens a case with the number sealed', async () => {
    const t = await serve(false);
    const key = srv.ctx.statusKeys.sign(t.id);
    expect(await ok('GET', `/api/public/tickets/${t.id}/evaluation?k=${key}`, {})).toMatchObject({ canRate: false, rated: false });
    const early = await srv.api('POST', `/api/public/tickets/${t.id}/evaluation`, { body: { key, level: 'satisfied' } });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('NOT_FINISHED');
    await act('finish', { outcome: 'done' });
    expect(await ok('GET', `/api/public/tickets/${t.id}/evaluation?k=${key}`, {})).toMatchObject({ canRate: true, rated: false, canAddContact: false });
    const bad = await srv.api('POST', `/api/public/tickets/${t.id}/evaluation`, { body: { key, level: 'very_dissatisfied', reasons: ['等候时间长'], text: '等了一个小时', phone: '138 0013 8000' } });
    expect(bad.status).toBe(200);
    expect(bad.body).toEqual({ ok: true, grade: 'very_dissatisfied', times: 1, bad: true, contact: true });
    expect(await ok('GET', `/api/public/tickets/${t.id}/evaluation?k=${key}`, {})).toMatchObject({ canRate: false, rated: true, grade: 'very_dissatisfied', canAddContact: false });
    const row = srv.db.prepare('SELECT contact_enc, contact_masked FROM cases WHERE ticket_id = ?').get(t.id) as { contact_enc: string; contact_masked: string };
    expect(row.contact_masked).toBe('138****8000');
    expect(row.contact_enc).toMatch(/^aesgcm1:/);
    expect(row.contact_enc).not.toContain('13800138000');
    // The number is in no event and no audit entry.
    const everything = JSON.stringify(srv.ctx.engine.core.log.after(0, 100_000)) + JSON.stringify(srv.db.prepare('SELECT * FROM audit').all());
    expect(everything).not.toContain('13800138000');
    const c = ((await ok('GET', '/api/cases', { cookie: sup })).cases as CaseView[]).find((x) => x.ticketId === t.id)!;
    expect(c).toMatchObject({ contactMasked: '138****8000', itemName: '综合咨询', step: 'contact' });
    // Revealing it to the supervisor about to call is an audited read.
    expect(await ok('POST', `/api/cases/${c.id}/contact-number`, { cookie: sup, body: {} })).toEqual({ phone: '13800138000', masked: '138****8000' });
    expect((await ok('GET', '/api/audit?action=case.contact_revealed', { cookie: sup })).entries).toHaveLength(1);
    expect((await srv.api('POST', `/api/cases/${c.id}/contact-number`, { cookie: t001, body: {} })).status).toBe(403);
  });

  it('the tablet asks for the number after a 差评: the display of the window may add it once; a good rating has no case to add it to', async () => {
    const t = await serve();
    await ok('POST', '/api/evaluations', { token: TABLET_TOKEN, body: { ticketId: t.id, level: 'dissatisfied', reasons: ['态度不好'], source: 'screen' } });
    const added = await ok('POST', `/api/evaluations/${t.id}/contact`, { token: TABLET_TOKEN, body: { phone: '13912345678' } });
    expect(added).toMatchObject({ ok: true, bad: true, contact: true });
    const before = lastSeq();
    const twice = await srv.api('POST', `/api/evaluations/${t.id}/contact`, { token: TABLET_TOKEN, body: { phone: '13912345679' } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('CONTACT_GIVEN');
    const badPhone = await srv.api('POST', `/api/evaluations/${t.id}/contact`, { token: TABLET_TOKEN, body: { phone: '12345' } });
    expect(badPhone.status).toBe(400);
    expect(JSON.stringify(badPhone.body)).toContain('请输入11位手机号码');
    const good = await serve();
    await ok('POST', '/api/evaluations', { token: TABLET_TOKEN, body: { ticketId: good.id, level: 'very_satisfied', source: 'screen' } });
    const none = await srv.api('POST', `/api/evaluations/${good.id}/contact`, { token: TABLET_TOKEN, body: { phone: '13912345678' } });
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('NO_CASE');
    expect(refusalsAfter(before).map((r) => r.code)).toEqual(['CONTACT_GIVEN', 'NO_CASE']);
  });

  it('a ticket still waiting belongs to no window: refused (an event); once called, its window staff may record the rating', async () => {
    const w = { id: (await ok('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I1' } })).ticketId as string };
    const before = lastSeq();
    const r = await srv.api('POST', '/api/evaluations', { cookie: sup, body: { ticketId: w.id, level: 'satisfied', source: 'screen' } });
    expect(r.status, JSON.stringify(r.body)).toBe(403); // not at any window yet: nobody's window
    await act('call-next');
    const s = await srv.api('POST', '/api/evaluations', { cookie: t001, body: { ticketId: w.id, level: 'satisfied', source: 'screen' } });
    expect(s.status).toBe(200);
    expect(events('evaluation.recorded').at(-1)!.data.record).toMatchObject({ channel: 'staff', ticketId: w.id });
    expect(refusalsAfter(before).map((x) => x.code)).toEqual(['WRONG_WINDOW']);
    await act('finish', { outcome: 'done' });
  });
});
