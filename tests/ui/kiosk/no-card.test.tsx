// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { mount, refuse, type Mounted } from './helpers.tsx';

/** A citizen without an ID card at an ID-required queue: typed number and name, e-ID scans, or where to go. */
let m: Mounted;
afterEach(() => m?.unmount());

const GOOD_ID = '530822196003150024';
const WRONG_CHECK = '530822196003150025';

async function toCard(): Promise<void> {
  await m.click('[data-action="take"]');
  await m.click('[data-department="GA"]');
  await m.click('[data-item="I2"]');
  expect(m.k.screen.value.name).toBe('card');
}

async function type(id: string): Promise<void> {
  for (const c of id) await m.click(`[data-key="${c}"]`);
}

describe('no card at an ID-required queue', () => {
  it('offers the keypad and the e-ID scan; a wrong check digit is refused in Chinese before anything is sent', async () => {
    m = await mount();
    await toCard();
    expect(m.$('[data-action="skip-card"]')).toBeNull();
    expect(m.$('[data-field="no-card"]')?.textContent).toContain('没带身份证？');
    expect(m.$('[data-field="eid-hint"]')?.textContent).toBe('也可以在扫码口扫描电子身份证或电子社保卡二维码');
    await m.click('[data-action="type-id"]');
    expect(m.k.screen.value.name).toBe('typedId');
    await type(WRONG_CHECK);
    expect(m.$('[data-field="id-number"]')?.getAttribute('data-length')).toBe('18');
    await m.click('[data-action="id-next"]');
    expect(m.k.screen.value.name).toBe('typedId');
    expect(m.$('[data-field="id-problem"]')?.textContent).toBe('身份证号码校验不通过，可能有一位输错了，请逐位核对');
    expect(m.calls.filter((c) => c.what === 'issue')).toEqual([]);
    // A short number says what is missing.
    await m.click('[data-key="clear"]');
    await type('5308221960');
    await m.click('[data-action="id-next"]');
    expect(m.$('[data-field="id-problem"]')?.textContent).toBe('身份证号码应为18位，请核对后补全');
  });

  it('X is taken only as the 18th character; the right number and a name issue the ticket with both', async () => {
    m = await mount();
    await toCard();
    await m.click('[data-action="type-id"]');
    await m.click('[data-key="X"]');
    expect(m.k.idDraft.value).toBe('');
    await type('11010519491231002');
    await m.click('[data-key="X"]');
    expect(m.k.idDraft.value).toBe('11010519491231002X');
    await m.click('[data-key="del"]');
    await m.click('[data-key="clear"]');
    await type(GOOD_ID);
    await m.click('[data-action="id-next"]');
    expect(m.k.screen.value.name).toBe('typedName');
    expect(m.$('[data-action="name-next"]')?.textContent).toBe('不填姓名，继续');
    // The surname from its key, the given name as a system keyboard would type it.
    await m.click('.surnames [data-key="张"]');
    const input = m.$('[data-field="name"]') as HTMLInputElement;
    expect(input.value).toBe('张');
    input.value = '张三丰';
    input.dispatchEvent(new window.Event('input', { bubbles: true }));
    await m.flush();
    expect(m.$('[data-action="name-next"]')?.textContent).toBe('确认姓名，继续');
    await m.click('[data-action="name-next"]');
    expect(m.k.screen.value.name).toBe('confirm');
    expect(m.$('[data-field="identity"]')?.textContent).toBe('张*丰 **************0024');
    await m.click('[data-action="print"]');
    expect(m.calls.filter((c) => c.what === 'issue')).toEqual([{ what: 'issue', body: { item: 'I2', idNumber: GOOD_ID, name: '张三丰' } }]);
    expect(m.k.screen.value.name).toBe('done');
    // Home forgets what was typed.
    await m.click('[data-action="finish"]');
    expect([m.k.typed.value, m.k.idDraft.value, m.k.nameDraft.value]).toEqual([null, '', '']);
  });

  it('a number the server refuses goes back to the keypad with the number kept, to correct it', async () => {
    m = await mount();
    m.answers.issue = refuse(400, 'ID_INVALID', '身份证号码有误');
    await toCard();
    await m.click('[data-action="type-id"]');
    await type(GOOD_ID);
    await m.click('[data-action="id-next"]');
    await m.click('[data-action="name-next"]');
    await m.click('[data-action="print"]');
    expect(m.k.screen.value.name).toBe('refusal');
    expect(m.$('[data-field="refusal"]')?.textContent).toBe('身份证号码有误，请核对后重试或到咨询台咨询。');
    await m.click('[data-action="retype-id"]');
    expect(m.k.screen.value.name).toBe('typedId');
    expect(m.k.idDraft.value).toBe(GOOD_ID);
    expect(m.k.typed.value).toBeNull();
  });

  it('the name may be left out: the ticket is issued with the number alone', async () => {
    m = await mount();
    await toCard();
    await m.click('[data-action="type-id"]');
    await type(GOOD_ID);
    await m.click('[data-action="id-next"]');
    await m.click('[data-action="name-next"]');
    expect(m.$('[data-field="identity"]')?.textContent).toBe('**************0024');
    await m.click('[data-action="print"]');
    expect(m.calls.find((c) => c.what === 'issue')).toEqual({ what: 'issue', body: { item: 'I2', idNumber: GOOD_ID } });
  });

  it('where the hall turns both routes off, says exactly where to go', async () => {
    m = await mount();
    m.answers.hall = undefined;
    m.k.hall.value = { ...m.k.hall.value!, kioskAccess: { typedId: false, eidScan: false, helpPlace: '一楼咨询台', helpWindow: 9 } };
    await m.flush();
    await toCard();
    expect(m.$('[data-action="type-id"]')).toBeNull();
    expect(m.$('[data-field="eid-hint"]')).toBeNull();
    expect(m.$('[data-field="go-help"]')?.textContent).toBe('本事项需要身份证。没带身份证，请到一楼咨询台或9号帮办窗口办理');
    m.k.hall.value = { ...m.k.hall.value!, kioskAccess: { typedId: false, eidScan: false, helpPlace: '咨询台', helpWindow: null } };
    await m.flush();
    expect(m.$('[data-field="go-help"]')?.textContent).toBe('本事项需要身份证。没带身份证，请到咨询台办理');
  });

  it('typed ID alone, e-ID alone: each offered only where the hall allows it', async () => {
    m = await mount();
    m.k.hall.value = { ...m.k.hall.value!, kioskAccess: { typedId: false, eidScan: true, helpPlace: '咨询台', helpWindow: null } };
    await m.flush();
    await toCard();
    expect(m.$('[data-action="type-id"]')).toBeNull();
    expect(m.$('[data-field="eid-hint"]')).not.toBeNull();
    expect(m.$('[data-field="go-help"]')).toBeNull();
    m.k.typeId();
    expect(m.k.screen.value.name).toBe('card');
  });

  it('a refused e-ID scan is shown in Chinese with where to go; a verified one goes on as 电子证照', async () => {
    m = await mount();
    await toCard();
    m.k.scanWasRefused({ code: 'EID_NOT_VERIFIED', message: '电子证照核验未通过，不能作为身份凭证。', hint: '请到一楼咨询台办理' });
    await m.flush();
    const banner = m.$('[data-field="scan-refused"]');
    expect(banner?.getAttribute('data-code')).toBe('EID_NOT_VERIFIED');
    expect(banner?.textContent).toBe('扫码未通过电子证照核验未通过，不能作为身份凭证。请到一楼咨询台办理');
    expect(m.k.screen.value.name).toBe('card');
    m.k.cardRead({ idMasked: '**************0024', nameMasked: '张*丰', identityRef: 'ref-eid-0123456789abcd', validUntil: '2026-11-30T02:02:00Z', source: 'eid' } as Parameters<typeof m.k.cardRead>[0]);
    await m.flush();
    expect(m.k.screen.value.name).toBe('confirm');
    expect(m.$('[data-field="scan-refused"]')).toBeNull();
    expect(m.$('.facts dt:nth-of-type(1)')).not.toBeNull();
    expect(m.text()).toContain('电子证照');
    await m.click('[data-action="print"]');
    expect(m.calls.find((c) => c.what === 'issue')).toEqual({ what: 'issue', body: { item: 'I2', identityRef: 'ref-eid-0123456789abcd' } });
  });

  it('a card placed while typing wins: the typed number is dropped and the card read is used', async () => {
    m = await mount();
    await toCard();
    await m.click('[data-action="type-id"]');
    await type('5308');
    m.k.cardRead({ idMasked: '**************002X', nameMasked: '张*丰', identityRef: 'ref-0123456789abcdef', validUntil: '2026-11-30T02:02:00Z' });
    await m.flush();
    expect(m.k.screen.value.name).toBe('confirm');
    await m.click('[data-action="print"]');
    expect(m.calls.find((c) => c.what === 'issue')).toEqual({ what: 'issue', body: { item: 'I2', identityRef: 'ref-0123456789abcdef' } });
  });
});
