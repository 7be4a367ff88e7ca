import { afterEach, describe, expect, it } from 'vitest';
import { Queue } from '../../../contract/config.ts';
import { EscPosDecoder } from '../../../drivers/printer/escpos-decoder.ts';
import { TicketAssembler } from '../../../drivers/printer/printed.ts';
import { renderTicket } from '../../../drivers/printer/ticket-layout.ts';
import { composeStripText } from '../../../drivers/led/strip.ts';
import { announcement, spellTicketEn, spellTicketZh } from '../../../server/queue/phrase.ts';
import { createTestHall, STAFF, testHallConfig, type TestHall } from '../../fixtures/hall.ts';
import { sampleTicket } from '../../drivers/printer/fixtures.ts';
import { expectCode, kioskIssue } from './helpers.ts';

/**
 * Past the number width (99 for width 2, 999 for width 3) a queue does what its `numberOverflow`
 * says: 'refuse' (the default) stops issuing with NUMBERS_EXHAUSTED and leaves nothing behind;
 * 'widen' goes on with one more digit, printed, shown and spoken in full.
 */

let hall: TestHall | undefined;
afterEach(() => {
  hall?.close();
  hall = undefined;
});

function hallWithQa(overflow?: 'refuse' | 'widen'): TestHall {
  const base = testHallConfig();
  const config = testHallConfig({
    queues: base.queues.map((q) => (q.code === 'QA' ? { ...q, numberWidth: 2, ...(overflow ? { numberOverflow: overflow } : {}) } : q)),
  });
  return createTestHall({ config });
}

const counter = (h: TestHall) => (h.db.prepare("SELECT last_no FROM counters WHERE queue = 'QA'").get() as { last_no: number }).last_no;
const ticketsOf = (h: TestHall) => (h.db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE queue = 'QA'").get() as { n: number }).n;

describe('past the number width', () => {
  it('refuses by default (the configured width is what keypads and screens are sized for)', () => {
    expect(Queue.parse({ code: 'QX', name: 'x', prefix: 'X' }).numberOverflow).toBe('refuse');
    hall = hallWithQa();
    const numbers: string[] = [];
    for (let i = 0; i < 99; i++) numbers.push(kioskIssue(hall, { queue: 'QA' }, 0).ticket.number);
    expect(numbers.at(-1)).toBe('A99');
    const events = hall.events.length;
    const refusal = expectCode(() => kioskIssue(hall!, { queue: 'QA' }, 0), 'NUMBERS_EXHAUSTED');
    expect(refusal.message).toBe('今日A类号码已发完（最大A99），请到咨询台咨询。');
    expect(refusal.status).toBe(409);
    // Staff at a window get the same answer: no number past the width is ever handed out.
    expectCode(() => hall!.engine.issuer.issue({ queue: 'QA', source: 'staff', actor: STAFF('T001') }), 'NUMBERS_EXHAUSTED');
    // Nothing half-written: the counter, the tickets and the event log are as before the refusals.
    expect(counter(hall)).toBe(99);
    expect(ticketsOf(hall)).toBe(99);
    expect(hall.events.length).toBe(events);
    // Other queues are not affected.
    expect(kioskIssue(hall, { queue: 'QC' }, 0).ticket.number).toBe('C001');
  });

  it('refuses again the next day only once that day is full, since numbering restarts', () => {
    hall = hallWithQa('refuse');
    for (let i = 0; i < 99; i++) kioskIssue(hall, { queue: 'QA' }, 0);
    expectCode(() => kioskIssue(hall!, { queue: 'QA' }, 0), 'NUMBERS_EXHAUSTED');
    hall.clock.set('2026-12-01T02:00:00Z');
    expect(kioskIssue(hall, { queue: 'QA' }, 0).ticket.number).toBe('A01');
  });

  it('widens by one digit when set to widen, and the number is printed, shown and spoken in full', () => {
    hall = hallWithQa('widen');
    const numbers: string[] = [];
    for (let i = 0; i < 101; i++) numbers.push(kioskIssue(hall, { queue: 'QA' }, 0).ticket.number);
    expect(numbers.slice(97)).toEqual(['A98', 'A99', 'A100', 'A101']);
    expect(new Set(numbers).size).toBe(101);

    // Spoken: digit by digit (the default) and as a number, also at five digits.
    expect(spellTicketZh('A100')).toBe('A一零零');
    expect(spellTicketZh('A1000')).toBe('A一零零零');
    expect(spellTicketZh('A1000', { digitByDigit: false })).toBe('A一千');
    expect(spellTicketZh('A10000', { digitByDigit: false })).toBe('A一万');
    expect(spellTicketZh('A10010', { digitByDigit: false })).toBe('A一万零一十');
    expect(spellTicketZh('A12345', { digitByDigit: false })).toBe('A一万二千三百四十五');
    expect(spellTicketEn('A1000')).toBe('A one zero zero zero');
    expect(announcement('请{ticket}号到{window}号窗口办理', 'Number {ticket}, window {window}', 'A1000', 3).zh).toBe('请A一零零零号到3号窗口办理');

    // Printed: the whole number on one line, at the largest size that fits.
    for (const number of ['A1000', 'AB10000']) {
      const decoder = new EscPosDecoder();
      const assembler = new TicketAssembler();
      for (const cmd of decoder.push(renderTicket(sampleTicket({ number }), { paperWidth: 58 }))) assembler.apply(cmd);
      const lines = [...assembler.tickets][0]!.lines.map((l) => l.text);
      expect(lines).toContain(number);
    }

    // The LED strip text carries it unchanged.
    expect(composeStripText([{ ticket: 'A1000', window: '3' }], [])).toContain('A1000');
  });
});
