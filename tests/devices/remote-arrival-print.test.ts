import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsCodeFor } from '../fixtures/sms-code.ts';
import { HallConfig } from '../../contract/config.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';
import { deviceHallConfig, devicesFromYaml, idNumber, KIOSK_TOKEN, SIMULATED_DEVICES_YAML, until } from './helpers.ts';

/** A number taken from a phone is printed at the kiosk where it checks in, not before and nowhere else. */
describe('remote number printed at check-in', () => {
  let server: TestServer;
  beforeAll(async () => {
    const base = deviceHallConfig();
    server = await startTestServer({
      config: HallConfig.parse({ ...base, queues: base.queues.map((q) => (q.code === 'QA' ? { ...q, remote: { enabled: true, dailyQuota: 5 } } : q)) }),
      devices: devicesFromYaml(SIMULATED_DEVICES_YAML),
      deviceOptions: { idcardPollMs: 20, printerPollMs: 0 },
    });
  });
  afterAll(() => server?.stop());

  it('prints the remote number with its status QR when it checks in at K1', async () => {
    const printer = server.sim!.printers.get('K1-printer')!;
    const r = await server.api('POST', '/api/remote/tickets', { body: { queue: 'QA', idNumber: idNumber('11010519800101123'), name: '李四', phone: '13912345678', smsCode: await smsCodeFor(server, '13912345678') } });
    expect(r.status).toBe(200);
    expect(printer.tickets).toHaveLength(0); // taken from a phone: nothing to print yet
    const checkin = await server.api('POST', '/api/kiosk/checkin', { token: KIOSK_TOKEN, body: { code: r.body.arrivalCode } });
    expect(checkin.status).toBe(200);
    await until('the ticket is printed', () => printer.tickets.length === 1);
    await until('the print result is recorded', () => server.ctx.engine.core.ticket(r.body.ticketId).printed === true);
    const text = printer.tickets[0]!.lines.map((l) => l.text).join('\n');
    expect(text).toContain(r.body.number);
    expect(printer.tickets[0]!.qrPayloads).toEqual([r.body.statusUrl]);
  });
});
