import { describe, expect, it } from 'vitest';
import { announcement, spellTicketEn, spellTicketZh } from '../../../server/queue/phrase.ts';

describe('voice phrase', () => {
  it('reads digits one by one by default', () => {
    expect(spellTicketZh('A001')).toBe('A零零一');
    expect(spellTicketZh('B120')).toBe('B一二零');
  });
  it('reads the number as a number when configured', () => {
    expect(spellTicketZh('A001', { digitByDigit: false })).toBe('A一');
    expect(spellTicketZh('A010', { digitByDigit: false })).toBe('A十');
    expect(spellTicketZh('A015', { digitByDigit: false })).toBe('A十五');
    expect(spellTicketZh('A105', { digitByDigit: false })).toBe('A一百零五');
    expect(spellTicketZh('A120', { digitByDigit: false })).toBe('A一百二十');
    expect(spellTicketZh('A1005', { digitByDigit: false })).toBe('A一千零五');
  });
  it('reads 一 as 幺 when the hall asks for it', () => {
    expect(spellTicketZh('A011', { oneAsYao: true })).toBe('A零幺幺');
  });
  it('fills both templates', () => {
    const p = announcement('请{ticket}号到{window}号窗口办理', 'Number {ticket}, please go to window {window}', 'A001', 3);
    expect(p.zh).toBe('请A零零一号到3号窗口办理');
    expect(p.en).toBe('Number A zero zero one, please go to window 3');
    expect(spellTicketEn('C12')).toBe('C one two');
  });
});
