import { z } from 'zod';
import { KioskScanResult } from '../contract/kiosk-access.ts';
import { KioskPrinterState } from '../contract/kiosk-printer.ts';
import { GuideSlipResult, HallCatalogue, Health, TicketReceipt } from '../contract/responses.ts';
import { api } from '../ui-kit/api.ts';
import type { HallData, Receipt } from './hall-data.ts';

/** A ticket by a card read (identityRef), by a typed ID number (and name), or without identity. */
export type IssueBody = { item: string; identityRef?: string; idNumber?: string; name?: string };
export type CheckInBody = { code: string } | { identityRef: string };

/** POST /api/kiosk/help answers 204. */
const NoContent = z.undefined();

/** The server calls a kiosk makes; injected so screens can be tested without a server. */
export interface KioskClient {
  hall(): Promise<HallData>;
  issue(body: IssueBody): Promise<Receipt>;
  checkIn(body: CheckInBody): Promise<Receipt>;
  reprint(ticketId: string, identityRef?: string): Promise<Receipt>;
  /** Prints the item's 一次性告知 slip on this kiosk's printer. */
  printGuide(item: string): Promise<GuideSlipResult>;
  /** Resolves when the server answers at all (used by the offline overlay's retries). */
  ping(): Promise<void>;
  /** 帮办: tells the help window and supervisors that someone at this kiosk needs a person. */
  help(screen: string): Promise<void>;
  /** This kiosk's own printer, read before a citizen takes a number. */
  printer(): Promise<KioskPrinterState>;
  /** A code a keyboard-mode scanner typed into the page: a verified e-ID or a booking code. */
  scan(code: string): Promise<KioskScanResult>;
}

export function httpClient(token: string): KioskClient {
  const o = { token };
  return {
    hall: () => api('/api/hall', HallCatalogue, o),
    issue: (body) => api('/api/kiosk/tickets', TicketReceipt, { ...o, method: 'POST', body }),
    checkIn: (body) => api('/api/kiosk/checkin', TicketReceipt, { ...o, method: 'POST', body }),
    reprint: (id, identityRef) => api(`/api/kiosk/tickets/${encodeURIComponent(id)}/reprint`, TicketReceipt, { ...o, method: 'POST', body: identityRef ? { identityRef } : {} }),
    printGuide: (item) => api('/api/kiosk/guide-slips', GuideSlipResult, { ...o, method: 'POST', body: { item } }),
    ping: async () => {
      await api('/api/health', Health);
    },
    help: async (screen) => {
      await api('/api/kiosk/help', NoContent, { ...o, method: 'POST', body: { screen } });
    },
    printer: () => api('/api/kiosk/printer', KioskPrinterState, o),
    scan: (code) => api('/api/kiosk/scan', KioskScanResult, { ...o, method: 'POST', body: { code } }),
  };
}
