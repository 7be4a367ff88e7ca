import type pg from 'pg';
import type { ConsoleAlert, ConsoleQueue, ConsoleRegion, ConsoleWindow, HallLive } from '../../contract/central/console.ts';
import type { ConsoleSource, FedEvent, HallMeta } from '../realtime/ports.ts';
import { FEED_SAFE_SQL } from '../feed.ts';
import { maskName } from './mask.ts';

/** Longest wait that raises a warning (critical at twice), as the hall's own default threshold. */
export const WAIT_ALERT_MINUTES = 30;

interface EventRow {
  feed_seq: string;
  hall: string;
  seq: string;
  type: FedEvent['type'];
  at: Date;
  window_no: number | null;
  queue: string | null;
  number: string | null;
}

const EVENT_COLUMNS = `feed_seq, hall, seq, type, at,
  (body->>'window')::integer AS window_no, body->'ticket'->>'queue' AS queue, body->'ticket'->>'number' AS number`;

/**
 * Rows no transaction still running can number below: feed_seq is the inserting transaction's id
 * × 1000 + the event's place (central/db/migrations), so below the oldest running transaction's id
 * × 1000 nothing can still appear. A replay "after feed_seq N" that stops there never passes an event
 * committed later with a smaller number.
 */
const SETTLED = `feed_seq < ${FEED_SAFE_SQL}`;

/** One row of central_events as the console's event: place and ticket number, nothing personal. */
export const toFedEvent = (r: EventRow): FedEvent => ({
  feedSeq: Number(r.feed_seq),
  hall: r.hall,
  seq: Number(r.seq),
  type: r.type,
  at: r.at.toISOString(),
  window: r.window_no,
  queue: r.queue,
  number: r.number,
});

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

interface SummaryRow {
  code: string;
  name: string;
  kind: string;
  region: string;
  high_water: string;
  diverged: boolean;
  last_contact_at: Date | null;
  clock_at: Date | null;
  clock_seen_at: Date | null;
  waiting: string;
  oldest: Date | null;
  open_windows: string;
  windows: string;
  issued: string | null;
  served: string | null;
  bad_open: string;
  bad_overdue: string;
  faults: { device: string; kind: string | null; place: string | null; reason: string | null; since: string }[] | null;
}

/**
 * The console's reads over the centre's tables: regions, halls, the event feed, and each hall's live
 * summary from the projections (proj_tickets, proj_windows, proj_cases, proj_device_health,
 * proj_daily). Read-only; the projections are written by central/projections/ in the ingest commit.
 */
