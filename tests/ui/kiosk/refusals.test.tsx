// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { IDENTITY, mount, receipt, refuse, seconds, type Mounted } from './helpers.tsx';

let m: Mounted;
afterEach(() => m?.unmount());

async function tryItem(department: string, item: string, card = false) {
  await m.click('[data-action="take"]');
  await m.click(`[data-department="${department}"]`);
  await m.click(`[data-item="${item}"]`);
  if (card) {
    m.k.cardRead(IDENTITY);
    await m.flush();
  } else if (m.k.screen.value.name === 'card') await m.click('[data-action="skip-card"]');
  await m.click('[data-action="print"]');
}

describe('refusals in plain Chinese with the next step', () => {
  it('outside hours: today’s hours', async () => {
    m = await mount();
    m.answers.issue = refuse(409, 'OUTSIDE_HOURS', '现在不在取号时间内。今日取号时间：08:00—18:00。', { hours: '08:00—18:00' });
    await tryItem('SW', 'I3');
    expect(m.$('.refusal')?.getAttribute('data-code')).toBe('OUTSIDE_HOURS');
    expect(m.$('[data-field="refusal"]')?.textContent).toBe('现在不在取号时间内。今日取号时间：08:00—18:00。');
    await m.click('[data-action="finish"]');
    expect(m.k.screen.value.name).toBe('home');
  });

  it('outside hours without details: the hours come from the hall data', async () => {
    m = await mount();
    m.answers.issue = refuse(409, 'OUTSIDE_HOURS', 'x');
    await tryItem('SW', 'I3');
    expect(m.$('[data-field="refusal"]')?.textContent).toContain('今日取号时间：08:00—18:00');
  });

  it('daily cap reached: go to a free window', async () => {
    m = await mount();
    m.answers.issue = refuse(409, 'DAILY_CAP_REACHED');
    await tryItem('SW', 'I3');
    expect(m.$('[data-field="refusal"]')?.textContent).toBe('今日号已取完，若窗口空闲可直接到窗口办理。');
    expect(m.$('[data-action="reprint-live"]')).toBeNull();
  });

  it('queue closed', async () => {
    m = await mount();
    m.answers.issue = refuse(409, 'QUEUE_CLOSED');
    await tryItem('SW', 'I3');
    expect(m.$('[data-field="refusal"]')?.textContent).toBe('该业务今日暂停取号，请到咨询台咨询。');
  });

  it('per-ID limit: offers 补打 of the live ticket with the card read', async () => {
    m = await mount();
    m.answers.issue = refuse(409, 'ID_HAS_LIVE_TICKET', '', { number: 'B003', ticketId: 'live-1' });
    m.answers.reprint = () => receipt({ ticketId: 'live-1', number: 'B003', printed: false });
    await tryItem('GA', 'I2', true);
    expect(m.$('[data-field="refusal"]')?.textContent).toBe('您已取过该业务的号（B003），请留意叫号。如号票遗失，可点“补打号票”。');
    await m.click('[data-action="reprint-live"]');
    expect(m.calls.filter((c) => c.what === 'reprint')).toEqual([{ what: 'reprint', id: 'live-1', ref: IDENTITY.identityRef }]);
    expect(m.k.screen.value.name).toBe('done');
    expect(m.$('[data-field="number"]')?.textContent).toBe('B003');
    // The reprint's own print result decides, not the ticket's old 'unprinted' mark.
    expect(m.$('[data-field="take"]')?.textContent).toBe('正在打印号票…');
  });

  it('an expired card read: place the card again, and the ticket is taken with the new read', async () => {
    m = await mount();
    let first = true;
    m.answers.issue = () => {
      if (first) {
        first = false;
        return refuse(409, 'IDENTITY_REF_INVALID', '身份证读取信息已失效或已使用，请重新将身份证放在感应区。')();
      }
      return receipt();
    };
    await tryItem('GA', 'I2', true);
    expect(m.$('[data-field="refusal"]')?.textContent).toBe('身份证读取信息已失效，请重新将身份证放在感应区。');
    expect(m.text()).toContain('重新放置身份证');
    m.k.cardRead({ ...IDENTITY, identityRef: 'ref-fresh-0123456789' });
    await m.flush();
    expect(m.k.screen.value).toEqual({ name: 'confirm', item: 'I2' });
    await m.click('[data-action="print"]');
    expect(m.calls.filter((c) => c.what === 'issue').at(-1)).toEqual({ what: 'issue', body: { item: 'I2', identityRef: 'ref-fresh-0123456789' } });
  });

  it('an unknown refusal shows the server’s own words', async () => {
    m = await mount();
    m.answers.issue = refuse(403, 'FORBIDDEN', '该取号机已停用。');
    await tryItem('SW', 'I3');
    expect(m.$('[data-field="refusal"]')?.textContent).toBe('该取号机已停用。');
  });

  it('a full hall storage (507 STORAGE_FULL) shows its message, not the offline overlay', async () => {
    m = await mount();
    m.answers.issue = refuse(507, 'STORAGE_FULL', '数据存储已满（/srv/hallq/data）：本次操作没有保存。请到咨询台咨询，并请管理员清理该磁盘；已取的号票和叫号显示不受影响。');
    await tryItem('SW', 'I3');
    expect(m.$('[data-field="refusal"]')?.textContent).toContain('数据存储已满');
    expect(m.$('[data-overlay="offline"]')).toBeNull();
  });

  it('server unreachable: an overlay that retries by itself and goes away when the server answers', async () => {
    m = await mount({ retrySeconds: 2 });
    m.answers.issue = refuse(0, 'NETWORK', '无法连接服务器，正在重试…');
    let up = false;
    m.answers.ping = () => {
      if (!up) refuse(0, 'NETWORK')();
    };
    await tryItem('SW', 'I3');
    expect(m.$('[data-overlay="offline"]')?.textContent).toContain('暂时连接不上服务器');
    expect(m.k.screen.value.name).toBe('confirm'); // nothing was issued; the citizen can try again
    await seconds(m, 2);
    expect(m.calls.filter((c) => c.what === 'ping')).toHaveLength(1);
    expect(m.$('[data-overlay="offline"]')).not.toBeNull();
    up = true;
    await seconds(m, 2);
    expect(m.calls.filter((c) => c.what === 'ping')).toHaveLength(2);
    expect(m.$('[data-overlay="offline"]')).toBeNull();
  });

  it('a dropped live connection shows the overlay until it is back', async () => {
    m = await mount();
    m.k.linkDown.value = true;
    await m.flush();
    expect(m.$('[data-overlay="offline"]')).not.toBeNull();
    m.k.linkDown.value = false;
    await m.flush();
    expect(m.$('[data-overlay="offline"]')).toBeNull();
  });

  it('a hall that cannot be loaded at start is loaded by the retries', async () => {
    m = await mount();
    m.unmount();
    m = await mount({ retrySeconds: 1 });
    m.k.hall.value = null;
    m.k.unreachable.value = true;
    await m.flush();
    expect(m.$('[data-overlay="offline"]')).not.toBeNull();
    await seconds(m, 1);
    expect(m.k.hall.value).not.toBeNull();
    expect(m.$('[data-overlay="offline"]')).toBeNull();
    expect(m.$('.hall-name')).not.toBeNull();
  });
});
