import { until } from '../fixtures/sockets.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../contract/socket.ts';
import { DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

describe('admin configuration over the API', () => {
  let server: TestServer;
  let admin: string;
  let supervisor: string;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.login('A001');
    supervisor = await server.login('S001');
  });
  afterAll(async () => {
    await server.stop();
  });

  const item = {
    code: 'I9',
    name: '新办事项',
    category: '公共服务',
    department: 'GA',
    queue: 'QA',
    steps: ['取号', '办理'],
    materials: [{ name: '申请表', copies: '1份' }],
    statutoryDays: 5,
    promisedDays: 2,
  };

  it('creates an item that the public catalogue and the kiosk see at once, and a display hears about it', async () => {
    const display = server.socket({ token: DISPLAY_TOKEN });
    await new Promise((r) => display.once('snapshot', r));
    const events: StreamEvent[] = [];
    display.on('event', (e) => events.push(e));

    const created = await server.api('POST', '/api/admin/items', { cookie: admin, body: item });
    expect(created.status).toBe(200);
    const hall = await server.api('GET', '/api/hall');
    expect(hall.body.items.map((i: { code: string }) => i.code)).toContain('I9');
    const issued = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I9' } });
    expect(issued.status).toBe(200);
    expect(issued.body.materials).toEqual(['申请表，1份']);
    await until('the event arrives', () => events.some((e) => e.type === 'config.changed'));
    // The event carries the new entity, so the log alone can rebuild the catalogue.
    expect(events.find((e) => e.type === 'config.changed')!.data).toMatchObject({ entity: 'items', code: 'I9', op: 'create', value: { code: 'I9', name: '新办事项', queue: 'QA' } });
    display.close();
  });

  it('reports validation errors relative to the entry, and changes nothing', async () => {
    const before = await server.api('GET', '/api/admin/items', { cookie: admin });
    const bad = await server.api('POST', '/api/admin/items', { cookie: admin, body: { ...item, code: 'I10', queue: 'NOPE', promisedDays: 9 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const paths = bad.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['queue', 'promisedDays']));
    const after = await server.api('GET', '/api/admin/items', { cookie: admin });
    expect(after.body.items.length).toBe(before.body.items.length);
    expect((await server.api('POST', '/api/admin/items', { cookie: admin, body: item })).body.error.code).toBe('ALREADY_EXISTS');
  });

  it('retires instead of deleting, so history keeps its references', async () => {
    expect((await server.api('DELETE', '/api/admin/items/I9', { cookie: admin })).status).toBe(200);
    const hall = await server.api('GET', '/api/hall');
    expect(hall.body.items.map((i: { code: string }) => i.code)).not.toContain('I9');
    const refused = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I9' } });
    expect(refused.body.error.code).toBe('UNKNOWN_ITEM');
    // The ticket issued earlier still names the item.
    const events = await server.api('GET', '/api/events?after=0', { cookie: supervisor });
    expect(events.body.events.some((e: StreamEvent) => e.type === 'ticket.issued' && e.ticket?.item === 'I9')).toBe(true);
  });

  it('creates staff who can log in, resets passwords, never returns hashes', async () => {
    const created = await server.api('POST', '/api/admin/staff', { cookie: admin, body: { badge: 'T100', name: '新同事', role: 'staff', password: 'first-pass-1' } });
    expect(created.status).toBe(200);
    expect(JSON.stringify(created.body)).not.toContain('scrypt');
    const list = await server.api('GET', '/api/admin/staff', { cookie: supervisor });
    expect(JSON.stringify(list.body)).not.toContain('scrypt');
    expect(list.body.staff.some((s: { badge: string }) => s.badge === 'T100')).toBe(true);
    expect((await server.api('POST', '/api/auth/login', { body: { badge: 'T100', password: 'first-pass-1' } })).status).toBe(200);
    expect((await server.api('POST', '/api/admin/staff/T100/password', { cookie: admin, body: { password: 'second-pass-2' } })).status).toBe(200);
    expect((await server.api('POST', '/api/auth/login', { body: { badge: 'T100', password: 'first-pass-1' } })).status).toBe(401);
    expect((await server.api('POST', '/api/auth/login', { body: { badge: 'T100', password: 'second-pass-2' } })).status).toBe(200);
    // A plain update keeps the password.
    expect((await server.api('PUT', '/api/admin/staff/T100', { cookie: admin, body: { badge: 'T100', name: '新同事改名', role: 'staff' } })).status).toBe(200);
    expect((await server.api('POST', '/api/auth/login', { body: { badge: 'T100', password: 'second-pass-2' } })).body.name).toBe('新同事改名');
  });

  it('issues a device token once, which then authenticates, and revokes it', async () => {
    const created = await server.api('POST', '/api/admin/devices', { cookie: admin, body: { code: 'K9', kind: 'kiosk', name: '新取号机' } });
    expect(created.status).toBe(200);
    const token = created.body.token as string;
    expect(token.length).toBeGreaterThan(20);
    expect((await server.api('GET', '/api/auth/me', { token })).body).toMatchObject({ kind: 'device', code: 'K9', deviceKind: 'kiosk' });
    expect((await server.api('DELETE', '/api/admin/devices/K9', { cookie: admin })).status).toBe(200);
    expect((await server.api('POST', '/api/kiosk/tickets', { token, body: { queue: 'QA' } })).status).toBe(401);
  });

  it('changes rules live and puts notices into the snapshot', async () => {
    const settings = await server.api('GET', '/api/admin/settings', { cookie: admin });
    const rules = { ...settings.body.rules, voiceTemplate: '请{ticket}号到{window}号窗口' };
    expect((await server.api('PUT', '/api/admin/rules', { cookie: admin, body: rules })).status).toBe(200);
    const staff = await server.login('T001');
    await server.api('POST', '/api/windows/1/sign-in', { cookie: staff, body: {} });
    const call = await server.api('POST', '/api/windows/1/call-next', { cookie: staff, body: {} });
    expect(call.status).toBe(200);
    const events = await server.api('GET', `/api/events?after=0&limit=1000`, { cookie: supervisor });
    const called = events.body.events.filter((e: StreamEvent) => e.type === 'ticket.called').at(-1);
    expect(called.data.phrase).toBe('请A零零一号到1号窗口');

    const notice = { code: 'N2', text: '今天下午延时办理到18:00', targets: ['hall', 'strip'] };
    expect((await server.api('POST', '/api/admin/notices', { cookie: admin, body: notice })).status).toBe(200);
    const snapshot = await server.api('GET', '/api/snapshot');
    expect(snapshot.body.notices.map((n: { code: string }) => n.code)).toEqual(['N1', 'N2']);
    expect((await server.api('DELETE', '/api/admin/notices/N2', { cookie: admin })).status).toBe(200);
    expect((await server.api('GET', '/api/snapshot')).body.notices.map((n: { code: string }) => n.code)).toEqual(['N1']);
  });

  it('audits every change', async () => {
    const audit = await server.api('GET', '/api/audit?action=admin.&limit=100', { cookie: supervisor });
    const actions = audit.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['admin.items.create', 'admin.items.retire', 'admin.staff.create', 'admin.staff.password_reset', 'admin.devices.create', 'admin.rules.update', 'admin.notices.create']));
    expect(audit.body.entries.every((e: { actor: string }) => e.actor === 'staff:A001')).toBe(true);
    expect((await server.api('POST', '/api/audit/verify', { cookie: supervisor, body: {} })).body.ok).toBe(true);
  });
});

