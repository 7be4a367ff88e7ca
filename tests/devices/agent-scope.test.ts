import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, AGENT_TOKEN, type TestServer } from '../fixtures/server.ts';
import { connected } from '../fixtures/sockets.ts';
import { deviceHallConfig, KIOSK2_TOKEN, nextEvent } from './helpers.ts';

const AGENT2_TOKEN = 'agent-token-0000000002';
import type { AgentDeviceInfo, AgentPrintJob } from '../../contract/socket.ts';

/** An agent configured for kiosk K1 and window 1 may register only their devices. */
describe('device agent scope', () => {
  let server: TestServer;
  beforeAll(async () => {
    const base = deviceHallConfig();
    server = await startTestServer({
      config: {
        ...base,
        devices: [
          ...base.devices.map((d) => (d.kind === 'agent' ? { ...d, scope: { kiosks: ['K1'], windows: [1] } } : d)),
          { code: 'G2', kind: 'agent', name: '二号取号机电脑', demoToken: AGENT2_TOKEN, scope: { kiosks: ['K2'], windows: [2] } },
        ],
      },
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

  it("refuses print results and device events for devices it does not own, logged and audited", async () => {
    const g1 = server.socket({ token: AGENT_TOKEN });
    const g2 = server.socket({ token: AGENT2_TOKEN });
    await Promise.all([connected(g1), connected(g2)]);
    try {
      expect((await g1.timeout(5000).emitWithAck('agent:register', { devices: [{ id: 'P1', kind: 'printer', kiosk: 'K1' }, { id: 'C1', kind: 'caller', window: 1 }] })).ok).toBe(true);
      expect((await g2.timeout(5000).emitWithAck('agent:register', { devices: [{ id: 'P2', kind: 'printer', kiosk: 'K2' }] })).ok).toBe(true);
      // K2's ticket goes to G2 only; G1 learns its job id and ticket id somehow and answers for it.
      const job = nextEvent<AgentPrintJob>(g2, 'agent:print');
      const issued = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK2_TOKEN, body: { item: 'I1' } });
      expect(issued.status).toBe(200);
      const j = await job;
      const forged = await g1.timeout(5000).emitWithAck('agent:print-result', { jobId: j.jobId, ticketId: j.ticketId, printed: true });
      expect(forged).toMatchObject({ ok: false, error: { code: 'AGENT_SCOPE' } });
      expect(server.ctx.engine.core.ticket(j.ticketId).printed).toBeNull();
      // The owner's answer still counts.
      expect(await g2.timeout(5000).emitWithAck('agent:print-result', { jobId: j.jobId, ticketId: j.ticketId, printed: true })).toEqual({ ok: true, data: { recorded: true } });
      expect(server.ctx.engine.core.ticket(j.ticketId).printed).toBe(true);

      // A device G1 never registered, and one its scope no longer covers (narrowed after registration).
      expect(await g1.timeout(5000).emitWithAck('agent:health', { device: 'P2', state: 'fault', reason: 'forged' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_DEVICE' } });
      server.db.prepare('UPDATE devices SET scope = ? WHERE code = ?').run(JSON.stringify({ kiosks: ['K1'], windows: [] }), 'G1');
      expect(await g1.timeout(5000).emitWithAck('agent:key', { device: 'C1', action: 'call', key: '0C' })).toMatchObject({ ok: false, error: { code: 'AGENT_SCOPE' } });
      server.db.prepare('UPDATE devices SET scope = ? WHERE code = ?').run(JSON.stringify({ kiosks: ['K1'], windows: [1] }), 'G1');

      const admin = await server.login('A001');
      const audit = await server.api('GET', '/api/audit?action=agent.event_refused', { cookie: admin });
      expect(audit.body.entries.map((e: { actor: string; target: string | null }) => [e.actor, e.target])).toEqual(
        expect.arrayContaining([
          ['device:G1', null],
          ['device:G1', 'P2'],
          ['device:G1', 'C1'],
        ]),
      );
      expect(audit.body.entries).toHaveLength(3);
    } finally {
      g1.close();
      g2.close();
    }
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
