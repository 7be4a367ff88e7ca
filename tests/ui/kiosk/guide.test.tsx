// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, refuse, type Mounted } from './helpers.tsx';

let m: Mounted;
afterEach(() => m?.unmount());

async function openGuide(item: string, department: string) {
  await m.click('[data-action="guide"]');
  expect(m.text()).toContain('请选择部门，查看事项的办理指南');
  await m.click(`[data-department="${department}"]`);
  await m.click(`[data-item="${item}"]`);
}

describe('办事指南', () => {
  it('shows steps, materials, time limits, fees, windows and phone', async () => {
    m = await mount();
    await openGuide('I2', 'GA');
    expect(m.$('.screen-title')?.textContent).toBe('身份证换领');
    expect([...m.root.querySelectorAll('[data-field="steps"] li')].map((l) => l.textContent)).toEqual(['取号', '采集', '缴费']);
    expect([...m.root.querySelectorAll('[data-field="materials"] li')].map((l) => l.textContent)).toEqual(['户口簿，原件，本人户口页', '近期照片']);
    expect(m.$('[data-field="limits"]')?.textContent).toBe('法定时限60个工作日；承诺时限20个工作日');
    expect(m.$('[data-field="fee"]')?.textContent).toBe('20元');
    expect(m.$('[data-field="phone"]')?.textContent).toBe('0879-7221001');
    expect(m.text()).toContain('1、2、3号窗口');
    expect(m.text()).toContain('到期前三个月可换领。');
  });

  it('prints the 一次性告知 slip on the kiosk printer', async () => {
    m = await mount();
    await openGuide('I3', 'SW');
    expect(m.$('[data-field="limits"]')?.textContent).toBe('法定时限1个工作日；承诺即来即办');
    await m.click('[data-action="print-guide"]');
    expect(m.calls.filter((c) => c.what === 'printGuide')).toEqual([{ what: 'printGuide', item: 'I3' }]);
    expect(m.text()).toContain('告知单已发送打印');
  });

  it('says so when the slip cannot be printed', async () => {
    m = await mount();
    m.answers.printGuide = refuse(409, 'NO_PRINTER', 'x');
    await openGuide('I3', 'SW');
    await m.click('[data-action="print-guide"]');
    expect(m.text()).toContain('暂时无法打印，请用手机拍照保存');
  });

  it('goes from the guide to taking a ticket for the item', async () => {
    m = await mount();
    await openGuide('I2', 'GA');
    await m.click('[data-action="take-item"]');
    expect(m.k.screen.value).toEqual({ name: 'card', item: 'I2' });
  });

  it('back returns to the department’s items', async () => {
    m = await mount();
    await openGuide('I2', 'GA');
    await m.click('[data-action="back"]');
    expect(m.k.screen.value).toEqual({ name: 'guideItems', department: 'GA' });
    await m.click('[data-action="back"]');
    expect(m.k.screen.value).toEqual({ name: 'guide' });
  });
});
