// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { IDENTITY, mount, refuse, type Mounted } from './helpers.tsx';

let m: Mounted;
afterEach(() => m?.unmount());

describe('appointment check-in', () => {
  it('by code on the on-screen keypad', async () => {
    m = await mount();
    await m.click('[data-action="checkin"]');
    expect(m.text()).toContain('输入6位预约码');
    expect((m.$('[data-action="checkin-submit"]') as HTMLButtonElement).disabled).toBe(true);
    for (const d of ['1', '2', '3', '4', '5', '9', '6']) await m.click(`[data-key="${d}"]`);
    expect(m.k.code.value).toBe('123459'); // six digits at most
    await m.click('[data-key="del"]');
    await m.click('[data-key="0"]');
    expect([...m.root.querySelectorAll('.code-box')].map((b) => b.textContent).join('')).toBe('123450');
    await m.click('[data-action="checkin-submit"]');
    expect(m.calls.filter((c) => c.what === 'checkIn')).toEqual([{ what: 'checkIn', body: { code: '123450' } }]);
    expect(m.$('.done-title')?.textContent).toBe('预约签到成功');
    expect(m.$('[data-field="number"]')?.textContent).toBe('A005');
  });

  it('by ID card: a card read on this screen checks in', async () => {
    m = await mount();
    await m.click('[data-action="checkin"]');
    m.k.cardRead(IDENTITY);
    await m.flush();
    await m.flush();
    expect(m.calls.filter((c) => c.what === 'checkIn')).toEqual([{ what: 'checkIn', body: { identityRef: IDENTITY.identityRef } }]);
    expect(m.k.screen.value.name).toBe('done');
  });

  it('an unknown code is refused with the next step, and the code is cleared', async () => {
    m = await mount();
    m.answers.checkIn = refuse(404, 'UNKNOWN_APPOINTMENT');
    await m.click('[data-action="checkin"]');
    for (const d of '999999') await m.click(`[data-key="${d}"]`);
    await m.click('[data-action="checkin-submit"]');
    expect(m.$('[data-field="refusal"]')?.textContent).toBe('没有找到今天的预约，请核对预约码或到咨询台咨询。');
    expect(m.k.code.value).toBe('');
  });

  it('clear empties the code', async () => {
    m = await mount();
    await m.click('[data-action="checkin"]');
    for (const d of '12') await m.click(`[data-key="${d}"]`);
    await m.click('[data-key="clear"]');
    expect(m.k.code.value).toBe('');
  });
});
