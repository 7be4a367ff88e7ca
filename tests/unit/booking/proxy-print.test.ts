import { describe, expect, it } from 'vitest';
import { EscPosDecoder } from '../../../drivers/printer/escpos-decoder.ts';
import { TicketAssembler, type PrintedTicket } from '../../../drivers/printer/printed.ts';
import { renderTicket } from '../../../drivers/printer/ticket-layout.ts';
import { sampleTicket } from '../../drivers/printer/fixtures.ts';

function printOut(bytes: Uint8Array): PrintedTicket[] {
  const decoder = new EscPosDecoder();
  const assembler = new TicketAssembler();
  for (const cmd of decoder.push(bytes)) assembler.apply(cmd);
  return [...assembler.tickets];
}

describe('a 代办 ticket from a station', () => {
  it('prints the 【代办】 mark and the station’s name', () => {
    const [printed] = printOut(renderTicket(sampleTicket({ tags: ['appointment', 'proxy'], proxyBy: '城西村便民服务站' })));
    const lines = printed!.lines.map((l) => l.text);
    expect(lines.some((l) => l.includes('【预约】【代办】'))).toBe(true);
    expect(lines).toContain('代办站点：城西村便民服务站');
  });

  it('prints no station line on other tickets', () => {
    const [printed] = printOut(renderTicket(sampleTicket({ tags: ['proxy'] })));
    expect(printed!.lines.some((l) => l.text.startsWith('代办站点'))).toBe(false);
  });
});
