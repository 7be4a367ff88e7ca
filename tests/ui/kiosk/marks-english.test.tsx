// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueInfo } from '../../../kiosk-ui/hall-data.ts';
import { locale } from '../../../kiosk-ui/i18n/index.ts';
import { hallData, mount, type Mounted } from './helpers.tsx';

/** Closed and full queues marked where the citizen chooses; the catalogue's English texts in English mode. */
let m: Mounted;
afterEach(() => {
  m?.unmount();
  locale.value = 'zh-CN';
});

async function toItems(dept: string): Promise<void> {
  await m.click('[data-action="take"]');
  await m.click(`[data-department="${dept}"]`);
}

describe('closed and full queues', () => {
  it('a closed queue keeps its department and items on screen, marked 暂停取号 and not tappable', async () => {
    m = await mount();
    // The hall closed 户政 (QB): GET /api/hall no longer lists it; its status says inactive.
    m.k.hall.value = { ...m.k.hall.value!, queues: m.k.hall.value!.queues.filter((q) => q.code !== 'QB') };
    m.k.queueStatus.value = m.k.queueStatus.value.map((q) => (q.code === 'QB' ? { ...q, active: false, open: false } : q));
    await m.flush();
    await toItems('GA');
    const closed = m.$('[data-item="I2"]') as HTMLButtonElement;
    expect(closed.getAttribute('data-state')).toBe('closed');
    expect(closed.disabled).toBe(true);
    expect(closed.querySelector('[data-field="mark"]')?.textContent).toBe('暂停取号');
    expect(closed.textContent).toContain('户政');
    expect(m.$('[data-item="I1"]')?.getAttribute('data-state')).toBe('open');
    m.k.chooseItem('I2');
    expect(m.k.screen.value.name).toBe('items');
  });

  it('a department whose only queue is closed is still listed, marked 暂停取号; the guide still opens its items', async () => {
    m = await mount();
    m.k.hall.value = { ...m.k.hall.value!, queues: m.k.hall.value!.queues.filter((q) => q.code !== 'QC') };
    await m.flush();
    await m.click('[data-action="take"]');
    const sw = m.$('[data-department="SW"]');
    expect(sw?.getAttribute('data-state')).toBe('closed');
    expect(sw?.querySelector('[data-field="mark"]')?.textContent).toBe('暂停取号');
    await m.click('[data-action="home"]');
    await m.click('[data-action="guide"]');
    await m.click('[data-department="SW"]');
    await m.click('[data-item="I3"]');
    expect(m.k.screen.value.name).toBe('guideItem');
  });

  it('a full queue is marked 已满 in the item list, before any card or confirm screen', async () => {
    m = await mount();
    m.k.hall.value = { ...m.k.hall.value!, queues: m.k.hall.value!.queues.map((q) => (q.code === 'QA' ? ({ ...q, dailyCap: 3 } as QueueInfo) : q)) };
    await m.flush();
    await toItems('GA');
    const full = m.$('[data-item="I1"]') as HTMLButtonElement;
    expect(full.getAttribute('data-state')).toBe('full');
    expect(full.disabled).toBe(true);
    expect(full.querySelector('[data-field="mark"]')?.textContent).toBe('已满');
    expect(full.textContent).toContain('今日号已取完');
    // One number fewer given: open again.
    m.k.queueStatus.value = m.k.queueStatus.value.map((q) => (q.code === 'QA' ? { ...q, issuedToday: 2 } : q));
    await m.flush();
    expect(m.$('[data-item="I1"]')?.getAttribute('data-state')).toBe('open');
  });

  it('search shows the marks too', async () => {
    m = await mount();
    m.k.hall.value = { ...m.k.hall.value!, queues: m.k.hall.value!.queues.filter((q) => q.code !== 'QB') };
    await m.flush();
    await m.click('[data-action="take"]');
    await m.click('[data-action="search"]');
    for (const key of ['s', 'f', 'z']) await m.click(`[data-key="${key}"]`);
    expect(m.$('[data-item="I2"]')?.getAttribute('data-state')).toBe('closed');
  });
});

describe('English mode', () => {
  function englishHall() {
    const h = hallData();
    return {
      ...h,
      departments: h.departments.map((d) => (d.code === 'GA' ? { ...d, nameEn: 'Public Security Bureau' } : d)),
      items: h.items.map((i) =>
        i.code === 'I2'
          ? { ...i, nameEn: 'ID card renewal', feeEn: 'CNY 20', stepsEn: ['Take a number', 'Photo', 'Pay'], materials: [{ name: '户口簿', copies: '原件', note: '本人户口页', nameEn: 'Household register', copiesEn: 'original', noteEn: 'your own page' }, { name: '近期照片' }] }
          : i,
      ),
    };
  }

  it('departments, items and materials in English where the catalogue has English texts, else Chinese', async () => {
    m = await mount();
    m.k.hall.value = englishHall();
    await m.flush();
    await m.click('[data-action="language"]');
    await m.click('[data-action="take"]');
    expect(m.$('[data-department="GA"] .choice-name')?.textContent).toBe('Public Security Bureau');
    expect(m.$('[data-department="SW"] .choice-name')?.textContent).toBe('税务局');
    await m.click('[data-department="GA"]');
    expect(m.$('.screen-title')?.textContent).toBe('Public Security Bureau');
    expect(m.$('[data-item="I2"] .choice-name')?.textContent).toBe('ID card renewal');
    expect(m.$('[data-item="I1"] .choice-name')?.textContent).toBe('综合咨询');
    m.k.cardRead({ idMasked: '**************002X', nameMasked: '张*丰', identityRef: 'ref-0123456789abcdef', validUntil: '2026-11-30T02:02:00Z' });
    await m.click('[data-item="I2"]');
    expect(m.k.screen.value.name).toBe('confirm');
    expect(m.$('[data-field="item"]')?.textContent).toBe('ID card renewal');
    expect([...m.root.querySelectorAll('.materials li')].map((li) => li.textContent)).toEqual(['Household register, original, your own page', '近期照片']);
  });

  it('the guide shows English steps and fee; Chinese again after switching back', async () => {
    m = await mount();
    m.k.hall.value = englishHall();
    await m.flush();
    await m.click('[data-action="language"]');
    await m.click('[data-action="guide"]');
    await m.click('[data-department="GA"]');
    await m.click('[data-item="I2"]');
    expect([...m.root.querySelectorAll('[data-field="steps"] li')].map((li) => li.textContent)).toEqual(['Take a number', 'Photo', 'Pay']);
    expect(m.$('[data-field="fee"]')?.textContent).toBe('CNY 20');
    await m.click('[data-action="home"]');
    await m.click('[data-action="language"]');
    await m.click('[data-action="guide"]');
    await m.click('[data-department="GA"]');
    await m.click('[data-item="I2"]');
    expect(m.$('[data-field="fee"]')?.textContent).toBe('20元');
    expect(m.$('.screen-title')?.textContent).toBe('身份证换领');
  });
});
