import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskIdentity, StreamEvent, DeviceHealthView } from '../../contract/socket.ts';
import { DEMO_CARDS } from '../../drivers/idcard/demo-cards.ts';
import type { OnbonScreenSimulator } from '../../drivers/led/onbon/simulator.ts';
import type { PlainLedSimulator } from '../../drivers/led/plain/simulator.ts';
import {
  connected,
  DISPLAY_TOKEN,
  KIOSK2_TOKEN,
  KIOSK_TOKEN,
  nextEvent,
  startDeviceServer,
  until,
  type DeviceTestServer,
} from './helpers.ts';

const CARD = DEMO_CARDS[0]!;

let server: DeviceTestServer;

beforeEach(async () => {
  server = await startDeviceServer();
});

afterEach(async () => {
  await server.stop();
});

function sim() {
  const s = server.sim;
  if (!s) throw new Error('no simulation');
  return s;
}

async function issueAtK1(body: Record<string, unknown>) {
  return server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body });
}

describe('ID card reader → kiosk identity', () => {
  it("sends 'kiosk:identity' to K1's room only, and the ref issues exactly once", async () => {
    const k1 = server.socket({ token: KIOSK_TOKEN });
    const k2 = server.socket({ token: KIOSK2_TOKEN });
    const display = server.socket({ token: DISPLAY_TOKEN });
    const supervisor = server.socket({ cookie: await server.login('S001') });
    const stray: Record<string, KioskIdentity[]> = { k2: [], display: [], supervisor: [] };
    k2.on('kiosk:identity', (i) => stray.k2!.push(i));
    display.on('kiosk:identity', (i) => stray.display!.push(i));
    supervisor.on('kiosk:identity', (i) => stray.supervisor!.push(i));
    await Promise.all([k1, k2, display, supervisor].map((s) => connected(s)));

    const identity = nextEvent<KioskIdentity>(k1, 'kiosk:identity');
    sim().idcards.get('K1-idcard')!.placeCard(CARD);
    const got = await identity;
    expect(got.idMasked).not.toContain(CARD.idNumber.slice(1, 14));
    expect(got.idMasked.endsWith(CARD.idNumber.slice(-4))).toBe(true);
    expect(got.nameMasked).toBe('张*丰');
    expect(got.identityRef).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(new Date(got.validUntil).getTime()).toBe(server.clock.now().getTime() + 120_000);

    // Another kiosk cannot use K1's card.
    const elsewhere = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK2_TOKEN, body: { queue: 'QB', identityRef: got.identityRef } });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.error.code).toBe('IDENTITY_REF_INVALID');

    // The issue event reaches every room after the identity was sent, so arriving without it means never.
    const seenBy = [k2, display, supervisor].map((s) => nextEvent<StreamEvent>(s, 'event', (e) => e.type === 'ticket.issued'));
    const first = await issueAtK1({ queue: 'QB', identityRef: got.identityRef });
    expect(first.status).toBe(200);
    expect(first.body.idTail).toBe(CARD.idNumber.slice(-4));
    await Promise.all(seenBy);
    expect(stray).toEqual({ k2: [], display: [], supervisor: [] });

    const again = await issueAtK1({ queue: 'QB', identityRef: got.identityRef });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('IDENTITY_REF_INVALID');

    // The ticket carries the masked identity only, and no file in the data folder holds the number or name.
    const t = server.ctx.engine.core.ticket(first.body.ticketId);
    expect(t.idMasked).toBe(got.idMasked);
    await server.devices.settled();
    server.db.pragma('wal_checkpoint(FULL)');
    for (const file of readdirSync(server.dir)) {
      const bytes = readFileSync(path.join(server.dir, file));
      expect(bytes.includes(Buffer.from(CARD.idNumber)), file).toBe(false);
      expect(bytes.includes(Buffer.from(CARD.name)), file).toBe(false);
    }
  });

  it('refuses an expired ref', async () => {
    const k1 = server.socket({ token: KIOSK_TOKEN });
    await connected(k1);
    const identity = nextEvent<KioskIdentity>(k1, 'kiosk:identity');
    sim().idcards.get('K1-idcard')!.placeCard(CARD);
    const got = await identity;
    server.clock.advance(120_001);
    const r = await issueAtK1({ queue: 'QB', identityRef: got.identityRef });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('IDENTITY_REF_INVALID');
  });

  it('refuses an identityRef together with an idNumber', async () => {
    const r = await issueAtK1({ queue: 'QB', identityRef: 'x'.repeat(24), idNumber: CARD.idNumber });
    expect(r.status).toBe(400);
  });
});

