import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { EscPosDecoder } from '../../../drivers/printer/escpos-decoder.ts';
import { TicketAssembler, type PrintedTicket } from '../../../drivers/printer/printed.ts';
import { displayWidth, wrapText } from '../../../drivers/printer/text-width.ts';
import { renderSlip, renderTicket } from '../../../drivers/printer/ticket-layout.ts';
import { MATERIALS, sampleTicket } from './fixtures.ts';

/** What the simulated printer would print from these bytes, fed in small chunks like a serial line. */
function printOut(bytes: Uint8Array, chunk = 7): PrintedTicket[] {
  const decoder = new EscPosDecoder();
  const assembler = new TicketAssembler();
  for (let i = 0; i < bytes.length; i += chunk) {
    for (const cmd of decoder.push(bytes.subarray(i, i + chunk))) assembler.apply(cmd);
  }
  return [...assembler.tickets];
}

const texts = (t: PrintedTicket): string[] => t.lines.map((l) => l.text);

describe('wrapping', () => {
  const long = '近期免冠一寸彩色照片两张，白色背景，不戴帽子，露出双耳，照片背面写上姓名（共2张）';

  it.each([32, 48])('keeps every line within %i columns and loses no text', (cols) => {
    const lines = wrapText(long, cols);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(cols);
    expect(lines.join('')).toBe(long);
  });

  it('counts a CJK character as two columns', () => {
    expect(displayWidth('A001')).toBe(4);
    expect(displayWidth('号码A1')).toBe(6);
    expect(wrapText('一二三四五六七八九十', 8)).toEqual(['一二三四', '五六七八', '九十']);
    // Odd width: a hanzi never straddles the edge.
    expect(wrapText('一二三四五', 9)).toEqual(['一二三四', '五']);
  });

  it('does not start a line with closing punctuation', () => {
    expect(wrapText('一二三四，五六', 8)).toEqual(['一二三', '四，五六']);
  });

  it('moves an ASCII word that follows a space to the next line', () => {
    expect(wrapText('热线 12345678', 10)).toEqual(['热线', '12345678']);
    expect(wrapText('abcdefghijkl', 5)).toEqual(['abcde', 'fghij', 'kl']);
  });

  it('keeps explicit line breaks', () => {
    expect(wrapText('甲\n乙', 8)).toEqual(['甲', '乙']);
  });
});

describe('renderTicket', () => {
  it('round-trips through the simulated printer: number, Chinese text, materials, QR, cut', () => {
    const ticket = sampleTicket();
    const [printed, ...rest] = printOut(renderTicket(ticket));
    expect(rest).toEqual([]);
    expect(printed!.cut).toBe(true);
    expect(printed!.qrPayloads).toEqual([ticket.statusUrl]);

    const lines = texts(printed!);
    expect(lines).toContain('示范市政务服务中心');
    expect(lines).toContain('户籍业务');
    expect(lines).toContain('居民身份证换领');
    expect(lines).toContain('【绿色通道】【代办】');
    expect(lines).toContain('前面还有 3 人等候');
    expect(lines).toContain('预计等候约 15 分钟');
    expect(lines).toContain('请留意叫号，到 3号窗口、5号窗口 办理');
    expect(lines).toContain('证件尾号：****002X');
    expect(lines).toContain('取号时间：2024-05-06 09:30');
    expect(lines).toContain('政务服务便民热线 12345');

    const number = printed!.lines.find((l) => l.text === 'A001')!;
    expect(number.bold).toBe(true);
    expect(number.align).toBe('center');
    const biggest = Math.max(...printed!.lines.map((l) => l.size.height));
    expect(number.size.height).toBe(biggest);
    expect(number.size.width).toBe(4);
    for (const l of printed!.lines.filter((x) => x !== number)) expect(l.size.width).toBeLessThan(4);

    // Every material appears, numbered, possibly wrapped with a hanging indent.
    const body = lines.join('\n');
    MATERIALS.forEach((m, i) => {
      const start = lines.findIndex((l) => l.startsWith(`${i + 1}. `));
      expect(start).toBeGreaterThan(-1);
      let joined = lines[start]!.slice(`${i + 1}. `.length);
      for (let k = start + 1; k < lines.length && lines[k]!.startsWith('   '); k++) joined += lines[k]!.trim();
      expect(joined).toBe(m);
    });
    expect(body).not.toContain('\uFFFD');
    // The QR symbol is placed after the materials.
    const qrAt = printed!.lines.findIndex((l) => l.qr !== undefined);
    expect(qrAt).toBeGreaterThan(lines.findIndex((l) => l.startsWith('4. ')));
  });

  it('wraps to 32 columns on 58 mm paper and 48 on 80 mm', () => {
    for (const [paperWidth, cols] of [[58, 32], [80, 48]] as const) {
      const [printed] = printOut(renderTicket(sampleTicket(), { paperWidth }));
      for (const l of printed!.lines) {
        expect(displayWidth(l.text) * l.size.width, `${paperWidth} mm: "${l.text}"`).toBeLessThanOrEqual(cols);
      }
      expect(printed!.lines.some((l) => l.text === '-'.repeat(cols))).toBe(true);
    }
    const narrow = printOut(renderTicket(sampleTicket(), { paperWidth: 58 }))[0]!.lines.length;
    const wide = printOut(renderTicket(sampleTicket(), { paperWidth: 80 }))[0]!.lines.length;
    expect(narrow).toBeGreaterThan(wide);
  });

  it('shrinks the number only as far as needed to fit', () => {
    const [printed] = printOut(renderTicket(sampleTicket({ number: 'VIP0001' }), { paperWidth: 58, numberSize: 8 }));
    const number = printed!.lines.find((l) => l.text === 'VIP0001')!;
    expect(number.size.width).toBe(4); // 7 chars × 4 = 28 ≤ 32, × 5 = 35 > 32
  });

  it('sends the configured cut and optional quadruple size', () => {
    const full = Buffer.from(renderTicket(sampleTicket(), { cut: { function: 'A', partial: false, feedLines: 3 } }));
    expect(full.subarray(-3).toString('hex')).toBe('1d5600');
    const dflt = Buffer.from(renderTicket(sampleTicket()));
    expect(dflt.subarray(-4).toString('hex')).toBe('1d564200');
    expect(dflt.includes(Buffer.from('1c5701', 'hex'))).toBe(false);
    const quad = Buffer.from(renderTicket(sampleTicket(), { quadrupleNumber: true }));
    const at = quad.indexOf(Buffer.from('1c5701', 'hex'));
    expect(at).toBeGreaterThan(-1);
    expect(quad.subarray(at + 3, at + 8).toString('latin1')).toBe('A001\n');
  });

  it('starts with init and Chinese mode, and encodes text as GB18030', () => {
    const bytes = Buffer.from(renderTicket(sampleTicket()));
    expect(bytes.subarray(0, 4).toString('hex')).toBe('1b401c26');
    expect(bytes.includes(iconv.encode('户籍业务', 'GB18030'))).toBe(true);
    expect(bytes.includes(Buffer.from('户籍业务', 'utf8'))).toBe(false);
  });

  it('never prints more than the last four characters of an ID number', () => {
    const [printed] = printOut(renderTicket(sampleTicket({ idTail: '11010519491231002X' })));
    expect(texts(printed!)).toContain('证件尾号：****002X');
    expect(texts(printed!).join('')).not.toContain('110105');
  });

  it('leaves out optional lines when there is nothing to say', () => {
    const { itemName: _i, estimatedWaitMinutes: _e, idTail: _d, ...rest } = sampleTicket();
    const [printed] = printOut(renderTicket({ ...rest, tags: [], materials: [], windows: [] }));
    const body = texts(printed!).join('\n');
    expect(body).not.toMatch(/预计|证件|材料|窗口|【/);
    expect(body).toContain('A001');
    expect(printed!.qrPayloads).toHaveLength(1);
  });
});

