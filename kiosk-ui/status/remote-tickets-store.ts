/**
 * The remote numbers this phone took, so the hall's 我已到达 QR (/remote?arrive=…) knows which ticket to
 * check in. Only the ticket id, its signed status key and the number (no personal data); the last few
 * only, and the server says which of them still wait as 未到场.
 */
export interface HeldTicket {
  ticketId: string;
  key: string;
  number: string;
}

const KEY = 'hallq.remote.tickets';
const KEEP = 5;

export function heldTickets(): HeldTicket[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]') as HeldTicket[];
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

export function holdTicket(t: HeldTicket): void {
  const list = [...heldTickets().filter((x) => x.ticketId !== t.ticketId), t].slice(-KEEP);
  localStorage.setItem(KEY, JSON.stringify(list));
}
