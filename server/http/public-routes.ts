import { z } from 'zod';
import type { HallContext } from '../context.ts';
import { TicketStatus, EventsPage, HallCatalogue, Health, ItemGuide, QueuesStatus } from '../../contract/responses.ts';
import { buildSnapshot } from '../usecases/snapshot.ts';
import { remoteStatusFields } from '../usecases/remote.ts';
import { projectEvent } from '../usecases/projection.ts';
import { DomainError } from '../common/errors.ts';
import { EVERYONE, type AddRoute } from './route.ts';
import { localParts } from '../common/hall-time.ts';
import { periodsOn } from '../queue/hours.ts';
import { pinyinInitials } from './pinyin.ts';
import { Snapshot } from '../../contract/snapshot.ts';
import type { HealthProblem } from '../../contract/responses.ts';
import type { StorageStatus } from '../store/storage-guard.ts';

const EventsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const StatusQuery = z.object({ k: z.string().min(1).max(64) });

/** A full or failing storage makes the hall degraded; reads keep working. */
function healthProblems(storage: StorageStatus): { status: 'ok' | 'degraded'; problems: HealthProblem[] } {
  if (storage.state === 'ok') return { status: 'ok', problems: [] };
  return {
    status: 'degraded',
    problems: [{ code: storage.state === 'full' ? 'STORAGE_FULL' : 'STORAGE_ERROR', message: storage.message ?? '', en: storage.en ?? '', since: storage.since }],
  };
}

/** What anyone in the hall may read: the catalogue and guide, queue status, the public snapshot, a ticket's status. */
export function publicRoutes(add: AddRoute, ctx: HallContext): void {
  const { engine } = ctx;

  add({ method: 'get', path: '/api/health', summary: 'Liveness, degraded storage and the current seq', tag: 'public', response: Health, allow: EVERYONE }, () => ({
    ok: true,
    ...healthProblems(engine.core.storage.status()),
    seq: engine.core.log.lastSeq(),
    day: engine.core.today(),
    ...(ctx.uplink ? { uplink: ctx.uplink.status() } : {}),
  }));

  add({ method: 'get', path: '/api/hall', summary: 'Hall information, departments, queues and the service catalogue', tag: 'public', response: HallCatalogue, allow: EVERYONE }, () => {
    const c = engine.catalog;
    const now = ctx.clock.now();
    const local = localParts(now, c.hall.timezone);
    return {
      hall: { code: c.hall.code, name: c.hall.name, level: c.hall.level, region: c.hall.region ?? null, address: c.hall.address ?? null, phone: c.hall.phone ?? null, hotline: c.hall.hotline, complaintUrl: c.hall.complaintUrl ?? null, timezone: c.hall.timezone, display: c.hall.display },
      today: local.date,
      departments: [...c.departments.values()].filter((d) => !d.retired),
      queues: [...c.queues.values()].filter((q) => q.active).map((q) => ({
        code: q.code,
        name: q.name,
        prefix: q.prefix,
        idRequirement: q.idRequirement,
        todayHours: (() => {
          const p = periodsOn(local.date, local.weekday, c.hall.hours, q);
          return [...p.regular, ...p.extended];
        })(),
        windows: c.windowsByQueue.get(q.code) ?? [],
        ...(q.dailyCap !== undefined ? { dailyCap: q.dailyCap } : {}),
      })),
      items: [...c.items.values()].filter((i) => !i.retired).map((i) => ({ ...i, pinyinInitials: pinyinInitials(i.name) })),
      kioskAccess: c.rules.kioskAccess,
    };
  });

  add({ method: 'get', path: '/api/items/:code', summary: 'One service item with its full guide (办事指南)', tag: 'public', response: ItemGuide, allow: EVERYONE }, ({ params }) => {
    const item = engine.catalog.items.get(params.code ?? '');
    if (!item || item.retired) throw new DomainError('not_found', 'UNKNOWN_ITEM', '没有找到该办理事项。');
    return { item, department: engine.catalog.departments.get(item.department) ?? null, windows: engine.catalog.windowsByQueue.get(item.queue) ?? [] };
  });

  add({ method: 'get', path: '/api/queues/status', summary: 'Waiting count and estimated wait per queue', tag: 'public', response: QueuesStatus, allow: EVERYONE }, () => ({
    seq: engine.core.log.lastSeq(),
    queues: engine.views.queueStatus(),
  }));

  add({ method: 'get', path: '/api/snapshot', summary: 'The hall as it is now, scoped to the caller', tag: 'public', response: Snapshot, allow: EVERYONE }, ({ principal }) =>
    buildSnapshot(ctx, principal),
  );

  add(
    { method: 'get', path: '/api/events', summary: 'Events after a seq, scoped to the caller', tag: 'public', response: EventsPage, allow: EVERYONE, query: EventsQuery },
    ({ principal, query }) => {
      const events = engine.core.log.after(query.after, query.limit).flatMap((e) => {
        const p = projectEvent(ctx, principal, e);
        return p ? [p] : [];
      });
      return { seq: engine.core.log.lastSeq(), events };
    },
  );

  add(
    { method: 'get', path: '/api/tickets/:id/status', summary: 'Ticket status for the phone page (signed key from the QR)', tag: 'public', response: TicketStatus, allow: EVERYONE, query: StatusQuery },
    ({ params, query }) => {
      const id = params.id ?? '';
      if (!ctx.statusKeys.verify(id, query.k)) throw new DomainError('not_found', 'UNKNOWN_TICKET', '没有找到该号票，请重新扫描号票上的二维码。');
      const t = engine.core.ticket(id);
      const peopleAhead = engine.views.peopleAhead(id);
      const queue = engine.catalog.queues.get(t.queue);
      const status: TicketStatus = {
        number: t.number,
        queue: t.queue,
        queueName: queue?.name ?? t.queue,
        item: t.item ? (engine.catalog.items.get(t.item)?.name ?? null) : null,
        state: t.state,
        window: t.window,
        peopleAhead,
        estimatedWaitMinutes: t.state === 'waiting' ? (engine.views.waitEstimateFor(id)?.minutes ?? 0) : 0,
        waitEstimate: t.state === 'waiting' ? engine.views.waitEstimateFor(id) : null,
        issuedAt: t.issuedAt,
        calledAt: t.calledAt,
        seq: engine.core.log.lastSeq(),
        ...remoteStatusFields(ctx, id),
      };
      return status;
    },
  );

  // POST /api/appointments (booking by API) is registered with the booking routes (http/booking-routes.ts).
}
