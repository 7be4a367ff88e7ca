import type { HallEvent } from '../../contract/events.ts';
import type { Clock } from '../common/clock.ts';
import type { QueueEngine } from '../queue/engine.ts';
import type { SupervisionQueries } from '../store/supervision-queries.ts';

/** A 帮办 call from a kiosk that nobody has answered yet. */
export interface HelpCall {
  kiosk: string;
  kioskName: string;
  /** What the kiosk was showing (no-card, printer, home …), so staff know what to bring. */
  screen: string | null;
  /** The 帮办 window told of it, if the hall has one. */
  window: number | null;
  since: string;
}

/** How long an unanswered call stays raised: a citizen who waited this long has given up or found help. */
export const HELP_CALL_TTL_MS = 15 * 60_000;

/**
 * The open 帮办 calls, kept from the event log (kiosk.help_requested / kiosk.help_answered) so they
 * survive a restart; one per kiosk, gone when answered or after HELP_CALL_TTL_MS.
 */
export class HelpCalls {
  private readonly open = new Map<string, HelpCall>();
  private off: (() => void) | undefined;

  constructor(private readonly o: { engine: QueueEngine; queries: SupervisionQueries; clock: Clock; ttlMs?: number }) {}

  start(): void {
    for (const body of this.o.queries.helpEventsOf(this.o.engine.core.today())) this.apply(JSON.parse(body) as HallEvent);
    this.off = this.o.engine.onEvents((events) => {
      for (const e of events) this.apply(e);
    });
  }

  stop(): void {
    this.off?.();
    this.off = undefined;
  }

  /** The calls still open now, oldest first. */
  list(): HelpCall[] {
    const cutoff = this.o.clock.now().getTime() - (this.o.ttlMs ?? HELP_CALL_TTL_MS);
    for (const [kiosk, call] of this.open) if (Date.parse(call.since) <= cutoff) this.open.delete(kiosk);
    return [...this.open.values()].sort((a, b) => a.since.localeCompare(b.since));
  }

  /** The open call of one kiosk, if any. */
  of(kiosk: string): HelpCall | undefined {
    return this.list().find((c) => c.kiosk === kiosk);
  }

  private apply(e: HallEvent): void {
    if (e.type === 'day.rolled_over') return this.open.clear();
    const kiosk = typeof e.data.kiosk === 'string' ? e.data.kiosk : undefined;
    if (kiosk === undefined) return;
    if (e.type === 'kiosk.help_requested') {
      this.open.set(kiosk, {
        kiosk,
        kioskName: typeof e.data.kioskName === 'string' ? e.data.kioskName : kiosk,
        screen: typeof e.data.screen === 'string' ? e.data.screen : null,
        window: typeof e.data.window === 'number' ? e.data.window : null,
        since: e.at,
      });
    } else if (e.type === 'kiosk.help_answered') {
      this.open.delete(kiosk);
    }
  }
}
