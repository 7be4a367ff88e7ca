import type { StationAccountBody, StationActivity, StationTicketBody, StationTicketView } from '../../contract/booking.ts';
import type { StationAccounts, StationPrincipal } from '../auth/station-accounts.ts';
import { DomainError } from '../common/errors.ts';
import type { HallContext } from '../context.ts';
import { audited } from './audited.ts';
import type { BookingService } from './booking.ts';
import { actorOf, type Caller } from './caller.ts';
import { statusUrl } from './receipt.ts';

/**
 * What a village or township station does at the county hall (seed 六, 代办): take a number for a
 * citizen now (the ticket is marked 代办, proxy = 1, and recorded as the station's), and see the state of
 * what it booked and took. Bookings go through BookingService.bookForStation.
 */
export class StationDesk {
  constructor(
    private readonly ctx: HallContext,
    private readonly accounts: StationAccounts,
    private readonly booking: BookingService,
  ) {
    booking.stationName = (code) => accounts.name(code);
  }

  takeNumber(station: StationPrincipal, body: StationTicketBody, caller: Caller): StationTicketView {
    const identity = body.idNumber ? this.ctx.identity.protect(body.idNumber, body.name, this.ctx.clock.now()) : undefined;
    const ticketId = audited(this.ctx, caller, { action: 'ticket.issue-for', target: (id: string) => this.ctx.engine.core.ticket(id).number, detail: { station: station.code } }, (tx) => {
      const r = this.ctx.engine.issuer.issueInTx(tx, { item: body.item, source: 'api', proxy: true, proxyBy: station.name, actor: actorOf(caller.principal), ...(identity ? { identity } : {}) });
      this.ctx.engine.core.db.prepare('INSERT INTO station_tickets (ticket_id, station, created_at) VALUES (?, ?, ?)').run(r.ticket.id, station.code, tx.now.toISOString());
      return r.ticket.id;
    });
    return this.ticketView(ticketId);
  }

  private ticketView(id: string): StationTicketView {
    const t = this.ctx.engine.core.ticket(id);
    const c = this.ctx.engine.catalog;
    return {
      id: t.id,
      number: t.number,
      queueName: c.queues.get(t.queue)?.name ?? t.queue,
      itemName: t.item ? (c.items.get(t.item)?.name ?? t.item) : null,
      state: t.state,
      window: t.window,
      peopleAhead: t.state === 'waiting' ? this.ctx.engine.views.peopleAhead(t.id) : 0,
      issuedAt: t.issuedAt,
      nameMasked: t.nameMasked,
      statusUrl: statusUrl(this.ctx, t.id),
    };
  }

  /** This station's bookings (from a week back) and today's tickets, with their state now. */
  activity(station: StationPrincipal): StationActivity {
    const row = this.accounts.get(station.code)!;
    const today = this.ctx.engine.core.today();
    const ids = this.ctx.engine.core.db
      .prepare('SELECT st.ticket_id FROM station_tickets st JOIN tickets t ON t.id = st.ticket_id WHERE st.station = ? AND t.day = ? ORDER BY st.created_at DESC LIMIT 200')
      .all(station.code, today) as { ticket_id: string }[];
    return {
      station: { code: row.code, name: row.name, level: row.level },
      bookings: this.booking.stationBookings(station.code),
      tickets: ids.map((r) => this.ticketView(r.ticket_id)),
    };
  }

  /** Admin: a new station account (its password hashed before the store sees it). */
  async createAccount(body: StationAccountBody, caller: Caller): Promise<void> {
    if (this.accounts.exists(body.code)) throw new DomainError('conflict', 'ALREADY_EXISTS', `站点账号 ${body.code} 已存在。`);
    const hash = await this.accounts.hash(body.password);
    audited(this.ctx, caller, { action: 'station.create', target: body.code }, () => {
      if (this.accounts.exists(body.code)) throw new DomainError('conflict', 'ALREADY_EXISTS', `站点账号 ${body.code} 已存在。`);
      this.accounts.insert(body.code, body.name, body.level, hash);
    });
  }

  /** Admin: retire a station account; its sessions end at once. */
  retireAccount(code: string, caller: Caller): void {
    if (!this.accounts.exists(code)) throw new DomainError('not_found', 'NOT_FOUND', `没有站点账号 ${code}。`);
    audited(this.ctx, caller, { action: 'station.retire', target: code }, () => this.accounts.retire(code));
  }

  /** Admin: a new password for a station account; its sessions end. */
  async resetPassword(code: string, password: string, caller: Caller): Promise<void> {
    if (!this.accounts.exists(code)) throw new DomainError('not_found', 'NOT_FOUND', `没有站点账号 ${code}。`);
    const hash = await this.accounts.hash(password);
    audited(this.ctx, caller, { action: 'station.password', target: code }, () => this.accounts.setPassword(code, hash));
  }
}
