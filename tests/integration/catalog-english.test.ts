import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/stats/csv.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';

/** The optional English texts of items, materials and departments: CSV columns, saved and read back. */
describe('catalogue English texts', () => {
  let srv: TestServer;
  let admin: string;

  const importCsv = (csv: string) =>
    fetch(`${srv.url}/api/admin/items.csv`, { method: 'POST', headers: { cookie: admin, origin: srv.url, 'content-type': 'text/csv; charset=utf-8' }, body: csv }).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
  const exportCsv = async () => new TextDecoder().decode(await (await fetch(`${srv.url}/api/admin/items.csv`, { headers: { cookie: admin } })).arrayBuffer());
  const item = async (code: string) => ((await srv.api('GET', '/api/admin/items', { cookie: admin })).body.items as Record<string, unknown>[]).find((i) => i.code === code);

  beforeAll(async () => {
    srv = await startTestServer();
    admin = await srv.login('A001');
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('imports the English columns and the English parts of a material line, and exports them again', async () => {
    const csv = [
      'code,name,category,department,queue,steps,materials,statutoryDays,promisedDays,事项名称(英文),办理步骤(英文),收费标准(英文),实施编码',
      'I9,社保卡补办,公共服务,GA,QA,"取号\n领卡","身份证|1份|原件|ID card|1 copy|original\n照片|2张",5,3,Social security card replacement,"Take a number\nCollect the card",Free of charge,11330100000000000001',
    ].join('\r\n');
    const r = await importCsv(csv);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const saved = await item('I9');
    expect(saved).toMatchObject({
      nameEn: 'Social security card replacement',
      stepsEn: ['Take a number', 'Collect the card'],
      feeEn: 'Free of charge',
      implementationCode: '11330100000000000001',
      materials: [{ name: '身份证', copies: '1份', note: '原件', nameEn: 'ID card', copiesEn: '1 copy', noteEn: 'original' }, { name: '照片', copies: '2张' }],
    });
    const records = parseCsv(await exportCsv());
    const header = records[0]!.fields;
    const row = records.find((x) => x.fields[0] === 'I9')!.fields;
    expect(row[header.indexOf('nameEn')]).toBe('Social security card replacement');
    expect(row[header.indexOf('implementationCode')]).toBe('11330100000000000001');
    expect(row[header.indexOf('materials')]).toBe('身份证|1份|原件|ID card|1 copy|original\n照片|2张');
    // Items without English texts export empty English cells, and a CSV without those columns still imports.
    expect(records.find((x) => x.fields[0] === 'I1')!.fields[header.indexOf('nameEn')]).toBe('');
  });

  it('keeps a department English name through a save, in the console list and the public catalogue', async () => {
    const list = (await srv.api('GET', '/api/admin/departments', { cookie: admin })).body.departments as Record<string, unknown>[];
    const ga = list.find((d) => d.code === 'GA')!;
    const r = await srv.api('PUT', '/api/admin/departments/GA', { cookie: admin, body: { ...ga, nameEn: 'Public Security Bureau' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const again = (await srv.api('GET', '/api/admin/departments', { cookie: admin })).body.departments as Record<string, unknown>[];
    expect(again.find((d) => d.code === 'GA')).toMatchObject({ nameEn: 'Public Security Bureau' });
    // The public catalogue the kiosk reads carries it too (read from the departments table).
    const hall = await srv.api('GET', '/api/hall', {});
    expect(hall.status).toBe(200);
    expect((hall.body.departments as Record<string, unknown>[]).find((d) => d.code === 'GA')).toMatchObject({ nameEn: 'Public Security Bureau' });
  });
});
