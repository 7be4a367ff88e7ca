// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { KIOSK_SPOKEN_EN, KIOSK_SPOKEN_ZH, kioskSpeechVoice } from '../../../contract/kiosk-speech.ts';
import { checkIdNumber, idCheckCharacter } from '../../../ui-kit/id-number.ts';
import { validateIdNumber } from '../../../drivers/idnumber/id-number.ts';
import { pageSize } from '../../../kiosk-ui/components/pager.tsx';
import { en } from '../../../kiosk-ui/i18n/en.ts';
import { zh } from '../../../kiosk-ui/i18n/zh.ts';
import { kioskSpeaker } from '../../../kiosk-ui/speech.ts';
import { mount, receipt, refuse, seconds, type Mounted } from './helpers.tsx';

let m: Mounted;
afterEach(() => m?.unmount());

describe('帮办', () => {
  it('on the home screen and in every screen head; tells the server which screen, then 工作人员马上就到', async () => {
    m = await mount();
    expect(m.$('.home [data-action="help"]')?.textContent).toContain('帮办');
    await m.click('[data-action="take"]');
    await m.click('[data-department="GA"]');
    await m.click('[data-item="I2"]');
    await m.click('[data-action="type-id"]');
    expect(m.$('.screen-head [data-action="help"]')).not.toBeNull();
    await m.click('.screen-head [data-action="help"]');
    expect(m.calls.filter((c) => c.what === 'help')).toEqual([{ what: 'help', screen: 'typed-id' }]);
    expect(m.$('[data-field="help"]')?.getAttribute('data-help')).toBe('called');
    expect(m.$('[data-field="help"] p')?.textContent).toBe('工作人员马上就到，请在取号机旁稍候');
    await m.click('[data-action="help-close"]');
    expect(m.$('[data-field="help"]')).toBeNull();
  });

  it('a call that does not go through says where to find someone', async () => {
    m = await mount();
    m.answers.help = refuse(0, 'NETWORK');
    await m.click('[data-action="help"]');
    expect(m.$('[data-field="help"]')?.getAttribute('data-help')).toBe('failed');
    expect(m.$('[data-field="help"] p')?.textContent).toBe('呼叫没有发出，请到一楼咨询台或9号帮办窗口找工作人员');
    // The offline overlay is not raised for it: the kiosk still works.
    expect(m.k.offline).toBe(false);
  });
});

describe('the printer, before a number is taken', () => {
  it('home warns of paper out and offers the electronic ticket; confirm says the same on its button; a printed ticket clears it', async () => {
    m = await mount();
    expect(m.$('[data-field="printer-warning"]')).toBeNull();
    m.answers.printer = () => ({ state: 'paper_out', since: '2026-11-30T01:59:00Z' });
    await m.k.checkPrinter();
    await m.flush();
    const warning = m.$('.home [data-field="printer-warning"]');
    expect(warning?.getAttribute('data-printer')).toBe('paper_out');
    expect(warning?.textContent).toContain('打印机缺纸，暂时不能打印号票');
    expect(warning?.textContent).toContain('取号后用手机扫描屏幕上的二维码，保存电子号票');
    expect(m.$('[data-field="no-phone"]')).toBeNull();
    await m.click('[data-action="take"]');
    await m.click('[data-department="SW"]');
    await m.click('[data-item="I3"]');
    expect(m.$('.confirm [data-field="printer-warning"]')?.textContent).toContain('打印机暂时无法出票');
    expect(m.$('[data-action="print"]')?.textContent).toBe('取电子号票');
    m.answers.issue = () => receipt({ ticketId: 't-9', number: 'C001', printed: null });
    await m.click('[data-action="print"]');
    m.k.printResult('t-9', true);
    await m.flush();
    expect(m.k.printer.value).toBe('ready');
  });

  it('in elder mode an elderly citizen without a phone is sent to the 帮办 window', async () => {
    m = await mount();
    m.answers.printer = () => ({ state: 'offline', since: null });
    await m.k.checkPrinter();
    await m.click('[data-action="elder"]');
    expect(m.$('[data-field="printer-warning"]')?.textContent).toContain('打印机离线，暂时不能打印号票');
    expect(m.$('[data-field="no-phone"]')?.textContent).toBe('没有手机？请到一楼咨询台或9号帮办窗口，工作人员帮您取号');
  });

  it('an electronic ticket in elder mode tells a citizen without a phone where to go', async () => {
    m = await mount();
    await m.click('[data-action="elder"]');
    await m.click('[data-action="take"]');
    await m.click('[data-department="SW"]');
    await m.click('[data-item="I3"]');
    m.answers.issue = () => receipt({ ticketId: 't-7', number: 'C002', printed: null });
    await m.click('[data-action="print"]');
    m.k.printResult('t-7', false);
    await m.flush();
    expect(m.$('[data-field="no-phone"]')?.textContent).toBe('没有手机？请记下号码，或到一楼咨询台或9号帮办窗口请工作人员帮您补打号票');
    m.k.elder.value = false;
    await m.flush();
    expect(m.$('[data-field="no-phone"]')).toBeNull();
  });

  it('the home screen reads the printer again every 10 s, and at once after a ticket was not printed', async () => {
    m = await mount();
    const reads = () => m.calls.filter((c) => c.what === 'printer').length;
    const first = reads();
    await seconds(m, 9);
    expect(reads()).toBe(first);
    m.answers.printer = () => ({ state: 'fault', since: null });
    await seconds(m, 1);
    expect(reads()).toBe(first + 1);
    expect(m.$('[data-field="printer-warning"]')?.getAttribute('data-printer')).toBe('fault');
    m.k.printResult('t-1', false);
    await m.flush();
    expect(reads()).toBe(first + 2);
  });
});

