import type { HallEvent } from '../../../contract/events.ts';
import { projectCaseSteps, projectEvaluationRecord } from './evaluation-projection.ts';
import type { TicketView } from '../../../contract/ticket.ts';
import type { Db } from '../db.ts';

/**
 * Tickets, counters, windows, appointments, evaluations and 差评 cases rebuilt from events. Each event
 * carries the ticket as it is after the change and, in `row`, the columns its view leaves out (serial,
 * numbering queue, order key, window status and streak, the appointment). ID hashes never travel, so
 * a rebuilt ticket or appointment has none: per-ID limits restart for the tickets already issued.
 */
export class HallProjection {
  private readonly upsertTicket;
  private readonly ticketExtras;
  private readonly bumpCounter;
  private readonly setWindow;
  private readonly upsertAppointment;
  private readonly insertEvaluation;
  private readonly insertCase;

  constructor(private readonly db: Db) {
    this.upsertTicket = db.prepare(`INSERT INTO tickets (id, day, number, number_queue, serial, queue, item, source, priority, green_reason, proxy, proxy_by,
        id_hash, id_masked, name_masked, state, sort_key, due_at, target_window, issued_at, called_at, started_at, finished_at, window, staff_badge,
        recall_count, outcome, evaluation, close_reason, note, kiosk, printed, appointment_id, care_class, arrival_code)
      VALUES (@id, @day, @number, @number_queue, @serial, @queue, @item, @source, @priority, @green_reason, @proxy, @proxy_by,
        NULL, @id_masked, @name_masked, @state, @sort_key, @due_at, @target_window, @issued_at, @called_at, @started_at, @finished_at, @window, @staff_badge,
        @recall_count, @outcome, @evaluation, @close_reason, @note, @kiosk, @printed, @appointment_id, @care_class, @arrival_code)
      ON CONFLICT(id) DO UPDATE SET queue = excluded.queue, item = excluded.item, source = excluded.source, priority = excluded.priority,
        green_reason = excluded.green_reason, proxy = excluded.proxy, proxy_by = excluded.proxy_by, id_masked = excluded.id_masked, name_masked = excluded.name_masked,
        state = excluded.state, sort_key = excluded.sort_key, due_at = excluded.due_at, target_window = excluded.target_window,
        issued_at = excluded.issued_at, called_at = excluded.called_at, started_at = excluded.started_at, finished_at = excluded.finished_at,
        window = excluded.window, staff_badge = excluded.staff_badge, recall_count = excluded.recall_count, outcome = excluded.outcome,
        evaluation = excluded.evaluation, close_reason = excluded.close_reason, note = excluded.note, kiosk = excluded.kiosk,
        printed = excluded.printed, appointment_id = excluded.appointment_id, care_class = excluded.care_class,
        arrival_code = COALESCE(excluded.arrival_code, arrival_code)`);
    this.ticketExtras = db.prepare('SELECT serial, number_queue, sort_key, appointment_id FROM tickets WHERE id = ?');
    this.bumpCounter = db.prepare(`INSERT INTO counters (day, queue, last_no) VALUES (?, ?, ?)
      ON CONFLICT(day, queue) DO UPDATE SET last_no = MAX(last_no, excluded.last_no)`);
    this.setWindow = db.prepare('UPDATE windows SET status = @status, pause_reason = @pause_reason, staff_badge = @staff_badge, priority_streak = @priority_streak WHERE number = @number');
    this.upsertAppointment = db.prepare(`INSERT INTO appointments (id, code, item, queue, date, slot_start, slot_end, id_hash, id_masked, name_masked, phone_masked, state, ticket_id, created_at)
      VALUES (@id, @code, @item, @queue, @date, @slot_start, @slot_end, NULL, @id_masked, @name_masked, @phone_masked, @state, @ticket_id, @created_at)
      ON CONFLICT(id) DO UPDATE SET state = excluded.state, ticket_id = excluded.ticket_id, id_masked = excluded.id_masked,
        name_masked = excluded.name_masked, phone_masked = excluded.phone_masked`);
    this.insertEvaluation = db.prepare(`INSERT INTO evaluations (ticket_id, level, dimensions, reason, source, window, staff_badge, at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(ticket_id) DO NOTHING`);
    this.insertCase = db.prepare(`INSERT INTO cases (id, ticket_id, window, staff_badge, level, reason, due_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING`);
  }

