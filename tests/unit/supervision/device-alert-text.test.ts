import { describe, expect, it } from 'vitest';
import { deviceTitle, faultText, plainReason, warningText } from '../../../server/supervision/device-alert-text.ts';

/** Device alerts say which device, by the hall's names, and what is wrong, in plain Chinese. */
const names: Record<string, string> = { K1: '1号自助机', S1: '大厅条屏' };
const nameOf = (code: string) => names[code] ?? null;

describe('device alert texts', () => {
  it('take the Chinese of a driver reason, several causes joined', () => {
    expect(plainReason('paper end (缺纸)')).toBe('缺纸');
    expect(plainReason('paper end (缺纸); cover open (纸仓盖打开)')).toBe('缺纸、纸仓盖打开');
    expect(plainReason('agent A1 offline')).toBe('无响应');
    expect(plainReason('device agent A1 did not answer')).toBe('无响应');
    expect(plainReason('something new from a driver')).toBeUndefined();
    expect(plainReason(undefined)).toBeUndefined();
  });

  it('name the device by its kiosk or window and what it is', () => {
    expect(deviceTitle({ device: 'A1/K1-printer', kind: 'printer', kiosk: 'K1' }, nameOf)).toBe('1号自助机打印机');
    expect(deviceTitle({ device: 'W2-evaluator', kind: 'evaluator', window: 2 }, nameOf)).toBe('2号窗口评价器');
    expect(deviceTitle({ device: 'S1-led', kind: 'led-strip', strip: 'S1' }, nameOf)).toBe('大厅条屏');
    expect(deviceTitle({ device: 'P9', kind: 'printer' }, nameOf)).toBe('打印机 P9');
  });

  it('read as one plain sentence', () => {
    expect(faultText({ device: 'K1-printer', kind: 'printer', kiosk: 'K1', reason: 'paper end (缺纸)' }, nameOf)).toBe('1号自助机打印机缺纸');
    expect(faultText({ device: 'W3-caller', kind: 'caller', window: 3, reason: 'fault' }, nameOf)).toBe('3号窗口呼叫器故障');
    // A reason with no known words is kept for the technician, after 故障.
    expect(faultText({ device: 'W3-caller', kind: 'caller', window: 3, reason: 'CRC mismatch 0x3F' }, nameOf)).toBe('3号窗口呼叫器故障（CRC mismatch 0x3F）');
    expect(warningText({ device: 'K1-printer', kind: 'printer', kiosk: 'K1', warning: 'paper near end (纸将用尽)' }, nameOf)).toBe('1号自助机打印机纸将用尽，请及时更换纸卷');
  });
});

describe('the supervision monitor', () => {
  it('raises a printer fault at a kiosk as 取号机1打印机缺纸', async () => {
    const { startTestServer } = await import('../../fixtures/server.ts');
    const srv = await startTestServer();
    try {
      const sup = await srv.login('S001');
      srv.devices.setHealth('K1-printer', 'printer', { state: 'fault', reason: 'paper end (缺纸)' }, { host: 'server', kiosk: 'K1' });
      const r = await srv.api('POST', '/api/supervision/evaluate', { cookie: sup, body: {} });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const alerts = (r.body.alerts ?? (await srv.api('GET', '/api/supervision', { cookie: sup })).body.alerts) as { id: string; message: string }[];
      expect(alerts.find((a) => a.id === 'device:K1-printer')?.message).toBe('取号机1打印机缺纸。');
    } finally {
      await srv.stop();
    }
  });
});
