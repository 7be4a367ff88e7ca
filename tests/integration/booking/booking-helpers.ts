import { testHallConfig } from '../../fixtures/hall.ts';
import { startTestServer, type TestServer } from '../../fixtures/server.ts';
import type { FakeSmsGateway } from '../../../server/sms/fake-gateway.ts';
import { idNumber } from '../helpers.ts';

/**
 * A hall with a weekday calendar: Mon–Fri 08:30–12:00 and 14:00–17:00, Wednesday 2 December a public
 * holiday and Saturday 5 December a 调休 make-up day (09:00–12:00). The clock starts Monday 30 November
 * 10:00 (Asia/Shanghai). QA books in 30-minute slots of 5.
 */
export function bookingHallConfig() {
  return testHallConfig({
    hall: {
      code: 'TEST',
      name: '测试县政务服务中心',
      level: 'county',
      timezone: 'Asia/Shanghai',
      hours: {
        weekly: [{ days: [1, 2, 3, 4, 5], periods: [{ start: '08:30', end: '12:00' }, { start: '14:00', end: '17:00' }] }],
        holidays: ['2026-12-02'],
        makeupDays: ['2026-12-05'],
        makeupDayHours: [{ start: '09:00', end: '12:00' }],
      },
    },
  });
}

export async function startBookingServer(): Promise<TestServer & { sms: FakeSmsGateway }> {
  const server = await startTestServer({ config: bookingHallConfig() });
  const sms = server.ctx.sms.fake;
  if (!sms) throw new Error('the test server should use the fake SMS gateway');
  return Object.assign(server, { sms });
}

/** Distinct valid ID numbers (GB 11643 check character computed). */
export const ids = (n: number, base = '1101051980010') => Array.from({ length: n }, (_, i) => idNumber(`${base}${String(1000 + i).slice(-4)}`));

