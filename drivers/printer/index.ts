export { PrinterDriver, NOT_CONNECTED, type PrinterDriverOptions, type PrinterDriverEvents, type PrintJobResult } from './driver.ts';
export { PrinterSimulator, type PaperState, type PrinterSimulatorOptions, type PrinterSimulatorEvents } from './simulator.ts';
export {
  renderTicket, renderSlip, TAG_LABELS, PAPER_COLUMNS,
  type PrintableTicket, type TicketTag, type LayoutOptions, type PaperWidth,
} from './ticket-layout.ts';
export { DEFAULT_CUT, DEFAULT_QR, type CutOptions, type QrOptions, type QrErrorLevel } from './escpos-adapter.ts';
export { faultReason, type PrinterCondition } from './codec.ts';
export { ticketToText, ticketToHtml } from './preview.ts';
export type { PrintedTicket, PrintedLine } from './printed.ts';
