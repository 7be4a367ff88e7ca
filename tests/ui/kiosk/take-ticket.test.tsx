// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { IDENTITY, mount, receipt, seconds, type Mounted } from './helpers.tsx';

let m: Mounted;
afterEach(() => m?.unmount());

async function toItems(department: string) {
  await m.click('[data-action="take"]');
  await m.click(`[data-department="${department}"]`);
}

describe('taking a ticket', () => {
  it('department → item needing an ID → card prompt without a skip → card read → confirm → done', async () => {
    m = await mount();
    await m.click('[data-action="take"]');
    expect(m.$('.screen-title')?.textContent).toBe('请选择办理部门');
    expect([...m.root.querySelectorAll('[data-department]')].map((e) => e.getAttribute('data-department'))).toEqual(['GA', 'SW', 'SB']);
    await m.click('[data-department="GA"]');
    expect(m.$('[data-item="I2"]')?.textContent).toContain('需身份证');
    await m.click('[data-item="I2"]');

    expect(m.k.screen.value).toEqual({ name: 'card', item: 'I2' });
    expect(m.$('.prompt')?.textContent).toBe('请将身份证放在感应区');
    expect(m.$('.reader-card')).not.toBeNull();
    expect(m.text()).toContain('办理“身份证换领”需要身份证');
    expect(m.$('[data-action="skip-card"]')).toBeNull();

    m.k.cardRead(IDENTITY);
    await m.flush();
    expect(m.k.screen.value.name).toBe('confirm');
    expect(m.$('[data-field="identity"]')?.textContent).toBe('张*丰 110105********002X');
    expect(m.$('[data-field="item"]')?.textContent).toBe('身份证换领');
    expect(m.$('[data-field="ahead"]')?.textContent).toBe('7人');
    expect(m.$('[data-field="wait"]')?.textContent).toBe('约35分钟');
    expect(m.$('[data-field="windows"]')?.textContent).toBe('1、2、3号窗口');
    expect([...m.root.querySelectorAll('.materials li')].map((li) => li.textContent)).toEqual(['户口簿，原件，本人户口页', '近期照片']);

    await m.click('[data-action="print"]');
    expect(m.calls.filter((c) => c.what === 'issue')).toEqual([{ what: 'issue', body: { item: 'I2', identityRef: IDENTITY.identityRef } }]);
    expect(m.k.screen.value.name).toBe('done');
    expect(m.$('[data-field="number"]')?.textContent).toBe('B008');
    expect(m.$('[data-field="ahead"]')?.textContent).toBe('前面还有7人');
    expect(m.$('.done-qr svg')?.getAttribute('data-qr')).toBe('http://127.0.0.1:8080/t/t-1?k=abc');
    expect(m.$('[data-field="take"]')?.textContent).toBe('正在打印号票…');

    m.k.printResult('t-1', true);
    await m.flush();
    expect(m.$('[data-field="take"]')?.textContent).toContain('请取走号票');
    expect(m.$('.done')?.getAttribute('data-printed')).toBe('true');
  });

  it('goes home after 20 s idle on the done screen and forgets the identity', async () => {
    m = await mount();
    await toItems('GA');
    await m.click('[data-item="I2"]');
    m.k.cardRead(IDENTITY);
    await m.flush();
    await m.click('[data-action="print"]');
    expect(m.$('[data-action="finish"]')?.textContent).toContain('20秒');
    await seconds(m, 19);
    expect(m.k.screen.value.name).toBe('done');
    expect(m.$('[data-action="finish"]')?.textContent).toContain('1秒');
    await seconds(m, 1);
    expect(m.k.screen.value.name).toBe('home');
    expect(m.k.identity.value).toBeNull();
    expect(m.$('.hall-name')).not.toBeNull();
  });

  it('a touch restarts the countdown; the idle time is configurable', async () => {
    m = await mount({ doneIdleSeconds: 8 });
    await toItems('SW');
    await m.click('[data-item="I3"]');
    await m.click('[data-action="print"]');
    await seconds(m, 6);
    m.$('.done')!.dispatchEvent(new window.PointerEvent('pointerdown', { bubbles: true }));
    await seconds(m, 6);
    expect(m.k.screen.value.name).toBe('done');
    await seconds(m, 2);
    expect(m.k.screen.value.name).toBe('home');
  });

  it('tapping 返回首页 clears the identity at once', async () => {
    m = await mount();
    await toItems('GA');
    await m.click('[data-item="I2"]');
    m.k.cardRead(IDENTITY);
    await m.flush();
    expect(m.k.identity.value).not.toBeNull();
    await m.click('[data-action="home"]');
    expect(m.k.screen.value.name).toBe('home');
    expect(m.k.identity.value).toBeNull();
  });

  it('an optional ID: continue without a card; a queue without ID goes straight to confirm', async () => {
    m = await mount();
    await toItems('GA');
    await m.click('[data-item="I1"]');
    expect(m.k.screen.value.name).toBe('card');
    expect(m.text()).toContain('也可以不用身份证直接取号');
    await m.click('[data-action="skip-card"]');
    expect(m.k.screen.value).toEqual({ name: 'confirm', item: 'I1' });
    expect(m.$('[data-field="identity"]')).toBeNull();
    await m.click('[data-action="print"]');
    expect(m.calls.find((c) => c.what === 'issue')).toEqual({ what: 'issue', body: { item: 'I1' } });

    await m.click('[data-action="finish"]');
    await toItems('SW');
    await m.click('[data-item="I3"]');
    expect(m.k.screen.value).toEqual({ name: 'confirm', item: 'I3' });
  });

  it('a card placed on the home screen starts taking a ticket with it', async () => {
    m = await mount();
    m.k.cardRead(IDENTITY);
    await m.flush();
    expect(m.k.screen.value.name).toBe('departments');
    await m.click('[data-department="GA"]');
    await m.click('[data-item="I2"]');
    expect(m.k.screen.value.name).toBe('confirm');
  });

  it('pages through long lists: at most 10 a page (6 in elder mode), spread evenly so no page is mostly empty', async () => {
    m = await mount();
    await toItems('SB');
    // 12 items at 10 a page would be 10 then 2: shown as two pages of 6.
    expect(m.root.querySelectorAll('[data-item]')).toHaveLength(6);
    expect(m.$('.pager-count')?.textContent).toBe('第1/2页');
    await m.click('[data-action="next"]');
    expect(m.root.querySelectorAll('[data-item]')).toHaveLength(6);
    expect(m.$('[data-item="M12"]')).not.toBeNull();
    m.k.elder.value = true;
    m.k.page.value = 0;
    await m.flush();
    expect(m.root.querySelectorAll('[data-item]')).toHaveLength(6);
    expect(m.$('.choices')?.getAttribute('data-per-page')).toBe('6');
    expect(m.$('.pager-count')?.textContent).toBe('第1/2页');
  });

  it('finds items by pinyin initials on the letter keys and by Chinese name', async () => {
    m = await mount();
    await m.click('[data-action="take"]');
    await m.click('[data-action="search"]');
    expect(m.k.screen.value.name).toBe('search');
    for (const key of ['s', 'f', 'z']) await m.click(`[data-key="${key}"]`);
    expect((m.$('.search-input') as HTMLInputElement).value).toBe('sfz');
    expect([...m.root.querySelectorAll('[data-item]')].map((e) => e.getAttribute('data-item'))).toEqual(['I2']);
    await m.click('[data-key="del"]');
    await m.click('[data-key="del"]');
    await m.click('[data-key="del"]');
    expect(m.text()).toContain('请用下方字母键输入拼音首字母');

    const input = m.$('.search-input') as HTMLInputElement;
    input.value = '发票';
    input.dispatchEvent(new window.Event('input', { bubbles: true }));
    await m.flush();
    expect([...m.root.querySelectorAll('[data-item]')].map((e) => e.getAttribute('data-item'))).toEqual(['I3']);
    await m.click('[data-item="I3"]');
    expect(m.k.screen.value).toEqual({ name: 'confirm', item: 'I3' });

    await m.click('[data-action="home"]');
    expect(m.k.query.value).toBe('');
    await m.click('[data-action="take"]');
    await m.click('[data-action="search"]');
    for (const key of ['q', 'q']) await m.click(`[data-key="${key}"]`);
    expect(m.text()).toContain('没有找到相关事项');
  });

  it('a print result that arrives before the HTTP answer is not lost', async () => {
    m = await mount();
    m.answers.issue = () => {
      m.k.printResult('t-early', false);
      return receipt({ ticketId: 't-early' });
    };
    await toItems('SW');
    await m.click('[data-item="I3"]');
    await m.click('[data-action="print"]');
    expect(m.$('.done')?.getAttribute('data-printed')).toBe('false');
  });
});