describe('ticket printer', () => {
  it("prints a kiosk ticket on K1's printer with the number, the item's materials and the status URL as QR", async () => {
    const r = await issueAtK1({ item: 'I1' });
    expect(r.status).toBe(200);
    const printer = sim().printers.get('K1-printer')!;
    await until('the ticket is printed', () => printer.tickets.length === 1);
    await until('the print result is recorded', () => server.ctx.engine.core.ticket(r.body.ticketId).printed === true);
    const printed = printer.tickets[0]!;
    const text = printed.lines.map((l) => l.text).join('\n');
    expect(text).toContain('A001');
    expect(text).toContain('身份证');
    expect(text).toContain('综合咨询');
    expect(printed.qrPayloads).toEqual([r.body.statusUrl]);
    expect(printed.cut).toBe(true);
  });

  it('paper out: the kiosk learns printed=false, and a reprint after new paper prints it', async () => {
    const printer = sim().printers.get('K1-printer')!;
    printer.setPaper('out');
    const k1 = server.socket({ token: KIOSK_TOKEN });
    await connected(k1);
    const result = nextEvent<StreamEvent>(k1, 'event', (e) => e.type === 'ticket.print_result');
    const r = await issueAtK1({ queue: 'QA' });
    expect(r.status).toBe(200);
    const failed = await result;
    expect(failed.data.printed).toBe(false);
    expect(String(failed.data.reason)).toMatch(/paper/);
    expect(failed.ticket?.id).toBe(r.body.ticketId);
    expect(server.ctx.engine.core.ticket(r.body.ticketId).printed).toBe(false);
    expect(printer.tickets).toHaveLength(0);

    printer.setPaper('ok');
    const ok = nextEvent<StreamEvent>(k1, 'event', (e) => e.type === 'ticket.print_result' && e.data.printed === true);
    const reprint = await server.api('POST', `/api/kiosk/tickets/${r.body.ticketId}/reprint`, { token: KIOSK_TOKEN, body: {} });
    expect(reprint.status).toBe(200);
    await ok;
    await until('the simulator has cut the ticket', () => printer.tickets.length >= 1);
    expect(printer.tickets).toHaveLength(1);
    expect(printer.tickets[0]!.lines.map((l) => l.text).join('\n')).toContain('A001');
    expect(server.ctx.engine.core.ticket(r.body.ticketId).printed).toBe(true);
  });
});

