import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, AGENT_TOKEN, type TestServer } from '../fixtures/server.ts';
import { connected } from '../fixtures/sockets.ts';
import { deviceHallConfig } from './helpers.ts';
import type { AgentDeviceInfo } from '../../contract/socket.ts';

/** An agent configured for kiosk K1 and window 1 may register only their devices. */
describe('device agent scope', () => {
  let server: TestServer;
  beforeAll(async () => {
    const base = deviceHallConfig();
    server = await startTestServer({
      config: { ...base, devices: base.devices.map((d) => (d.kind === 'agent' ? { ...d, scope: { kiosks: ['K1'], windows: [1] } } : d)) },
    });
  });
  afterAll(async () => {
    await server.stop();
  });

  const register = async (devices: AgentDeviceInfo[]) => {
    const socket = server.socket({ token: AGENT_TOKEN });
    await connected(socket);
    const ack = await socket.timeout(5000).emitWithAck('agent:register', { devices });
    socket.close();
    return ack;
  };

  it('accepts the devices of its own kiosk and window', async () => {
    const ack = await register([
      { id: 'P1', kind: 'printer', kiosk: 'K1' },
      { id: 'C1', kind: 'caller', window: 1 },
      { id: 'S1', kind: 'led-strip', strip: 'hall' },
    ]);
    expect(ack.ok).toBe(true);
  });

  it("refuses another kiosk's or window's device, names it, and audits the refusal", async () => {
    const otherKiosk = await register([{ id: 'P2', kind: 'printer', kiosk: 'K2' }]);
    expect(otherKiosk).toMatchObject({ ok: false, error: { code: 'AGENT_SCOPE' } });
    expect(!otherKiosk.ok && otherKiosk.error.message).toContain('K2');
    const otherWindow = await register([{ id: 'C3', kind: 'caller', window: 3 }]);
    expect(otherWindow).toMatchObject({ ok: false, error: { code: 'AGENT_SCOPE' } });
    const admin = await server.login('A001');
    const audit = await server.api('GET', '/api/audit?action=agent.register_refused', { cookie: admin });
    expect(audit.body.entries).toHaveLength(2);
    const devices = await server.api('GET', '/api/devices', { cookie: admin });
    expect(devices.body.devices.map((d: { device: string }) => d.device)).not.toContain('G1/P2');
  });

  it('keeps the scope when the console edits the agent', async () => {
    const admin = await server.login('A001');
    const list = await server.api('GET', '/api/admin/devices', { cookie: admin });
    expect(list.body.devices.find((d: { code: string }) => d.code === 'G1').scope).toEqual({ kiosks: ['K1'], windows: [1] });
    // Renaming the agent in a form that does not show the scope keeps it.
    const renamed = await server.api('PUT', '/api/admin/devices/G1', { cookie: admin, body: { code: 'G1', kind: 'agent', name: '东侧取号机电脑' } });
    expect(renamed.status).toBe(200);
    const after = await server.api('GET', '/api/admin/devices', { cookie: admin });
    expect(after.body.devices.find((d: { code: string }) => d.code === 'G1')).toMatchObject({ name: '东侧取号机电脑', scope: { kiosks: ['K1'], windows: [1] } });
    expect((await register([{ id: 'P2', kind: 'printer', kiosk: 'K2' }])).ok).toBe(false);
  });
});