  apply(e: HallEvent): void {
    if (e.ticket) this.ticket(e, e.ticket);
    this.window(e);
    if (e.row?.appointment) this.appointment(e.row.appointment);
    else if (e.type === 'appointment.booked') this.bookedWithoutRow(e);
    else if (e.type === 'appointment.cancelled' && typeof e.data.appointmentId === 'string')
      this.db.prepare("UPDATE appointments SET state = 'cancelled' WHERE id = ?").run(e.data.appointmentId);
    if (e.type === 'ticket.evaluated' && e.ticket) this.evaluated(e, e.ticket);
    if (e.type === 'day.rolled_over' && typeof e.data.to === 'string') {
      // The rollover expires unused appointments of earlier days in one statement, not one event each.
      this.db.prepare("UPDATE appointments SET state = 'expired' WHERE date < ? AND state = 'booked'").run(e.data.to);
    }
    if (e.type.startsWith('case.')) (this.caseEvent(e), projectCaseSteps(this.db, e));
    if (e.type === 'evaluation.recorded') projectEvaluationRecord(this.db, e);
    if (e.type === 'numbering.advanced' && typeof e.data.day === 'string' && Array.isArray(e.data.counters)) {
      // A restore moved the counters past what had been printed: a rebuilt hall keeps that.
      for (const c of e.data.counters as { queue: string; to: number }[]) this.bumpCounter.run(e.data.day, c.queue, c.to);
    }
  }

  private ticket(e: HallEvent, t: TicketView): void {
    const known = this.ticketExtras.get(t.id) as { serial: number; number_queue: string; sort_key: number; appointment_id: string | null } | undefined;
    const extras = e.row?.ticket;
    // Events written before `row` existed: keep what an earlier event gave, else derive from the number.
    const serial = extras?.serial ?? known?.serial ?? Number(t.number.replace(/^\D+/, ''));
    const numberQueue = extras?.numberQueue ?? known?.number_queue ?? t.queue;
    const sortKey = extras?.sortKey ?? known?.sort_key ?? Date.parse(t.issuedAt) + serial / 1000;
    const appointmentId = extras ? extras.appointmentId : (known?.appointment_id ?? null);
    this.upsertTicket.run({
      id: t.id,
      day: t.day,
      number: t.number,
      number_queue: numberQueue,
      serial,
      queue: t.queue,
      item: t.item,
      source: t.source,
      priority: t.priority,
      green_reason: t.greenReason,
      proxy: t.proxy ? 1 : 0,
      proxy_by: t.proxyBy ?? null,
      id_masked: t.idMasked,
      name_masked: t.nameMasked,
      state: t.state,
      sort_key: sortKey,
      due_at: t.dueAt,
      target_window: t.targetWindow,
      issued_at: t.issuedAt,
      called_at: t.calledAt,
      started_at: t.startedAt,
      finished_at: t.finishedAt,
      window: t.window,
      staff_badge: t.staffBadge,
      recall_count: t.recallCount,
      outcome: t.outcome,
      evaluation: t.evaluation,
      close_reason: t.closeReason,
      note: t.note,
      kiosk: t.kiosk,
      printed: t.printed === null ? null : t.printed ? 1 : 0,
      appointment_id: appointmentId,
      care_class: t.careClass ?? null,
      arrival_code: extras?.arrivalCode ?? null,
    });
    // Numbers continue after the highest serial a queue handed out that day.
    this.bumpCounter.run(t.day, numberQueue, serial);
  }

  private window(e: HallEvent): void {
    const w = e.row?.window;
    if (w) {
      this.setWindow.run({ number: w.number, status: w.status, pause_reason: w.pauseReason, staff_badge: w.staffBadge, priority_streak: w.priorityStreak });
      return;
    }
    if (e.window === null) return;
    // Events written before `row` existed: the window's status from the event's meaning.
    const set = (status: string, reason: string | null, badge: string | null | undefined) =>
      this.db
        .prepare('UPDATE windows SET status = ?, pause_reason = ?, staff_badge = COALESCE(?, staff_badge) WHERE number = ?')
        .run(status, reason, badge ?? null, e.window);
    if (e.type === 'window.opened') set('open', null, typeof e.data.badge === 'string' ? e.data.badge : null);
    else if (e.type === 'window.paused') set('paused', typeof e.data.reason === 'string' ? e.data.reason : null, null);
    else if (e.type === 'window.closed')
      this.db.prepare("UPDATE windows SET status = 'closed', pause_reason = NULL, staff_badge = NULL, priority_streak = 0 WHERE number = ?").run(e.window);
  }

  private appointment(a: NonNullable<NonNullable<HallEvent['row']>['appointment']>): void {
    this.upsertAppointment.run({
      id: a.id,
      code: a.code,
      item: a.item,
      queue: a.queue,
      date: a.date,
      slot_start: a.slotStart,
      slot_end: a.slotEnd,
      id_masked: a.idMasked,
      name_masked: a.nameMasked,
      phone_masked: a.phoneMasked,
      state: a.state,
      ticket_id: a.ticketId,
      created_at: a.createdAt,
    });
  }