describe('renderSlip', () => {
  it('prints the title, every line wrapped, and cuts', () => {
    const lines = ['需补正材料：', ...MATERIALS.map((m, i) => `${i + 1}. ${m}`)];
    const [printed] = printOut(renderSlip(lines, '一次性告知单', { paperWidth: 58 }));
    expect(printed!.cut).toBe(true);
    expect(printed!.lines[0]).toMatchObject({ text: '一次性告知单', bold: true, align: 'center', size: { width: 2, height: 2 } });
    const body = texts(printed!).join('').replace(/ /g, '');
    for (const l of lines) expect(body).toContain(l.replace(/ /g, ''));
    // Numbered lines continue under their text, not under the number.
    const third = printed!.lines.findIndex((l) => l.text.startsWith('3. '));
    expect(printed!.lines[third + 1]!.text).toMatch(/^ {3}\S/);
    for (const l of printed!.lines) expect(displayWidth(l.text) * l.size.width).toBeLessThanOrEqual(32);
  });
});

describe('Chinese size commands and cut modes', () => {
  const has = (bytes: Uint8Array, seq: number[]) => Buffer.from(bytes).includes(Buffer.from(seq));
  const ticket = sampleTicket({ hallName: '示范大厅' });

  it("'gs' sizes Chinese text with GS ! only, 'fs' with FS ! only, 'both' (default) with both", () => {
    const gs = renderTicket(ticket, { chineseSize: 'gs' });
    const fs = renderTicket(ticket, { chineseSize: 'fs' });
    const both = renderTicket(ticket);
    expect(has(gs, [0x1c, 0x21, 0x0c])).toBe(false);
    expect(has(fs, [0x1c, 0x21, 0x0c])).toBe(true);
    expect(has(both, [0x1d, 0x21, 0x11, 0x1c, 0x21, 0x0c])).toBe(true);
    const hall = (bytes: Uint8Array) => printOut(bytes)[0]!.lines.find((l) => l.text === '示范大厅')!;
    expect(hall(gs)).toMatchObject({ size: { width: 2, height: 2 } });
    expect(hall(gs).kanjiSize).toBeUndefined();
    expect(hall(fs)).toMatchObject({ size: { width: 1, height: 1 }, kanjiSize: { width: 2, height: 2 } });
    // The ticket number is ASCII: GS ! enlarges it whatever the Chinese setting.
    expect(printOut(fs)[0]!.lines.find((l) => l.text === ticket.number)!.size.width).toBeGreaterThan(1);
  });

  it("cut 'none' feeds the ticket past the tear bar and sends no GS V", () => {
    const bytes = renderTicket(ticket, { cut: { function: 'none' } });
    expect(has(bytes, [0x1d, 0x56])).toBe(false);
    expect(has(bytes, [0x1b, 0x64, 4])).toBe(true);
    expect(printOut(bytes)).toEqual([]);
  });

  it('the QR module size is the configured one', () => {
    expect(has(renderTicket(ticket, { qr: { moduleSize: 9 } }), [0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 9])).toBe(true);
  });
});
