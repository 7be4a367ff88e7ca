/**
 * The hall's announcement queue, free of browser APIs so its rules are unit-tested: one announcement
 * at a time (a chime, then the phrase `repeat` times), in the order the calls happened; each call is
 * announced once (its seq is its identity, so a recall, which is a new event, is announced again);
 * calls that come back in a replay after a reconnect are announced only while they are still fresh,
 * because a citizen called two minutes ago has either gone to the window or been passed over.
 */

export interface Announcement {
  /** The call event's seq: one announcement per event, never two. */
  seq: number;
  number: string;
  window: number;
  phrase: string;
  phraseEn: string;
  recall: boolean;
  /** Server time of the call (ISO). */
  at: string;
}

/** Plays sound; the browser implementation lives in player.ts, tests pass a recording fake. */
export interface AnnouncementPlayer {
  chime(): Promise<void>;
  say(a: Announcement, round: number): Promise<void>;
  /** The silence between two rounds of one phrase. */
  rest(): Promise<void>;
}

export interface VoiceQueueOptions {
  player: AnnouncementPlayer;
  /** How many times each phrase is spoken (1–5). */
  repeat?: number;
  /** A missed call older than this (server time) is shown but not spoken. */
  maxMissedAgeMs?: number;
  /** Bound on waiting announcements: a burst beyond it drops the oldest waiting ones, never the newest. */
  maxPending?: number;
  /** Reports a player failure; the queue carries on with the next announcement. */
  onError?: (error: unknown, a: Announcement) => void;
}

export type OfferOutcome = 'queued' | 'duplicate' | 'stale';

export interface OfferContext {
  /** The call came back in a replay (or a snapshot) after a reconnect, not live. */
  missed: boolean;
  /** The server's clock at the time of the replay, in ms; required to judge a missed call's age. */
  serverNowMs?: number;
}

export const DEFAULT_REPEAT = 2;
export const MISSED_MAX_AGE_MS = 30_000;
const REMEMBERED = 1000;

export class VoiceQueue {
  private readonly queue: Announcement[] = [];
  private readonly heard = new Set<number>();
  private readonly heardOrder: number[] = [];
  private current: Announcement | null = null;
  private running: Promise<void> | null = null;
  readonly repeat: number;
  private readonly maxMissedAgeMs: number;
  private readonly maxPending: number;

  constructor(private readonly options: VoiceQueueOptions) {
    this.repeat = Math.min(5, Math.max(1, Math.floor(options.repeat ?? DEFAULT_REPEAT)));
    this.maxMissedAgeMs = options.maxMissedAgeMs ?? MISSED_MAX_AGE_MS;
    this.maxPending = options.maxPending ?? 20;
  }

  /** Decides whether a call is announced, and queues it if so. */
  offer(a: Announcement, context: OfferContext): OfferOutcome {
    if (this.heard.has(a.seq)) return 'duplicate';
    this.remember(a.seq);
    if (context.missed && !this.fresh(a, context.serverNowMs)) return 'stale';
    this.queue.push(a);
    while (this.queue.length > this.maxPending) this.queue.shift();
    this.running ??= this.drain().finally(() => (this.running = null));
    return 'queued';
  }

  /** Marks calls as already known without announcing them (the history in a first snapshot). */
  know(seqs: Iterable<number>): void {
    for (const s of seqs) if (!this.heard.has(s)) this.remember(s);
  }

  get speaking(): Announcement | null {
    return this.current;
  }

  get pending(): readonly Announcement[] {
    return this.queue;
  }

  /** Resolves when nothing is playing or waiting. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private fresh(a: Announcement, serverNowMs: number | undefined): boolean {
    if (serverNowMs === undefined) return false; // age unknown: showing it is enough
    const at = Date.parse(a.at);
    return Number.isFinite(at) && serverNowMs - at <= this.maxMissedAgeMs;
  }

  private remember(seq: number): void {
    this.heard.add(seq);
    this.heardOrder.push(seq);
    if (this.heardOrder.length > REMEMBERED) this.heard.delete(this.heardOrder.shift()!);
  }

  private async drain(): Promise<void> {
    const { player } = this.options;
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      this.current = next;
      try {
        await player.chime();
        for (let round = 1; round <= this.repeat; round++) {
          if (round > 1) await player.rest();
          await player.say(next, round);
        }
      } catch (error) {
        this.options.onError?.(error, next);
      }
      this.current = null;
    }
  }
}