export function pgConsoleSource(pool: pg.Pool, clock: () => Date = () => new Date()): ConsoleSource {
  return {
    async regions(): Promise<ConsoleRegion[]> {
      const r = await pool.query<ConsoleRegion>('SELECT code, name, level, parent FROM central_regions ORDER BY path');
      return r.rows;
    },

    async halls(): Promise<HallMeta[]> {
      const r = await pool.query<HallMeta>('SELECT code, name, kind, region FROM central_halls ORDER BY code');
      return r.rows;
    },

    async currentFeedSeq(): Promise<number> {
      const r = await pool.query<{ s: string | null }>(`SELECT max(feed_seq) AS s FROM central_events WHERE ${SETTLED}`);
      return Number(r.rows[0]?.s ?? 0);
    },

    async positions() {
      const r = await pool.query<{ code: string; high_water: string; last_contact_at: Date | null }>('SELECT code, high_water, last_contact_at FROM central_halls');
      return new Map(r.rows.map((row) => [row.code, { seq: Number(row.high_water), contactAt: iso(row.last_contact_at) }]));
    },

    async summaries(halls: string[]): Promise<HallLive[]> {
      if (!halls.length) return [];
      // "Today" is the business day of the hall's newest event: the hall's own clock and zone decide it.
      const r = await pool.query<SummaryRow>(
        `WITH h AS (
           SELECT h.*, e.day AS today, e.at AS clock_at, e.received_at AS clock_seen_at
             FROM central_halls h LEFT JOIN central_events e ON e.hall = h.code AND e.seq = h.high_water
            WHERE h.code = ANY($1::text[])
         )
         SELECT h.code, h.name, h.kind, h.region, h.high_water, h.diverged, h.last_contact_at, h.clock_at, h.clock_seen_at,
           (SELECT count(*) FROM proj_tickets t WHERE t.hall = h.code AND t.state = 'waiting') AS waiting,
           (SELECT min(t.issued_at) FROM proj_tickets t WHERE t.hall = h.code AND t.state = 'waiting') AS oldest,
           (SELECT count(*) FROM proj_windows w WHERE w.hall = h.code AND w.status = 'open') AS open_windows,
           (SELECT count(*) FROM proj_catalog c WHERE c.hall = h.code AND c.entity = 'windows' AND NOT c.retired) AS windows,
           (SELECT sum(d.issued) FROM proj_daily d WHERE d.hall = h.code AND d.day = h.today) AS issued,
           (SELECT sum(d.served) FROM proj_daily d WHERE d.hall = h.code AND d.day = h.today) AS served,
           (SELECT count(*) FROM proj_cases c WHERE c.hall = h.code AND c.state = 'open') AS bad_open,
           (SELECT count(*) FROM proj_cases c WHERE c.hall = h.code AND c.state = 'open' AND c.due_at < $2) AS bad_overdue,
           (SELECT json_agg(json_build_object('device', f.device, 'kind', f.kind, 'place', f.place, 'reason', f.reason, 'since', f.since) ORDER BY f.since)
              FROM proj_device_health f WHERE f.hall = h.code AND f.state = 'fault') AS faults
         FROM h ORDER BY h.code`,
        [halls, clock()],
      );
      const now = clock().getTime();
      return r.rows.map((row): HallLive => {
        const alerts: ConsoleAlert[] = [];
        if (row.diverged) alerts.push({ id: 'diverged', kind: 'uplink_diverged', severity: 'critical', since: null, message: '上传数据与中心已有记录不一致，已暂停接收，需管理员处理' });
        for (const f of row.faults ?? []) {
          alerts.push({ id: `device:${f.device}`, kind: 'device_fault', severity: 'warning', since: f.since, message: `设备故障：${f.place ?? f.device}${f.kind ? `（${f.kind}）` : ''}${f.reason ? `，${f.reason}` : ''}` });
        }
        // The hall's time now, by its own clock: its newest event's time plus what has passed since.
        const hallNow = row.clock_at && row.clock_seen_at ? row.clock_at.getTime() + (now - row.clock_seen_at.getTime()) : now;
        const waitMinutes = row.oldest ? (hallNow - row.oldest.getTime()) / 60_000 : 0;
        if (waitMinutes >= WAIT_ALERT_MINUTES) {
          alerts.push({ id: 'wait', kind: 'wait_over', severity: waitMinutes >= 2 * WAIT_ALERT_MINUTES ? 'critical' : 'warning', since: iso(row.oldest), message: `最长等候已达 ${Math.floor(waitMinutes)} 分钟` });
        }
        const badOpen = Number(row.bad_open);
        if (badOpen > 0) {
          const overdue = Number(row.bad_overdue);
          alerts.push({ id: 'bad', kind: 'bad_evaluation', severity: overdue > 0 ? 'critical' : 'warning', since: null, message: overdue > 0 ? `${badOpen} 条差评待回访，其中 ${overdue} 条已超期` : `${badOpen} 条差评待回访` });
        }
        return {
          code: row.code,
          name: row.name,
          kind: row.kind,
          region: row.region,
          lastContactAt: iso(row.last_contact_at),
          hallSeq: Number(row.high_water),
          waiting: Number(row.waiting),
          oldestWaitingSince: iso(row.oldest),
          clock: row.clock_at && row.clock_seen_at ? { at: row.clock_at.toISOString(), seenAt: row.clock_seen_at.toISOString() } : null,
          openWindows: Number(row.open_windows),
          windows: Math.max(Number(row.windows), Number(row.open_windows)),
          issuedToday: Number(row.issued ?? 0),
          servedToday: Number(row.served ?? 0),
          badAwaitingFollowUp: badOpen,
          alerts,
        };
      });
    },

    async detail(hall: string): Promise<{ windows: ConsoleWindow[]; queues: ConsoleQueue[] }> {
      const windows = await pool.query<{
        number: number;
        name: string | null;
        status: ConsoleWindow['status'] | null;
        pause_reason: string | null;
        staff_badge: string | null;
        staff_name: string | null;
        current: string | null;
        current_since: Date | null;
        served: string | null;
      }>(
        `WITH today AS (SELECT e.day FROM central_halls h JOIN central_events e ON e.hall = h.code AND e.seq = h.high_water WHERE h.code = $1),
         nums AS (
           SELECT number FROM proj_windows WHERE hall = $1
           UNION SELECT (code)::integer FROM proj_catalog WHERE hall = $1 AND entity = 'windows' AND NOT retired AND code ~ '^[0-9]+$'
         )
         SELECT n.number, c.value->>'name' AS name, w.status, w.pause_reason, w.staff_badge, s.value->>'name' AS staff_name,
           cur.number AS current, cur.since AS current_since,
           (SELECT sum(d.served) FROM proj_daily d WHERE d.hall = $1 AND d.window_no = n.number AND d.day = (SELECT day FROM today)) AS served
         FROM nums n
         LEFT JOIN proj_windows w ON w.hall = $1 AND w.number = n.number
         LEFT JOIN proj_catalog c ON c.hall = $1 AND c.entity = 'windows' AND c.code = n.number::text
         LEFT JOIN proj_catalog s ON s.hall = $1 AND s.entity = 'staff' AND s.code = w.staff_badge
         LEFT JOIN LATERAL (
           SELECT t.number, coalesce(t.called_at, t.started_at) AS since FROM proj_tickets t
            WHERE t.hall = $1 AND t.window_no = n.number AND t.state IN ('called', 'serving')
            ORDER BY t.called_at DESC NULLS LAST LIMIT 1
         ) cur ON true
         ORDER BY n.number`,
        [hall],
      );
      const queues = await pool.query<{ code: string; name: string | null; waiting: string; oldest: Date | null }>(
        `WITH q AS (
           SELECT code, value->>'name' AS name FROM proj_catalog WHERE hall = $1 AND entity = 'queues' AND NOT retired
           UNION SELECT DISTINCT queue, NULL FROM proj_tickets WHERE hall = $1 AND state = 'waiting'
         )
         SELECT q.code, max(q.name) AS name,
           (SELECT count(*) FROM proj_tickets t WHERE t.hall = $1 AND t.queue = q.code AND t.state = 'waiting') AS waiting,
           (SELECT min(t.issued_at) FROM proj_tickets t WHERE t.hall = $1 AND t.queue = q.code AND t.state = 'waiting') AS oldest
         FROM q GROUP BY q.code ORDER BY q.code`,
        [hall],
      );
      return {
        windows: windows.rows.map((w) => ({
          number: w.number,
          name: w.name ?? `${w.number}号窗口`,
          status: w.status ?? 'closed',
          pauseReason: w.pause_reason,
          staff: w.staff_badge ? { badge: w.staff_badge, nameMasked: maskName(w.staff_name ?? '') } : null,
          current: w.current,
          currentSince: iso(w.current_since),
          servedToday: Number(w.served ?? 0),
        })),
        queues: queues.rows.map((q) => ({ code: q.code, name: q.name ?? q.code, waiting: Number(q.waiting), oldestWaitingSince: iso(q.oldest) })),
      };
    },

    async eventsAfterFeed(halls: string[], afterFeedSeq: number, limit: number): Promise<FedEvent[]> {
      if (!halls.length || limit <= 0) return [];
      const r = await pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM central_events WHERE feed_seq > $1 AND hall = ANY($2::text[]) AND ${SETTLED} ORDER BY feed_seq LIMIT $3`, [afterFeedSeq, halls, limit]);
      return r.rows.map(toFedEvent);
    },

    async eventsAfterSeq(hall: string, afterSeq: number, limit: number): Promise<FedEvent[]> {
      if (limit <= 0) return [];
      const r = await pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM central_events WHERE hall = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [hall, afterSeq, limit]);
      return r.rows.map(toFedEvent);
    },

    async recent(halls: string[], limit: number): Promise<FedEvent[]> {
      if (!halls.length) return [];
      const r = await pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM central_events WHERE hall = ANY($1::text[]) ORDER BY feed_seq DESC LIMIT $2`, [halls, limit]);
      return r.rows.map(toFedEvent).reverse();
    },
  };
}
