// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { locale } from '../../../kiosk-ui/i18n/index.ts';
import { mount, type Mounted } from './helpers.tsx';

let m: Mounted;
afterEach(() => m?.unmount());

describe('kiosk home', () => {
  it('shows the hall, the time, four tiles and the waiting count of every queue', async () => {
    m = await mount();
    expect(m.$('.hall-name')?.textContent).toBe('测试县政务服务中心');
    expect(m.$('.clock-time')?.textContent).toMatch(/^\d{2}:\d{2}$/);
    expect(m.$('.clock-date')?.textContent).toMatch(/^\d{4}-\d{2}-\d{2} 星期/);
    const tiles = [...m.root.querySelectorAll('.tile .tile-name')].map((e) => e.textContent);
    expect(tiles).toEqual(['办事取号', '预约签到', '办事指南', '投诉建议']);
    expect(m.$('.tile-complaint')?.textContent).toContain('12345');
    // No complaint page configured: no QR (a phone scanner will not dial tel:), the number as text.
    expect(m.$('.tile-complaint svg.qr')).toBeNull();
    const counts = Object.fromEntries([...m.root.querySelectorAll('.waiting-board li')].map((li) => [li.getAttribute('data-queue'), li.querySelector('.wq-count')?.textContent]));
    expect(counts).toEqual({ QA: '3人', QB: '7人', QC: '0人' });
  });

  it('waiting counts follow the live queue status', async () => {
    m = await mount();
    m.k.queueStatus.value = m.k.queueStatus.value.map((q) => (q.code === 'QA' ? { ...q, waiting: 4 } : q));
    await m.flush();
    expect(m.$('[data-queue="QA"] .wq-count')?.textContent).toBe('4人');
  });

  it('shows the hall clock, not the machine clock', async () => {
    m = await mount();
    // The server says it is 10:00 in Shanghai on Monday 2026-11-30.
    m.k.clockOffset.value = Date.parse('2026-11-30T02:00:00Z') - Date.now();
    await m.flush();
    await new Promise((r) => setTimeout(r, 1100));
    await m.flush();
    expect(m.$('.clock-date')?.textContent).toBe('2026-11-30 星期一');
    expect(m.$('.clock-time')?.textContent).toMatch(/^10:0[01]$/);
  });

  it('长者模式 makes the text larger, shows fewer choices and speaks the prompts', async () => {
    m = await mount();
    expect(m.$('.kiosk')?.classList.contains('elder')).toBe(false);
    await m.click('[data-action="elder"]');
    expect(m.$('.kiosk')?.classList.contains('elder')).toBe(true);
    expect(m.$('[data-action="elder"]')?.getAttribute('aria-checked')).toBe('true');
    expect(m.spoken.at(-1)).toBe('您好，请点击办事取号，或将身份证放在感应区');
    await m.click('[data-action="take"]');
    expect(m.spoken.at(-1)).toBe('请选择办理部门');
    // Elder mode shows four departments per page at most, one per row.
    expect(m.$('.choices')?.classList.contains('choices-elder')).toBe(true);
  });

  it('speaks nothing outside elder mode', async () => {
    m = await mount();
    await m.click('[data-action="take"]');
    expect(m.spoken).toEqual([]);
  });

  it('switches to English and back', async () => {
    m = await mount();
    await m.click('[data-action="language"]');
    expect(locale.value).toBe('en');
    expect(m.$('.tile-take .tile-name')?.textContent).toBe('Take a number');
    expect(m.$('.kiosk')?.getAttribute('lang')).toBe('en');
    await m.click('[data-action="language"]');
    expect(m.$('.tile-take .tile-name')?.textContent).toBe('办事取号');
  });

  it('投诉建议 shows the hotline and a QR to the complaint channel', async () => {
    m = await mount();
    m.k.hall.value = { ...m.k.hall.value!, hall: { ...m.k.hall.value!.hall, complaintUrl: 'https://12345.example.gov.cn/ts' } };
    await m.click('[data-action="complaint"]');
    expect(m.$('[data-field="hotline"]')?.textContent).toContain('12345');
    expect(m.$('svg.qr')?.getAttribute('data-qr')).toBe('https://12345.example.gov.cn/ts');
    await m.click('[data-action="home"]');
    expect(m.k.screen.value.name).toBe('home');
  });

  it('refuses the context menu, text selection and pinch zoom', async () => {
    m = await mount();
    const menu = new window.Event('contextmenu', { bubbles: true, cancelable: true });
    m.$('.tile')!.dispatchEvent(menu);
    expect(menu.defaultPrevented).toBe(true);
    const select = new window.Event('selectstart', { bubbles: true, cancelable: true });
    m.$('.hall-name')!.dispatchEvent(select);
    expect(select.defaultPrevented).toBe(true);
    const wheel = new window.WheelEvent('wheel', { bubbles: true, cancelable: true });
    Object.defineProperty(wheel, 'ctrlKey', { value: true }); // happy-dom drops ctrlKey from the init
    document.dispatchEvent(wheel);
    expect(wheel.defaultPrevented).toBe(true);
  });
});
