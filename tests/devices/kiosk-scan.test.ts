import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskScanRefused } from '../../contract/kiosk-access.ts';
import type { KioskIdentity } from '../../contract/socket.ts';
import type { HallConfig } from '../../contract/config.ts';
import { startFakeEidService, type FakeEidService } from '../fixtures/eid-verifier.ts';
import { startTestServer } from '../fixtures/server.ts';
import { connected, deviceHallConfig, devicesFromYaml, idNumber, KIOSK2_TOKEN, KIOSK_TOKEN, nextEvent, SIMULATED_DEVICES_YAML, type DeviceTestServer } from './helpers.ts';

const WITH_SCANNER = `${SIMULATED_DEVICES_YAML}  - { id: K1-scanner, kind: scanner, kiosk: K1, transport: { simulated: true } }\n`;
const PERSON = { idNumber: idNumber('11010519650412301'), name: '欧阳明月' };
const TOKEN = 'EID1.eyJ2IjoxLCJ0IjoiOWM0ZjJhIn0.c2lnbmF0dXJlLWZvci10ZXN0';

let server: DeviceTestServer | undefined;
let eid: FakeEidService | undefined;

afterEach(async () => {
  await server?.stop();
  await eid?.close();
  server = undefined;
  eid = undefined;
});

async function start(options: { config?: (c: HallConfig) => HallConfig; timeoutMs?: number } = {}) {
  eid = await startFakeEidService();
  eid.known.set(TOKEN, PERSON);
  const base = deviceHallConfig();
  server = await startTestServer({
    config: options.config ? options.config(base) : base,
    devices: devicesFromYaml(WITH_SCANNER),
    deviceOptions: { idcardPollMs: 20, printerPollMs: 0 },
    identityVerify: { kind: 'http', url: eid.url, token: eid.token, timeoutMs: options.timeoutMs ?? 2000 },
  });
  const k1 = server.socket({ token: KIOSK_TOKEN });
  const k2 = server.socket({ token: KIOSK2_TOKEN });
  await Promise.all([connected(k1), connected(k2)]);
  const scanner = server.sim!.scanners.get('K1-scanner');
  if (!scanner) throw new Error('the simulated scanner was not built');
  return { s: server, k1, k2, scan: (code: string) => scanner.scan(code) };
}

const auditActions = (s: DeviceTestServer) => (s.db.prepare("SELECT action, detail FROM audit WHERE action LIKE 'scanner.%' ORDER BY id").all() as { action: string; detail: string }[]).map((r) => [r.action, JSON.parse(r.detail).outcome]);

describe('scanned e-ID at a kiosk', () => {
  it('counts as identity only on the service’s answer, reaches that kiosk only, and issues for an ID-required queue', async () => {
    const { s, k1, k2, scan } = await start();
    const strays: unknown[] = [];
    k2.on('kiosk:identity', (i) => strays.push(i));
    const identity = nextEvent<KioskIdentity>(k1, 'kiosk:identity');
    await scan(TOKEN);
    const got = await identity;
    expect(got.source).toBe('eid');
    expect(got.idMasked.endsWith(PERSON.idNumber.slice(-4))).toBe(true);
    expect(got.idMasked).not.toContain(PERSON.idNumber.slice(6, 14));
    expect(got.nameMasked).toBe('欧**月');
    expect(eid!.requests).toEqual([{ authorization: `Bearer ${eid!.token}`, body: { payload: TOKEN, kiosk: 'K1' } }]);

    const ticket = await s.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QB', identityRef: got.identityRef } });
    expect(ticket.status).toBe(200);
    expect(ticket.body.idTail).toBe(PERSON.idNumber.slice(-4));
    expect(strays).toEqual([]);
    expect(auditActions(s)).toEqual([['scanner.eid_verified', 'eid_verified']]);

    // Neither the token nor the person is in any file of the data folder.
    await s.devices.settled();
    s.db.pragma('wal_checkpoint(FULL)');
    for (const file of readdirSync(s.dir)) {
      const bytes = readFileSync(path.join(s.dir, file));
      for (const secret of [TOKEN, PERSON.idNumber, PERSON.name]) expect(bytes.includes(Buffer.from(secret)), `${file} holds ${secret.slice(0, 6)}…`).toBe(false);
    }
  });

  it('a code the service turns down is refused on that kiosk’s screen in Chinese, with where to go instead', async () => {
    const { s, k1, scan } = await start({ config: (c) => ({ ...c, rules: { ...c.rules, kioskAccess: { typedId: false, eidScan: true, helpPlace: '一楼咨询台', helpWindow: 2 } } }) });
    const identities: KioskIdentity[] = [];
    k1.on('kiosk:identity', (i) => identities.push(i));
    const refused = nextEvent<KioskScanRefused>(k1, 'kiosk:scan-refused');
    await scan('EID1.not-a-code-the-platform-issued');
    const r = await refused;
    expect(r.code).toBe('EID_NOT_VERIFIED');
    expect(r.message).toMatch(/核验未通过/);
    expect(r.hint).toBe('请刷身份证，或到一楼咨询台（2 号帮办窗口）办理。');
    expect(identities).toEqual([]);
    expect(auditActions(s)).toEqual([['scanner.refused', 'eid_rejected']]);
  });

  it('a service that fails or does not answer in time is "unavailable", never a verification', async () => {
    const { k1, scan } = await start({ timeoutMs: 300 });
    eid!.mode = 'fail';
    const first = nextEvent<KioskScanRefused>(k1, 'kiosk:scan-refused');
    await scan(TOKEN);
    expect((await first).code).toBe('EID_VERIFY_UNAVAILABLE');
    eid!.mode = 'hang';
    const second = nextEvent<KioskScanRefused>(k1, 'kiosk:scan-refused');
    // A different code: the same one again within 2 s would be the same scan, dropped by the driver.
    eid!.known.set(`${TOKEN}x`, PERSON);
    await scan(`${TOKEN}x`);
    expect((await second).code).toBe('EID_VERIFY_UNAVAILABLE');
  });

  it('where the hall turned scanning off, the service is never asked', async () => {
    const { k1, scan } = await start({ config: (c) => ({ ...c, rules: { ...c.rules, kioskAccess: { typedId: true, eidScan: false, helpPlace: '咨询台', helpWindow: null } } }) });
    const refused = nextEvent<KioskScanRefused>(k1, 'kiosk:scan-refused');
    await scan(TOKEN);
    expect((await refused).code).toBe('EID_SCAN_OFF');
    expect(eid!.requests).toEqual([]);
  });

  it('a six-digit booking code goes to the kiosk to check in, without asking the service', async () => {
    const { s, k1, scan } = await start();
    const code = nextEvent<{ code: string }>(k1, 'kiosk:booking-code');
    await scan('482913');
    expect(await code).toEqual({ code: '482913' });
    expect(eid!.requests).toEqual([]);
    expect(auditActions(s)).toEqual([['scanner.booking_code', 'booking_code']]);
  });
});

