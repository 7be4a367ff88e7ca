import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/stats/csv.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';

/** Item catalogue CSV: export with a BOM, import validated row by row, all or nothing. */
describe('item catalogue CSV', () => {
  let srv: TestServer;
  let admin: string;
  let sup: string;

  const exportCsv = async (cookie: string) => {
    const res = await fetch(`${srv.url}/api/admin/items.csv`, { headers: { cookie } });
    return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
  };
  const importCsv = (csv: string, query = '', cookie = admin) =>
    fetch(`${srv.url}/api/admin/items.csv${query}`, { method: 'POST', headers: { cookie, origin: srv.url, 'content-type': 'text/csv; charset=utf-8' }, body: csv }).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
  const items = async () => (await srv.api('GET', '/api/admin/items', { cookie: admin })).body.items as Record<string, unknown>[];

  beforeAll(async () => {
    srv = await startTestServer();
    admin = await srv.login('A001');
    sup = await srv.login('S001');
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('exports UTF-8 with a BOM, one row per item, multi-line steps and materials', async () => {
    const r = await exportCsv(sup);
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/csv; charset=utf-8/);
    expect([...r.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parseCsv(new TextDecoder().decode(r.bytes));
    expect(records[0]!.fields.slice(0, 3)).toEqual(['code', 'name', 'category']);
    expect(records.slice(1).map((x) => x.fields[0])).toEqual(['I1', 'I2', 'I3']);
    const i2 = records[2]!.fields;
    expect(i2[5]).toBe('取号\n采集\n缴费');
    expect(i2[6]).toBe('户口簿');
  });

  it('export → import round-trips unchanged', async () => {
    const before = await items();
    const csv = new TextDecoder().decode((await exportCsv(admin)).bytes);
    const r = await importCsv(csv);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ dryRun: false, created: [], updated: ['I1', 'I2', 'I3'] });
    expect(await items()).toEqual(before);
  });

  it('imports new and changed items; Chinese headers and any column order are accepted', async () => {
    const csv = [
      '事项名称,事项编码,事项类别,部门编码,队列编码,办理步骤,申请材料,法定时限(天),承诺时限(天),收费标准,办理时长(分钟)',
      '"社保卡补办",I4,公共服务,GA,QA,"取号\n拍照\n领卡","身份证|1份|原件\n照片|2张",5,3,"工本费 10 元",15',
      '综合咨询（更名）,I1,便民服务,GA,QA,"取号\n办理",,0,0,不收费,8',
    ].join('\r\n');
    const dry = await importCsv(csv, '?dryRun=true');
    expect(dry.body).toEqual({ dryRun: true, created: ['I4'], updated: ['I1'] });
    expect((await items()).map((i) => i.code)).toEqual(['I1', 'I2', 'I3']);
    const r = await importCsv(csv);
    expect(r.status).toBe(200);
    const after = await items();
    expect(after.find((i) => i.code === 'I4')).toMatchObject({
      name: '社保卡补办',
      steps: ['取号', '拍照', '领卡'],
      materials: [{ name: '身份证', copies: '1份', note: '原件' }, { name: '照片', copies: '2张' }],
      statutoryDays: 5,
      promisedDays: 3,
      fee: '工本费 10 元',
      serviceMinutes: 15,
    });
    expect(after.find((i) => i.code === 'I1')).toMatchObject({ name: '综合咨询（更名）', serviceMinutes: 8 });
    // The engine reloaded its catalogue: the new item can be issued at once.
    const kiosk = await srv.api('GET', '/api/items/I4');
    expect(kiosk.status).toBe(200);
    const audit = await srv.api('GET', '/api/audit?action=admin.items.import_csv', { cookie: sup });
    expect(audit.body.entries).toHaveLength(2);
  });

  it('reports every bad row with its row number and writes nothing', async () => {
    const before = await items();
    const csv = [
      'code,name,category,department,queue,steps,statutoryDays,promisedDays,serviceMinutes',
      'I5,好事项,公共服务,GA,QA,取号,1,1,10',
      'I6,,公共服务,GA,QA,取号,1,1,10', // row 3: no name
      'I7,坏类别,不存在的类别,GA,QA,取号,1,1,10', // row 4: category
      'I8,多天,公共服务,GA,QA,取号,x,1,10', // row 5: statutoryDays not a number
      '"I9","多行',
      '名称",公共服务,NOPE,QA,取号,1,1,10', // row 6 (two lines): unknown department
      'I5,重复,公共服务,GA,QA,取号,1,1,10', // row 8: duplicate code
      'I10,承诺超法定,公共服务,GA,QA,取号,1,5,10', // row 9: promised > statutory
    ].join('\n');
    const r = await importCsv(csv);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('CSV_INVALID');
    const rows = (r.body.error.details.errors as { row: number; column?: string }[]).map((e) => [e.row, e.column]);
    expect(rows).toEqual([
      [3, 'name'],
      [4, 'category'],
      [5, 'statutoryDays'],
      [8, 'code'],
    ]);
    // Row-level schema errors come first; cross-references are checked once every row is well formed.
    const fixed = csv.replace('I6,,', 'I6,有名,').replace('不存在的类别', '公共服务').replace(',x,', ',1,').replace('I5,重复', 'I11,不再重复');
    const r2 = await importCsv(fixed);
    expect(r2.status).toBe(400);
    expect((r2.body.error.details.errors as { row: number; column?: string }[]).map((e) => [e.row, e.column])).toEqual([
      [6, 'department'],
      [9, 'promisedDays'],
    ]);
    expect(await items()).toEqual(before);
  });

  it('reads a BOM, quoted commas and quoted line breaks, and names the line of a broken quote', async () => {
    const header = 'code,name,category,department,queue,steps,materials,statutoryDays,promisedDays,fee';
    const csv = [header, 'I12,"居住证签注,续期",公共服务,GA,QA,"取号\r\n核验\r\n签注","身份证|1份\r\n""居住证""原件",3,1,"不收费"', '', 'I13,临时身份证,公共服务,GA,QA,取号,,1,1,不收费'].join('\r\n');
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv)]);
    const post = (body: BodyInit, query = '') =>
      fetch(`${srv.url}/api/admin/items.csv${query}`, { method: 'POST', headers: { cookie: admin, origin: srv.url, 'content-type': 'text/csv; charset=utf-8' }, body }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const ok = await post(bytes, '?dryRun=true');
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ dryRun: true, created: ['I12', 'I13'], updated: [] });
    // A bad row after the quoted line breaks and the blank line is named by its line in the file.
    const badRow = await post(`\uFEFF${csv.replace('I13,临时身份证,公共服务', 'I13,临时身份证,不存在的类别')}`);
    expect(badRow.status).toBe(400);
    expect(badRow.body.error.details.errors).toEqual([expect.objectContaining({ row: 7, column: 'category' })]);

    const unclosed = await post([header, 'I14,x,公共服务,GA,QA,取号,,1,1,不收费', 'I15,"没有闭合,公共服务,GA,QA,取号,,1,1,不收费', 'I16,y,公共服务,GA,QA,取号,,1,1,不收费'].join('\n'));
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.error.code).toBe('CSV_INVALID');
    expect(unclosed.body.error.details.errors).toEqual([{ row: 3, message: '第 3 行起的引号没有闭合。' }]);
    expect(unclosed.body.error.message).toContain('第 3 行起的引号没有闭合');

    const stray = await post([header, 'I14,x,公共服务,GA,QA,"取号\n核验",,1,1,不收费', 'I15,半个"引号,公共服务,GA,QA,取号,,1,1,不收费'].join('\n'));
    expect(stray.status).toBe(400);
    expect(stray.body.error.details.errors).toEqual([{ row: 4, message: expect.stringMatching(/^第 4 行：引号只能出现在字段开头/) }]);
    expect((await items()).map((i) => i.code)).not.toContain('I12');
  });

  it('refuses a missing column, a wrong encoding, and anyone but an admin', async () => {
    const missing = await importCsv('code,name\nI1,x\n');
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors[0]).toMatchObject({ row: 1 });
    const gbk = await fetch(`${srv.url}/api/admin/items.csv`, { method: 'POST', headers: { cookie: admin, origin: srv.url, 'content-type': 'text/csv' }, body: new Uint8Array([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xb0, 0xec]) });
    expect(gbk.status).toBe(400);
    expect((await gbk.json()).error.code).toBe('CSV_ENCODING');
    expect((await importCsv('code\n', '', sup)).status).toBe(403);
    const viaJson = await srv.api('POST', '/api/admin/items.csv', { cookie: admin, body: { csv: 'code,name\n', extra: 1 } });
    expect(viaJson.status).toBe(400);
    expect((await exportCsv('')).status).toBe(401);
  });
});
