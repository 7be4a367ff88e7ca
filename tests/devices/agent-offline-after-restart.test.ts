import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../contract/socket.ts';
import { startAgent, type DeviceAgent } from '../../agent/client.ts';
import { createLogger } from '../../agent/log.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';
import { AGENT_TOKEN, connected, deviceHallConfig, devicesFromYaml, KIOSK2_TOKEN, KIOSK_TOKEN, nextEvent, until } from './helpers.ts';

const AGENT_DEVICES = `
devices:
  - { id: K1-printer, kind: printer, kiosk: K1, transport: { simulated: true } }
`;

/**
 * A hall server restarted while the device agent of kiosk K1 is down: the agent has not registered
 * since the start, so only the scope an admin gave it (kept in the hall database) says it prints
 * for K1. The kiosk must still be told at once that its ticket was not printed, and why.
 */
describe('kiosk behind an agent that has not registered since the server started', () => {
  let dir: string;
  let server: TestServer | undefined;
  let agent: DeviceAgent | undefined;

  afterEach(async () => {
    await agent?.stop();
    agent = undefined;
    await server?.stop();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('gets ticket.print_result false with the offline reason at once (a kiosk outside every scope gets none); once the agent is up a reprint prints once', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hallq-agent-restart-'));
    // First run: the admin limits agent G1 to kiosk K1 and window 1 (persisted in the hall database).
    const first = await startTestServer({ dir, config: deviceHallConfig() });
    const admin = await first.login('A001');
    const scoped = await first.api('PUT', '/api/admin/devices/G1', {
      cookie: admin,
      body: { code: 'G1', kind: 'agent', name: '设备代理', scope: { kiosks: ['K1'], windows: [1] } },
    });
    expect(scoped.status, JSON.stringify(scoped.body)).toBe(200);
    await first.stop();

    // Restart on the same data folder; the configuration given here (no scope) is not read again.
    server = await startTestServer({ dir, config: deviceHallConfig() });
    const devices = await server.api('GET', '/api/devices', { cookie: await server.login('S001') });
    expect(devices.body.devices).toEqual([]); // nothing registered: the agent G1 is not connected
    const k1 = server.socket({ token: KIOSK_TOKEN });
    await connected(k1);
    const told = nextEvent<StreamEvent>(k1, 'event', (e) => e.type === 'ticket.print_result', 5000);

    // K2 first: no agent's scope names it, so nothing may claim its printer is offline.
    const other = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK2_TOKEN, body: { item: 'I1' } });
    expect(other.status).toBe(200);
    const issued = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I1' } });
    expect(issued.status).toBe(200);

    const result = await told;
    expect(result.ticket?.id).toBe(issued.body.ticketId);
    expect(result.data).toEqual({ printed: false, reason: 'printer offline: device agent G1 is not connected (打印机离线)' });
    expect(server.ctx.engine.core.ticket(issued.body.ticketId).printed).toBe(false);
    // Recorded in the K1 ticket's order after K2's issue: K2's ticket was never given a result.
    expect(server.ctx.engine.core.ticket(other.body.ticketId).printed).toBeNull();
    const results = server.db.prepare("SELECT body FROM events WHERE type = 'ticket.print_result'").all() as { body: string }[];
    expect(results.map((r) => JSON.parse(r.body).actor)).toEqual([{ kind: 'device', id: 'G1/printer' }]);
    expect((await server.api('GET', '/api/devices', { cookie: await server.login('S001') })).body.printJobsPending).toBe(0);

    // The kiosk PC comes up: its printer registers, and the citizen's 重打 prints the ticket once.
    agent = startAgent({
      server: server.url,
      token: AGENT_TOKEN,
      devices: devicesFromYaml(AGENT_DEVICES),
      stateFile: path.join(dir, 'agent.jobs.json'),
      hardware: { printerPollMs: 0 },
      log: createLogger('silent'),
    });
    await agent.registered;
    await until('the agent printer is ready', () => agent!.hardware.health('K1-printer')?.state === 'ready');
    const reprinted = await server.api('POST', `/api/kiosk/tickets/${issued.body.ticketId}/reprint`, { token: KIOSK_TOKEN, body: {} });
    expect(reprinted.status).toBe(200);
    await until('the reprint is printed and recorded', () => server!.ctx.engine.core.ticket(issued.body.ticketId).printed === true);
    await agent.settled();
    expect(agent.hardware.simulation!.printers.get('K1-printer')!.tickets).toHaveLength(1);
  });
});
