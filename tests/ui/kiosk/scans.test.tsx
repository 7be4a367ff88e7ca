// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, refuse, type Mounted } from './helpers.tsx';

/** Codes from a scanner (ui-kit/scan-wedge.ts tells a keyboard-mode burst from typing): booking codes checked in, e-IDs used, refusals shown. */
let m: Mounted;
afterEach(() => m?.unmount());

describe('scanned codes at the kiosk', () => {
  it('a booking code (socket or keyboard scanner) checks the appointment in from any screen', async () => {
    m = await mount();
    await m.click('[data-action="guide"]');
    await m.k.bookingScanned('482913');
    await m.flush();
    expect(m.calls.filter((c) => c.what === 'checkIn')).toEqual([{ what: 'checkIn', body: { code: '482913' } }]);
    expect(m.k.screen.value.name).toBe('done');
    await m.k.bookingScanned('12ab');
    expect(m.calls.filter((c) => c.what === 'checkIn')).toHaveLength(1);
  });

  it('a keyboard-scanned e-ID the server verified is used like a card read', async () => {
    m = await mount();
    await m.click('[data-action="take"]');
    await m.click('[data-department="GA"]');
    await m.click('[data-item="I2"]');
    m.answers.scan = () => ({ kind: 'identity', identity: { idMasked: '**************3015', nameMasked: '欧**月', identityRef: 'ref-eid-abcdefghijklmn', validUntil: '2026-11-30T02:02:00Z', source: 'eid' } });
    await m.k.wedgeScanned('EID1.token');
    await m.flush();
    expect(m.calls.find((c) => c.what === 'scan')).toEqual({ what: 'scan', code: 'EID1.token' });
    expect(m.k.screen.value.name).toBe('confirm');
    expect(m.$('[data-field="identity"]')?.textContent).toBe('欧**月 **************3015');
    expect(m.text()).toContain('电子证照');
  });

  it('a keyboard-scanned code the server refuses is shown in its Chinese words with where to go', async () => {
    m = await mount();
    await m.click('[data-action="take"]');
    await m.click('[data-department="GA"]');
    await m.click('[data-item="I2"]');
    m.answers.scan = refuse(422, 'EID_NOT_VERIFIED', '电子证照核验未通过，不能作为身份凭证。', { hint: '请刷身份证，或到一楼咨询台（9 号帮办窗口）办理。' });
    await m.k.wedgeScanned('EID1.bad');
    await m.flush();
    expect(m.k.screen.value.name).toBe('card');
    expect(m.$('[data-field="scan-refused"]')?.textContent).toBe('扫码未通过电子证照核验未通过，不能作为身份凭证。请刷身份证，或到一楼咨询台（9 号帮办窗口）办理。');
  });
});
