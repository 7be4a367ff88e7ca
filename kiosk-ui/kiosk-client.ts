import { api } from '../ui-kit/api.ts';
import type { HallData, Receipt } from './hall-data.ts';

export type IssueBody = { item: string; identityRef?: string };
export type CheckInBody = { code: string } | { identityRef: string };

/** The server calls a kiosk makes; injected so screens can be tested without a server. */
export interface KioskClient {
  hall(): Promise<HallData>;
  issue(body: IssueBody): Promise<Receipt>;
  checkIn(body: CheckInBody): Promise<Receipt>;
  reprint(ticketId: string, identityRef?: string): Promise<Receipt>;
  /** Prints the item's 一次性告知 slip on this kiosk's printer. */
  printGuide(item: string): Promise<{ printed: boolean }>;
  /** Resolves when the server answers at all (used by the offline overlay's retries). */
  ping(): Promise<void>;
}

export function httpClient(token: string): KioskClient {
  const o = { token };
  return {
    hall: () => api<HallData>('GET', '/api/hall', undefined, o),
    issue: (body) => api<Receipt>('POST', '/api/kiosk/tickets', body, o),
    checkIn: (body) => api<Receipt>('POST', '/api/kiosk/checkin', body, o),
    reprint: (id, identityRef) => api<Receipt>('POST', `/api/kiosk/tickets/${encodeURIComponent(id)}/reprint`, identityRef ? { identityRef } : {}, o),
    printGuide: (item) => api<{ printed: boolean }>('POST', '/api/kiosk/guide-slips', { item }, o),
    ping: async () => {
      await api('GET', '/api/health');
    },
  };
}
