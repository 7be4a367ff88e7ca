/**
 * What a screen may tell from a ticket.print_result's reason. The reason text is for staff (the audit,
 * the logs); a kiosk only needs to know whether the printer is offline (its agent PC is not connected:
 * go to the information desk or reprint later) or failed in another way. The server starts the reason
 * of an offline printer with this prefix, and the kiosk tests for it here, so the two never drift.
 */
export const PRINTER_OFFLINE_PREFIX = 'printer offline';

export function isPrinterOffline(reason: unknown): boolean {
  return typeof reason === 'string' && reason.startsWith(PRINTER_OFFLINE_PREFIX);
}

/** A printer's warning that its roll runs low (the agent reports "paper near end (纸将用尽)"). */
export const PAPER_NEAR_END_PREFIX = 'paper near end';

export function isPaperNearEnd(warning: unknown): boolean {
  return typeof warning === 'string' && warning.startsWith(PAPER_NEAR_END_PREFIX);
}
