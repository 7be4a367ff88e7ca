import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskScanRefused } from '../../contract/kiosk-access.ts';
import type { KioskIdentity } from '../../contract/socket.ts';
import { DEMO_CARDS } from '../../drivers/idcard/demo-cards.ts';
import { startAgent, type DeviceAgent } from '../../agent/client.ts';
import { createLogger } from '../../agent/log.ts';
import { AGENT_TOKEN, connected, devicesFromYaml, KIOSK_TOKEN, nextEvent, startDeviceServer, until, type DeviceTestServer } from './helpers.ts';

/** A kiosk PC's scanner behind the device agent: the scan travels as agent:scan and is decided on the server. */
const AGENT_DEVICES = `
devices:
  - { id: K1-scanner, kind: scanner, kiosk: K1, transport: { simulated: true } }
`;

let server: DeviceTestServer;
let dir: string;
let agent: DeviceAgent | undefined;

beforeEach(async () => {
  server = await startDeviceServer({ devices: false });
  dir = mkdtempSync(path.join(tmpdir(), 'hallq-agent-scan-'));
});

afterEach(async () => {
  await agent?.stop();
  agent = undefined;
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a scanner behind the device agent', () => {
  it('delivers a verified e-ID to its kiosk and a refusal in Chinese, decided on the server', async () => {
    agent = startAgent({
      server: server.url,
      token: AGENT_TOKEN,
      devices: devicesFromYaml(AGENT_DEVICES),
      stateFile: path.join(dir, 'devices.jobs.json'),
      log: createLogger('silent'),
      reconnectDelayMs: 100,
      reconnectDelayMaxMs: 500,
    });
    await agent.registered;
    const k1 = server.socket({ token: KIOSK_TOKEN });
    await connected(k1);
    const scanner = agent.hardware.simulation!.scanners.get('K1-scanner')!;
    await until('the agent scanner is ready', async () => {
      const list = await server.api('GET', '/api/devices', { cookie: await server.login('S001') });
      return list.body.devices.some((d: { device: string; state: string; kind: string }) => d.device === 'G1/K1-scanner' && d.kind === 'scanner' && d.state === 'ready');
    });

    // The test server's verifier is the demo stand-in: DEMO-EID-0 is demo card 0.
    const identity = nextEvent<KioskIdentity>(k1, 'kiosk:identity');
    await scanner.scan('DEMO-EID-0');
    const got = await identity;
    expect(got.source).toBe('eid');
    expect(got.idMasked.endsWith(DEMO_CARDS[0]!.idNumber.slice(-4))).toBe(true);

    const refused = nextEvent<KioskScanRefused>(k1, 'kiosk:scan-refused');
    await scanner.scan('DEMO-EID-REVOKED');
    expect((await refused).code).toBe('EID_NOT_VERIFIED');
    const audit = server.db.prepare("SELECT actor, action FROM audit WHERE action LIKE 'scanner.%' ORDER BY id").all();
    expect(audit).toEqual([
      { actor: 'device:G1/K1-scanner', action: 'scanner.eid_verified' },
      { actor: 'device:G1/K1-scanner', action: 'scanner.refused' },
    ]);
  });
});
