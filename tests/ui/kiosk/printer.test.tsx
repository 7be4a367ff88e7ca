// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, receipt, type Mounted } from './helpers.tsx';

let m: Mounted;
afterEach(() => m?.unmount());

async function issue() {
  await m.click('[data-action="take"]');
  await m.click('[data-department="SW"]');
  await m.click('[data-item="I3"]');
  await m.click('[data-action="print"]');
}

describe('printer failure', () => {
  it('shows the electronic ticket, keeps it longer, and prints again on request', async () => {
    m = await mount();
    m.answers.issue = () => receipt({ ticketId: 't-9', number: 'C002', queue: 'QC', queueName: '税务', itemName: '发票领用' });
    await issue();
    m.k.printResult('t-9', false);
    await m.flush();
    expect(m.$('.done')?.getAttribute('data-printed')).toBe('false');
    expect(m.$('[data-field="electronic"]')?.textContent).toBe('打印机暂时无法出票，请使用电子号票');
    expect(m.$('[data-field="number"]')?.textContent).toBe('C002');
    expect(m.$('.done-qr svg')?.getAttribute('width')).toBe('360'); // larger than the 300 of a printed ticket, to scan from the screen
    expect(m.$('[data-field="take"]')).toBeNull();
    expect(m.k.idleLeft.value).toBeGreaterThanOrEqual(60);

    m.answers.reprint = () => receipt({ ticketId: 't-9', number: 'C002', printed: false });
    await m.click('[data-action="reprint"]');
    expect(m.calls.filter((c) => c.what === 'reprint')).toEqual([{ what: 'reprint', id: 't-9' }]);
    expect(m.text()).toContain('已发送打印');
    expect(m.$('[data-field="take"]')?.textContent).toBe('正在打印号票…');
    m.k.printResult('t-9', true);
    await m.flush();
    expect(m.$('[data-field="take"]')?.textContent).toContain('请取走号票');
  });

  it('ignores print results of other tickets', async () => {
    m = await mount();
    await issue();
    m.k.printResult('someone-else', false);
    await m.flush();
    expect(m.$('.done')?.getAttribute('data-printed')).toBe('null');
  });
});
