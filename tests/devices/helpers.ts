import type { Socket } from 'socket.io-client';
import type { HallConfig } from '../../contract/config.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../contract/socket.ts';
import { parseDevicesYaml, type DevicesFile } from '../../agent/config/devices-file.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';

export { KIOSK_TOKEN, DISPLAY_TOKEN, AGENT_TOKEN } from '../fixtures/server.ts';
export const KIOSK2_TOKEN = 'kiosk-token-0000000002';

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
  - { id: strip, kind: led-strip, strip: hall, protocol: plain, bus: bus-a, address: 9, led: { prefix: "\x02" } }
`;

export function devicesFromYaml(text: string): DevicesFile {
  return parseDevicesYaml(text, '(test devices)');
}

export type DeviceTestServer = TestServer;

/** A real hall server on 127.0.0.1 with a devices configuration (simulated devices by default). */
export function startDeviceServer(options: { devices?: DevicesFile | false; identityRefTtlMs?: number } = {}): Promise<DeviceTestServer> {
  return startTestServer({
    config: deviceHallConfig(),
    devices: options.devices === undefined ? devicesFromYaml(SIMULATED_DEVICES_YAML) : options.devices,
    deviceOptions: { idcardPollMs: 20, printerPollMs: 0 },
    ...(options.identityRefTtlMs !== undefined ? { identityRefTtlMs: options.identityRefTtlMs } : {}),
  });
}

export { connected, idNumber, nextEvent, until } from '../fixtures/sockets.ts';