describe('a keyboard-mode scanner typing into the kiosk page (POST /api/kiosk/scan)', () => {
  it('is decided like a driven scan and answered to that kiosk only', async () => {
    const { s } = await start();
    const scan = (code: string, token = KIOSK_TOKEN) => s.api('POST', '/api/kiosk/scan', { token, body: { code } });
    const ok = await scan(TOKEN);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ kind: 'identity', identity: { source: 'eid', nameMasked: '欧**月' } });
    const elsewhere = await s.api('POST', '/api/kiosk/tickets', { token: KIOSK2_TOKEN, body: { queue: 'QB', identityRef: ok.body.identity.identityRef } });
    expect(elsewhere.status).toBe(409);
    const issued = await s.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QB', identityRef: ok.body.identity.identityRef } });
    expect(issued.status).toBe(200);

    const refused = await scan('EID1.unknown');
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'EID_NOT_VERIFIED', details: { hint: '请刷身份证，或到咨询台办理。' } });
    expect((await scan('123456')).body).toEqual({ kind: 'booking', code: '123456' });
    const typedChinese = await scan('网证');
    expect(typedChinese.status).toBe(400);
    expect(auditActions(s)).toEqual([
      ['scanner.eid_verified', 'eid_verified'],
      ['scanner.refused', 'eid_rejected'],
      ['scanner.booking_code', 'booking_code'],
    ]);
  });
});

describe('帮办 call from a kiosk', () => {
  it('raises one alert naming the kiosk for supervisors and the 帮办 window, and the window takes it', async () => {
    const { s } = await start({ config: (c) => ({ ...c, rules: { ...c.rules, kioskAccess: { typedId: true, eidScan: true, helpPlace: '咨询台', helpWindow: 2 } } }) });
    const supervisor = await s.login('S001');
    for (let i = 0; i < 3; i++) expect((await s.api('POST', '/api/kiosk/help', { token: KIOSK_TOKEN, body: { screen: 'no-card' } })).status).toBe(204);
    const events = s.db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'kiosk.help_requested'").get() as { n: number };
    expect(events.n).toBe(1);

    const view = await s.api('GET', '/api/supervision', { cookie: supervisor });
    const alert = view.body.alerts.find((a: { kind: string }) => a.kind === 'help_request');
    expect(alert).toMatchObject({ severity: 'critical', window: 2, device: 'K1' });
    expect(alert.message).toContain('有群众需要帮办，请 2 号帮办窗口前往协助');
    const calls = await s.api('GET', '/api/help-calls', { cookie: supervisor });
    expect(calls.body.calls).toMatchObject([{ kiosk: 'K1', screen: 'no-card', window: 2 }]);

    // Staff of window 1 may see it but not take it; a supervisor may.
    const staff1 = await s.login('T001');
    await s.api('POST', '/api/windows/1/sign-in', { cookie: staff1, body: {} });
    const wrong = await s.api('POST', '/api/help-calls/K1/answer', { cookie: staff1, body: {} });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.message).toContain('2 号帮办窗口');
    expect((await s.api('POST', '/api/help-calls/K1/answer', { cookie: supervisor, body: {} })).status).toBe(204);
    expect((await s.api('GET', '/api/help-calls', { cookie: supervisor })).body.calls).toEqual([]);
    const after = await s.api('GET', '/api/supervision', { cookie: supervisor });
    expect(after.body.alerts.filter((a: { kind: string }) => a.kind === 'help_request')).toEqual([]);
    const again = await s.api('POST', '/api/help-calls/K1/answer', { cookie: supervisor, body: {} });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('HELP_CALL_UNKNOWN');
  });

  it('an open call survives a restart and expires after 15 minutes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hallq-help-'));
    try {
      const first = await startTestServer({ dir, config: deviceHallConfig() });
      expect((await first.api('POST', '/api/kiosk/help', { token: KIOSK_TOKEN, body: { screen: 'printer' } })).status).toBe(204);
      const at = first.clock.now();
      await first.stop();
      const second = await startTestServer({ dir, config: deviceHallConfig(), at: new Date(at.getTime() + 60_000).toISOString() });
      server = second;
      const supervisor = await second.login('S001');
      expect((await second.api('GET', '/api/help-calls', { cookie: supervisor })).body.calls).toMatchObject([{ kiosk: 'K1', screen: 'printer', since: at.toISOString() }]);
      second.clock.advance(14 * 60_000);
      expect((await second.api('GET', '/api/help-calls', { cookie: supervisor })).body.calls).toEqual([]);
    } finally {
      await server?.stop();
      server = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
