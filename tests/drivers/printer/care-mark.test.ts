import { describe, expect, it } from 'vitest';
import { EscPosDecoder } from '../../../drivers/printer/escpos-decoder.ts';
import { TicketAssembler } from '../../../drivers/printer/printed.ts';
import { renderTicket } from '../../../drivers/printer/ticket-layout.ts';
import { sampleTicket } from './fixtures.ts';

/** The care classes are printed as a mark (长者优先 / 关爱优先), never as the reason behind them. */
describe('care class mark on the printed ticket', () => {
  it.each([
    [['elderly'] as const, '【长者优先】'],
    [['green', 'assisted'] as const, '【绿色通道】【关爱优先】'],
  ])('%j prints %s', (tags, mark) => {
    const decoder = new EscPosDecoder();
    const assembler = new TicketAssembler();
    for (const cmd of decoder.push(renderTicket(sampleTicket({ tags: [...tags] })))) assembler.apply(cmd);
    const lines = assembler.tickets[0]!.lines.map((l) => l.text);
    expect(lines).toContain(mark);
    expect(lines.join('')).not.toMatch(/残疾|孕妇/);
  });
});