describe('complaint QR', () => {
  it("holds the hall's https complaint page; the hotline stands as text; never tel:", async () => {
    m = await mount();
    m.k.hall.value = { ...m.k.hall.value!, hall: { ...m.k.hall.value!.hall, complaintUrl: 'https://12345.example.gov.cn/complaint' } };
    await m.flush();
    expect(m.$('.tile-complaint svg.qr')?.getAttribute('data-qr')).toBe('https://12345.example.gov.cn/complaint');
    await m.click('[data-action="complaint"]');
    expect(m.$('[data-field="hotline"]')?.textContent).toContain('12345');
    expect(m.$('.complaint svg.qr')?.getAttribute('data-qr')).toBe('https://12345.example.gov.cn/complaint');
    m.k.hall.value = { ...m.k.hall.value!, hall: { ...m.k.hall.value!.hall, complaintUrl: 'tel:12345' } };
    await m.flush();
    expect(m.$('svg.qr')).toBeNull();
    expect(m.$('[data-field="hotline"]')?.textContent).toContain('12345');
  });
});

describe('pieces', () => {
  it('every phrase elder mode speaks is one the server will speak for a kiosk (zh and en)', () => {
    const keys = ['elder.prompt.home', 'dept.title', 'items.title', 'card.title', 'typed.title', 'typed.nameTitle', 'confirm.title', 'done.number', 'done.take', 'done.electronic', 'done.printerOffline', 'refusal.title', 'checkin.byCode', 'guide.pick', 'complaint.scan'] as const;
    expect(keys.map((k) => zh[k])).toEqual([...KIOSK_SPOKEN_ZH]);
    expect(keys.map((k) => en[k])).toEqual([...KIOSK_SPOKEN_EN]);
    expect(kioskSpeechVoice('B 0 0 8', 'en')).toBe('en');
    expect(kioskSpeechVoice('B 0 0 8')).toBe('cmn');
    expect(kioskSpeechVoice('随便说点什么')).toBeNull();
  });

  it('without a browser voice, the speaker plays the server WAV of each part; a 503 silences it for good', async () => {
    const asked: string[] = [];
    const played: number[] = [];
    let status = 200;
    const synth = { getVoices: () => [], cancel: () => undefined, speak: () => undefined } as unknown as SpeechSynthesis;
    let done!: () => void;
    let finished = new Promise<void>((r) => (done = r));
    const speak = kioskSpeaker({
      synth,
      fetchWav: async (text, lang) => {
        asked.push(`${lang}:${text}`);
        return new Response(status === 200 ? new Uint8Array(8) : null, { status });
      },
      play: async (wav) => {
        played.push(wav.size);
        if (played.length === 3) done();
      },
    });
    speak(['您的号码', 'B 0 0 8', '请取走号票'], 'zh-CN');
    await finished;
    expect(asked).toEqual(['zh-CN:您的号码', 'zh-CN:B 0 0 8', 'zh-CN:请取走号票']);
    expect(played).toEqual([8, 8, 8]);
    status = 503;
    finished = new Promise<void>((r) => (done = r));
    speak(['请选择办理部门'], 'zh-CN');
    await new Promise((r) => setTimeout(r, 20));
    speak(['请选择办理事项'], 'zh-CN');
    await new Promise((r) => setTimeout(r, 20));
    expect(asked.slice(3)).toEqual(['zh-CN:请选择办理部门']);
  });

  it('a browser voice for the language is used instead of the server', () => {
    const said: string[] = [];
    class FakeUtterance {
      voice: unknown;
      lang = '';
      rate = 1;
      constructor(readonly text: string) {}
    }
    (globalThis as { SpeechSynthesisUtterance?: unknown }).SpeechSynthesisUtterance = FakeUtterance;
    const synth = { getVoices: () => [{ lang: 'zh_CN', name: 'zh' }], cancel: () => undefined, speak: (u: FakeUtterance) => said.push(u.text) } as unknown as SpeechSynthesis;
    const speak = kioskSpeaker({ synth, fetchWav: async () => { throw new Error('the server is not asked'); } });
    speak(['您的号码', 'B 0 0 8'], 'zh-CN');
    expect(said).toEqual(['您的号码 B 0 0 8']);
  });

  it('pages are filled evenly: at most the page size, none mostly empty', () => {
    expect([1, 6, 7, 12, 13, 20].map((n) => pageSize(n, 6))).toEqual([1, 6, 4, 6, 5, 5]);
    expect(pageSize(9, 8)).toBe(5);
  });

  it("the browser's ID check agrees with the driver's GB 11643 rule", () => {
    const today = new Date('2026-11-30T00:00:00Z');
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const body = `${1 + Math.floor(rnd() * 8)}${String(Math.floor(rnd() * 1e5)).padStart(5, '0')}${1930 + Math.floor(rnd() * 95)}${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}${String(1 + Math.floor(rnd() * 31)).padStart(2, '0')}${String(Math.floor(rnd() * 1000)).padStart(3, '0')}`;
      const right = body + idCheckCharacter(body);
      const wrong = body + (idCheckCharacter(body) === '0' ? '1' : '0');
      for (const n of [right, wrong]) expect(checkIdNumber(n, today).ok, n).toBe(validateIdNumber(n, today).ok);
    }
    expect(checkIdNumber('530822196003150025')).toEqual({ ok: false, problem: 'checkDigit' });
    expect(checkIdNumber('530822196002300021')).toEqual({ ok: false, problem: 'birthDate' });
  });
});
