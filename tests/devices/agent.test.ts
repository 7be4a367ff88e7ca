import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KioskIdentity, StreamEvent } from '../../contract/socket.ts';
import { DEMO_CARDS } from '../../drivers/idcard/demo-cards.ts';
import { startAgent, type DeviceAgent } from '../../agent/client.ts';
import { createLogger } from '../../agent/log.ts';
import { AGENT_TOKEN, connected, devicesFromYaml, KIOSK_TOKEN, nextEvent, startDeviceServer, until, type DeviceTestServer } from './helpers.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const AGENT_DEVICES = `
buses:
  - { name: bus-a, transport: { simulated: true }, interFrameGapMs: 0 }
devices:
  - { id: K1-idcard, kind: idcard, kiosk: K1, transport: { simulated: true } }
  - { id: K1-printer, kind: printer, kiosk: K1, transport: { simulated: true } }
  - { id: W1-caller, kind: caller, window: 1, bus: bus-a, address: 1 }
`;

let server: DeviceTestServer;
let dir: string;
const agents: DeviceAgent[] = [];

beforeEach(async () => {
  server = await startDeviceServer({ devices: false });
  dir = mkdtempSync(path.join(tmpdir(), 'hallq-agent-'));
});

afterEach(async () => {
  for (const a of agents.splice(0)) await a.stop();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

function agent(options: { afterPrint?: Parameters<typeof startAgent>[0]['afterPrint'] } = {}): DeviceAgent {
  const a = startAgent({
    server: server.url,
    token: AGENT_TOKEN,
    devices: devicesFromYaml(AGENT_DEVICES),
    stateFile: path.join(dir, 'devices.jobs.json'),
    hardware: { idcardPollMs: 20, printerPollMs: 0 },
    log: createLogger('silent'),
    reconnectDelayMs: 100,
    reconnectDelayMaxMs: 500,
    ...(options.afterPrint ? { afterPrint: options.afterPrint } : {}),
  });
  agents.push(a);
  return a;
}

const printerOf = (a: DeviceAgent) => a.hardware.simulation!.printers.get('K1-printer')!;
const printed = (ticketId: string) => server.ctx.engine.core.ticket(ticketId).printed;

async function issue(): Promise<string> {
  const r = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I1' } });
  expect(r.status).toBe(200);
  return r.body.ticketId as string;
}

describe('device agent (in-process)', () => {
  it('registers its devices, prints a kiosk ticket once and reports the result', async () => {
    const a = agent();
    await a.registered;
    await until('the agent printer is ready', async () => {
      const list = await server.api('GET', '/api/devices', { cookie: await server.login('S001') });
      return list.body.devices.some((d: { device: string; state: string; host: string }) => d.device === 'G1/K1-printer' && d.state === 'ready' && d.host === 'G1');
    });
    const id = await issue();
    await until('the result is recorded', () => printed(id) === true);
    await until('the simulator cut the ticket', () => printerOf(a).tickets.length === 1);
    expect(printerOf(a).tickets[0]!.lines.map((l) => l.text).join('\n')).toContain('A001');
    const rows = server.db.prepare("SELECT body FROM events WHERE type = 'ticket.print_result'").all() as { body: string }[];
    expect(rows.map((r) => JSON.parse(r.body).actor)).toEqual([{ kind: 'device', id: 'G1/K1-printer' }]);
    await a.settled();
    expect(a.journal.unreported()).toEqual([]);
  });

  it('a link lost between printing and reporting: after the reconnect nothing prints twice', async () => {
    let dropped = false;
    const a = agent({
      afterPrint: () => {
        if (dropped) return;
        dropped = true;
        a.dropConnection();
      },
    });
    await a.registered;
    const id = await issue();
    await until('the ticket is recorded as printed', () => printed(id) === true);
    expect(a.registrations).toBeGreaterThanOrEqual(2);
    await a.settled();
    expect(printerOf(a).tickets).toHaveLength(1);
    expect(server.db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'ticket.print_result'").get()).toEqual({ n: 1 });
    expect((await server.api('GET', '/api/devices', { cookie: await server.login('S001') })).body.printJobsPending).toBe(0);
  });

  it('a ticket issued while its agent is offline: the kiosk is told at once, and a reprint after the reconnect prints once', async () => {
    const a = agent();
    await a.registered;
    await until('the agent printer is ready', () => a.hardware.health('K1-printer')?.state === 'ready');
    const kiosk = server.socket({ token: KIOSK_TOKEN });
    await connected(kiosk);
    a.socket.io.reconnection(false); // stays offline until reconnected below
    const kicked = nextEvent(a.socket, 'disconnect');
    for (const s of await server.io.fetchSockets()) {
      const p = s.data.principal;
      if (p.kind === 'device' && p.code === 'G1') s.disconnect(true);
    }
    await kicked;
    const told = nextEvent<StreamEvent>(kiosk, 'event', (e) => e.type === 'ticket.print_result', 5000);
    const id = await issue();
    const result = await told;
    expect(result.ticket?.id).toBe(id);
    expect(result.data).toMatchObject({ printed: false, reason: expect.stringContaining('打印机离线') });
    expect(printed(id)).toBe(false);
    expect((await server.api('GET', '/api/devices', { cookie: await server.login('S001') })).body.printJobsPending).toBe(0);

    a.socket.io.reconnection(true);
    a.socket.connect();
    await until('the agent is back', () => a.registrations >= 2);
    const reprinted = await server.api('POST', `/api/kiosk/tickets/${id}/reprint`, { token: KIOSK_TOKEN, body: {} });
    expect(reprinted.status).toBe(200);
    await until('the reprint is printed and recorded', () => printed(id) === true);
    await a.settled();
    expect(printerOf(a).tickets).toHaveLength(1);
    kiosk.close();
  });

  it('a restarted agent answers a re-sent job from its journal instead of printing again', async () => {
    let first: DeviceAgent | undefined;
    first = agent({
      afterPrint: async () => {
        // The process "dies" after printing, before the result reached the server.
        first!.socket.close();
      },
    });
    await first.registered;
    const id = await issue();
    await until('the first agent printed', () => printerOf(first!).tickets.length === 1);
    await first.settled();
    expect(printed(id)).toBeNull();
    await first.stop();

    const second = agent();
    await second.registered;
    await until('the result is recorded from the journal', () => printed(id) === true);
    await second.settled();
    expect(printerOf(second).tickets).toHaveLength(0);
    const journal = JSON.parse(readFileSync(path.join(dir, 'devices.jobs.json'), 'utf8')) as { jobs: { ticketId: string; state: string; reported: boolean }[] };
    expect(journal.jobs).toEqual([expect.objectContaining({ ticketId: id, state: 'done', reported: true })]);
  });

  it("paper near end at an agent's printer: a warning in the registry, the ticket still prints", async () => {
    const a = agent();
    await a.registered;
    await until('the agent printer is ready', () => a.hardware.health('K1-printer')?.state === 'ready');
    printerOf(a).setPaper('near-end');
    const id = await issue();
    await until('the ticket is recorded as printed', () => printed(id) === true);
    const cookie = await server.login('S001');
    await until('the registry shows the warning', async () =>
      (await server.api('GET', '/api/devices', { cookie })).body.devices.some(
        (d: { device: string; state: string; warning?: string }) => d.device === 'G1/K1-printer' && d.state === 'ready' && d.warning?.includes('paper near end'),
      ),
    );
  });

  it('card reads and caller keys from the agent reach the kiosk room and the window', async () => {
    const a = agent();
    await a.registered;
    const k1 = server.socket({ token: KIOSK_TOKEN });
    await connected(k1);
    const identity = nextEvent<KioskIdentity>(k1, 'kiosk:identity');
    a.hardware.simulation!.idcards.get('K1-idcard')!.placeCard(DEMO_CARDS[1]!);
    const got = await identity;
    expect(got.nameMasked).toBe('李*');
    const r = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QB', identityRef: got.identityRef } });
    expect(r.status).toBe(200);

    const cookie = await server.login('T001');
    expect((await server.api('POST', '/api/windows/1/sign-in', { cookie, body: {} })).status).toBe(200);
    const keypad = a.hardware.simulation!.keypads.get('W1-caller')!;
    await until('the agent bus is ready', () => a.hardware.health('W1-caller')?.state === 'ready');
    const call = nextEvent<StreamEvent>(k1, 'event', (e) => e.type === 'ticket.called');
    expect((await keypad.press('call')).acked).toBe(true);
    const called = await call;
    expect(called.ticket?.number).toBe('B001');
    expect(called.actor.kind).toBe('device');
    await until('the keypad shows 001', () => keypad.display.ticket === '001');
  });
});

describe('device agent (npm run agent, child process)', () => {
  let child: ChildProcess | undefined;

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    child = undefined;
  });

  it('joins the server, prints an issued ticket once and keeps its journal next to the devices file', async () => {
    const devicesFile = path.join(dir, 'kiosk-devices.yaml');
    writeFileSync(devicesFile, 'devices:\n  - { id: K1-printer, kind: printer, kiosk: K1, transport: { simulated: true } }\n');
    let out = '';
    child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'agent', 'main.ts'), '--server', server.url, '--devices', devicesFile], {
      cwd: root,
      env: { ...process.env, HALLQ_AGENT_TOKEN: AGENT_TOKEN, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const cookie = await server.login('S001');
    await until(
      'the agent registered a ready printer',
      async () => (await server.api('GET', '/api/devices', { cookie })).body.devices.some((d: { device: string; state: string }) => d.device === 'G1/K1-printer' && d.state === 'ready'),
      30_000,
    );
    const id = await issue();
    await until('the ticket is recorded as printed', () => printed(id) === true, 30_000);
    await until('the agent logged the simulated ticket', () => out.includes('simulated ticket printed'), 10_000);
    const lines = out.split('\n').filter((l) => l.includes('simulated ticket printed'));
    expect(lines).toHaveLength(1);
    const journalFile = path.join(dir, 'kiosk-devices.jobs.json');
    expect(existsSync(journalFile)).toBe(true);
    expect(readFileSync(journalFile, 'utf8')).toContain(id);
    expect(out).not.toMatch(/"level":50/); // no errors logged
  });
});
