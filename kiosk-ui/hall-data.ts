import type { Period } from '../contract/config.ts';
import type { CatalogueItem, CatalogueQueue, HallCatalogue, TicketReceipt, TicketStatus } from '../contract/responses.ts';

/** The kiosk's names for the contract's response shapes (contract/responses). */
/** GET /api/hall */
export type HallData = HallCatalogue;
export type QueueInfo = CatalogueQueue;
export type ItemInfo = CatalogueItem;
/** What the server answers for a ticket issued, checked in or reprinted. */
export type Receipt = TicketReceipt;
export type { TicketStatus };

export function hoursText(periods: readonly Period[]): string {
  return periods.map((p) => `${p.start}—${p.end}`).join('，');
}