describe('caller keypad, window LED, strip and evaluator', () => {
  async function signIn(window: number, badge: string): Promise<string> {
    const cookie = await server.login(badge);
    const r = await server.api('POST', `/api/windows/${window}/sign-in`, { cookie, body: {} });
    expect(r.status).toBe(200);
    return cookie;
  }

  it('key 0C calls next for the staff signed in at window 1; keypad and LEDs show the number', async () => {
    await issueAtK1({ queue: 'QA' });
    const keypad = sim().keypads.get('W1-caller')!;

    // Nobody signed in: the key is refused with a beep and nothing is called.
    await until('the bus is ready', () => server.devices.local!.health('W1-caller')?.state === 'ready');
    const beeps = keypad.display.beeps;
    expect((await keypad.press(0x0c)).acked).toBe(true);
    await until('the keypad beeps', () => keypad.display.beeps === beeps + 1);
    expect(server.ctx.engine.windows.current(1)).toBeNull();

    await signIn(1, 'T001');
    expect((await keypad.press(0x0c)).acked).toBe(true);
    await until('window 1 calls A001', () => server.ctx.engine.windows.current(1)?.number === 'A001');
    const called = server.ctx.engine.windows.current(1)!;
    expect(called.staffBadge).toBe('T001');
    await until('the keypad shows 001', () => keypad.display.ticket === '001');
    const led = sim().leds.get('W1-led') as OnbonScreenSimulator;
    await until('the window LED shows A001', () => led.history.some((u) => u.text.includes('A001')));
    const strip = sim().leds.get('strip') as PlainLedSimulator;
    await until('the strip scrolls the call', () => (strip.text(0) ?? '').includes('请A001号到1号窗口办理'));
    expect(strip.text(0)).toContain('请带齐材料'); // the strip notice of the test hall

    const audit = server.db.prepare("SELECT actor, action, target, detail FROM audit WHERE action = 'window.call-next'").all() as { actor: string; target: string; detail: string }[];
    expect(audit).toEqual([{ actor: 'device:W1-caller', action: 'window.call-next', target: 'A001', detail: JSON.stringify({ onBehalfOf: 'T001' }) }]);
  });

  it('an evaluator press stores an evaluation of the last finished ticket, once', async () => {
    const cookie = await signIn(1, 'T001');
    const issued = await issueAtK1({ queue: 'QA' });
    expect((await server.api('POST', '/api/windows/1/call-next', { cookie, body: {} })).status).toBe(200);
    expect((await server.api('POST', '/api/windows/1/finish', { cookie, body: { outcome: 'done' } })).status).toBe(200);
    const evaluator = sim().evaluators.get('W1-evaluator')!;
    await until('the bus is ready', () => server.devices.local!.health('W1-evaluator')?.state === 'ready');
    expect((await evaluator.press(2)).acked).toBe(true); // 2 → 满意 in the default map
    await until('the evaluation is stored', () => server.ctx.engine.core.ticket(issued.body.ticketId).evaluation === 'satisfied');
    const rows = server.db.prepare('SELECT level, source, window, staff_badge FROM evaluations').all();
    expect(rows).toEqual([{ level: 'satisfied', source: 'evaluator', window: 1, staff_badge: 'T001' }]);
    // A second press does not re-rate the same citizen's ticket.
    expect((await evaluator.press(0)).acked).toBe(true);
    const keypad = sim().keypads.get('W1-caller')!;
    await until('the waiting count reached the keypad', () => keypad.display.waiting !== null);
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM evaluations').get()).toEqual({ n: 1 });
  });
});

describe('device health', () => {
  it('a fault appears in GET /api/devices and as device:health on a supervisor socket, and is audited', async () => {
    const supervisor = server.socket({ cookie: await server.login('S001') });
    await connected(supervisor);
    await until('the printer is ready', () => server.devices.local!.health('K1-printer')?.state === 'ready');
    const fault = nextEvent<DeviceHealthView>(supervisor, 'device:health', (h) => h.device === 'K1-printer' && h.state === 'fault');
    sim().unplug('K1-printer');
    const pushed = await fault;
    expect(pushed.kind).toBe('printer');
    expect(pushed.reason).toMatch(/nothing serves|cannot open/);

    const cookie = await server.login('S001');
    const list = await server.api('GET', '/api/devices', { cookie });
    expect(list.status).toBe(200);
    const printer = list.body.devices.find((d: { device: string }) => d.device === 'K1-printer');
    expect(printer).toMatchObject({ device: 'K1-printer', kind: 'printer', state: 'fault', host: 'server', kiosk: 'K1' });
    expect(list.body.devices.map((d: { device: string }) => d.device).sort()).toEqual(['K1-idcard', 'K1-printer', 'W1-caller', 'W1-evaluator', 'W1-led', 'strip']);
    expect((await server.api('GET', '/api/devices', { token: KIOSK_TOKEN })).status).toBe(403);
    expect((await server.api('GET', '/api/devices', { cookie: await server.login('T001') })).status).toBe(403);

    const audited = server.db.prepare("SELECT actor, action, place FROM audit WHERE action = 'device.fault'").all();
    expect(audited).toContainEqual({ actor: 'device:K1-printer', action: 'device.fault', place: 'kiosk:K1' });

    const back = nextEvent<DeviceHealthView>(supervisor, 'device:health', (h) => h.device === 'K1-printer' && h.state === 'ready', 20_000);
    sim().plugIn('K1-printer');
    await back;
  });
});
