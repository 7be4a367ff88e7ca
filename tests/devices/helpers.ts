import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import type { HallConfig } from '../../contract/config.ts';
import type { ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '../../contract/socket.ts';
import { idCheckCharacter } from '../../drivers/idnumber/id-number.ts';
import { startHallServer, type HallServer } from '../../server/app.ts';
import { parseDevicesYaml, type DevicesFile } from '../../server/devices/config.ts';
import type { Simulation } from '../../server/devices/simulation.ts';
import { createLogger } from '../../server/logger.ts';
import { ManualClock } from '../../server/queue/clock.ts';
import { MONDAY_10AM, TEST_PASSWORD, testHallConfig } from '../fixtures/hall.ts';

export const KIOSK_TOKEN = 'kiosk-token-0000000001';
export const KIOSK2_TOKEN = 'kiosk-token-0000000002';
export const DISPLAY_TOKEN = 'display-token-00000001';
export const AGENT_TOKEN = 'agent-token-0000000001';

export type HallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The test hall plus a second kiosk K2, so "only K1's room" can be checked. */
export function deviceHallConfig(): HallConfig {
  const base = testHallConfig();
  return { ...base, devices: [...base.devices, { code: 'K2', kind: 'kiosk', name: '取号机2', demoToken: KIOSK2_TOKEN }] };
}

/** Simulated devices of K1 and window 1, as a devices.yaml would list them. */
export const SIMULATED_DEVICES_YAML = `
buses:
  - { name: bus-a, transport: { simulated: true }, interFrameGapMs: 0 }
devices:
  - { id: K1-idcard, kind: idcard, kiosk: K1, transport: { simulated: true } }
  - { id: K1-printer, kind: printer, kiosk: K1, transport: { simulated: true } }
  - { id: W1-caller, kind: caller, window: 1, bus: bus-a, address: 1 }
  - { id: W1-evaluator, kind: evaluator, window: 1, bus: bus-a, address: 1 }
  - { id: W1-led, kind: led-window, window: 1, protocol: onbon, bus: bus-a, address: 1, led: { flashSeconds: 1 } }
  - { id: strip, kind: led-strip, strip: hall, protocol: plain, bus: bus-a, address: 9 }
`;

export function devicesFromYaml(text: string): DevicesFile {
  return parseDevicesYaml(text, '(test devices)');
}

export interface DeviceTestServer extends HallServer {
  clock: ManualClock;
  dir: string;
  sim: Simulation | undefined;
  api(method: string, urlPath: string, options?: { body?: unknown; cookie?: string; token?: string }): Promise<{ status: number; body: any }>;
  login(badge: string): Promise<string>;
  socket(auth?: HandshakeAuth & { cookie?: string }): HallSocket;
  stop(): Promise<void>;
}

/** A real hall server on 127.0.0.1 with a devices configuration (simulated devices by default). */
export async function startDeviceServer(options: { devices?: DevicesFile | false; identityRefTtlMs?: number } = {}): Promise<DeviceTestServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hallq-dev-'));
  const clock = new ManualClock(MONDAY_10AM);
  const server = await startHallServer({
    dataDir: dir,
    configFile: '(test config)',
    config: deviceHallConfig(),
    port: 0,
    host: '127.0.0.1',
    clock,
    logger: createLogger('silent'),
    backups: false,
    devices: options.devices === undefined ? devicesFromYaml(SIMULATED_DEVICES_YAML) : options.devices,
    deviceOptions: { idcardPollMs: 20, printerPollMs: 0 },
    ...(options.identityRefTtlMs !== undefined ? { identityRefTtlMs: options.identityRefTtlMs } : {}),
  });
  const sockets: HallSocket[] = [];
  const api: DeviceTestServer['api'] = async (method, urlPath, o = {}) => {
    const headers: Record<string, string> = {};
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    if (o.cookie) headers.cookie = o.cookie;
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const res = await fetch(`${server.url}${urlPath}`, { method, headers, ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    ...server,
    clock,
    dir,
    sim: server.devices.local?.simulation,
    api,
    async login(badge) {
      const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ badge, password: TEST_PASSWORD }) });
      if (res.status !== 200) throw new Error(`login ${badge} failed: ${res.status}`);
      return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    },
    socket(auth = {}) {
      const { cookie, ...handshake } = auth;
      const s: HallSocket = connect(server.url, {
        transports: ['websocket'],
        auth: handshake,
        reconnection: false,
        forceNew: true,
        ...(cookie ? { extraHeaders: { cookie } } : {}),
      });
      sockets.push(s);
      return s;
    },
    async stop() {
      for (const s of sockets) s.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the first matching event; rejects after `ms` (a failure guard, not a timing assertion). */
interface LooseEmitter {
  on(event: string, listener: (payload: never) => void): unknown;
  off(event: string, listener: (payload: never) => void): unknown;
}

export function nextEvent<T>(target: object, event: string, match: (payload: T) => boolean = () => true, ms = 10_000): Promise<T> {
  const socket = target as LooseEmitter;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no matching '${event}' within ${ms} ms`));
    }, ms);
    const handler = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(payload);
    };
    socket.on(event, handler);
  });
}

export function connected(socket: HallSocket, ms = 10_000): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect')), ms);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Polls a condition until it holds; the timeout is only a failure guard. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function idNumber(first17: string): string {
  return first17 + idCheckCharacter(first17);
}