  private bookedWithoutRow(e: HallEvent): void {
    const d = e.data as Record<string, string>;
    this.appointment({
      id: d.appointmentId!, code: d.code!, item: d.item!, queue: d.queue!, date: d.date!, slotStart: d.slotStart!, slotEnd: d.slotEnd!,
      state: 'booked', ticketId: null, idMasked: null, nameMasked: null, phoneMasked: null, createdAt: e.at,
    });
  }

  private evaluated(e: HallEvent, t: TicketView): void {
    const d = e.data as { level: string; dimensions?: unknown; reason?: string | null; source: string; caseId?: number | null };
    this.insertEvaluation.run(t.id, d.level, d.dimensions ? JSON.stringify(d.dimensions) : null, d.reason ?? null, d.source, t.window, t.staffBadge, e.at);
    if (typeof d.caseId === 'number') {
      // As the engine opens it; `case.*` events, when the log has them, carry the case as it is after each change.
      const due = new Date(Date.parse(e.at) + 24 * 3600_000).toISOString();
      this.insertCase.run(d.caseId, t.id, t.window, t.staffBadge, d.level, d.reason ?? null, due, e.at, e.at);
    }
  }

  /**
   * `case.opened|assigned|contacted|resolved|noted`: the case view after the change (`data.case`, or
   * the data itself) and the history it gained (`data.history` as the whole history, or `data.entry`).
   */
  private caseEvent(e: HallEvent): void {
    const data = e.data as Record<string, unknown>;
    const view = (isRecord(data.case) ? data.case : data) as Record<string, unknown>;
    const id = typeof view.id === 'number' ? view.id : typeof data.caseId === 'number' ? data.caseId : undefined;
    if (id === undefined) return;
    if (typeof view.ticketId === 'string' && typeof view.level === 'string') {
      this.db
        .prepare(`INSERT INTO cases (id, ticket_id, window, staff_badge, level, reason, state, assignee, due_at, created_at, updated_at, contacted_at, resolved_at)
            VALUES (@id, @ticket_id, @window, @staff_badge, @level, @reason, @state, @assignee, @due_at, @created_at, @updated_at, @contacted_at, @resolved_at)
          ON CONFLICT(id) DO UPDATE SET window = excluded.window, staff_badge = excluded.staff_badge, level = excluded.level, reason = excluded.reason,
            state = excluded.state, assignee = excluded.assignee, due_at = excluded.due_at, created_at = excluded.created_at,
            updated_at = excluded.updated_at, contacted_at = excluded.contacted_at, resolved_at = excluded.resolved_at`)
        .run({
          id,
          ticket_id: view.ticketId,
          window: (view.window as number | null | undefined) ?? null,
          staff_badge: (view.staffBadge as string | null | undefined) ?? null,
          level: view.level,
          reason: (view.reason as string | null | undefined) ?? null,
          state: (view.state as string | undefined) ?? 'open',
          assignee: (view.assignee as string | null | undefined) ?? null,
          due_at: (view.dueAt as string | undefined) ?? e.at,
          created_at: (view.createdAt as string | undefined) ?? e.at,
          updated_at: (view.updatedAt as string | undefined) ?? e.at,
          contacted_at: (view.contactedAt as string | null | undefined) ?? null,
          resolved_at: (view.resolvedAt as string | null | undefined) ?? null,
        });
    }
    const history = Array.isArray(data.history) ? data.history : Array.isArray(view.history) ? view.history : isRecord(data.entry) ? null : undefined;
    const have = (this.db.prepare('SELECT COUNT(*) AS n FROM case_history WHERE case_id = ?').get(id) as { n: number }).n;
    const entries = history ? history.slice(have) : isRecord(data.entry) ? [data.entry] : [];
    const insert = this.db.prepare(`INSERT INTO case_history (case_id, at, actor, action, from_state, to_state, assignee, note)
      VALUES (@case_id, @at, @actor, @action, @from_state, @to_state, @assignee, @note)`);
    for (const h of entries as Record<string, unknown>[]) {
      insert.run({
        case_id: id,
        at: (h.at as string | undefined) ?? e.at,
        actor: (h.actor as string | undefined) ?? (e.actor.id ? `${e.actor.kind}:${e.actor.id}` : e.actor.kind),
        action: h.action,
        from_state: (h.fromState as string | null | undefined) ?? null,
        to_state: (h.toState as string | null | undefined) ?? null,
        assignee: (h.assignee as string | null | undefined) ?? null,
        note: (h.note as string | null | undefined) ?? null,
      });
    }
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
