import { describe, expect, it } from 'vitest';
import { ServerClock } from '../../../display-ui/voice/server-clock.ts';
import { VoiceQueue, type Announcement, type AnnouncementPlayer } from '../../../display-ui/voice/voice-queue.ts';

const T0 = Date.parse('2026-11-30T02:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function call(seq: number, over: Partial<Announcement> = {}): Announcement {
  const number = `A${String(seq).padStart(3, '0')}`;
  return { seq, number, window: 1, phrase: `请${number}号到1号窗口办理`, phraseEn: `Number ${number}`, recall: false, at: iso(T0), ...over };
}

/**
 * A player whose every sound stays "playing" until the test ends it, so overlap would show as two
 * sounds in progress at once. `log` records starts; `playing` counts sounds not yet ended.
 */
class HeldPlayer implements AnnouncementPlayer {
  log: string[] = [];
  playing = 0;
  maxPlaying = 0;
  private waiting: (() => void)[] = [];
  failOn: string | null = null;

  private hold(what: string): Promise<void> {
    this.log.push(what);
    this.playing++;
    this.maxPlaying = Math.max(this.maxPlaying, this.playing);
    return new Promise((resolve, reject) => {
      this.waiting.push(() => {
        this.playing--;
        if (this.failOn === what) reject(new Error('speaker unplugged'));
        else resolve();
      });
    });
  }
  chime() {
    return this.hold('chime');
  }
  say(a: Announcement, round: number) {
    return this.hold(`say ${a.phrase} #${round}`);
  }
  rest() {
    return this.hold('rest');
  }
  /** Ends the sound in progress and lets the queue start the next one. */
  async finishOne(): Promise<void> {
    const next = this.waiting.shift();
    if (!next) throw new Error('nothing is playing');
    next();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }
  async finishAll(q: VoiceQueue): Promise<void> {
    while (this.waiting.length) await this.finishOne();
    await q.idle();
  }
}

describe('VoiceQueue', () => {
  it('plays a chime, then the phrase N times with a rest between, and never two sounds at once', async () => {
    const player = new HeldPlayer();
    const q = new VoiceQueue({ player, repeat: 3 });
    expect(q.offer(call(1), { missed: false })).toBe('queued');
    expect(q.offer(call(2), { missed: false })).toBe('queued');
    expect(player.log).toEqual(['chime']);
    expect(q.speaking?.seq).toBe(1);
    expect(q.pending.map((a) => a.seq)).toEqual([2]);
    await player.finishAll(q);
    expect(player.maxPlaying).toBe(1);
    const one = '请A001号到1号窗口办理';
    const two = '请A002号到1号窗口办理';
    expect(player.log).toEqual([
      'chime', `say ${one} #1`, 'rest', `say ${one} #2`, 'rest', `say ${one} #3`,
      'chime', `say ${two} #1`, 'rest', `say ${two} #2`, 'rest', `say ${two} #3`,
    ]);
    expect(q.speaking).toBeNull();
  });

  it('announces a call once, however often it is offered (replay overlapping live delivery)', async () => {
    const player = new HeldPlayer();
    const q = new VoiceQueue({ player, repeat: 1 });
    expect(q.offer(call(5), { missed: false })).toBe('queued');
    expect(q.offer(call(5), { missed: false })).toBe('duplicate');
    expect(q.offer(call(5), { missed: true, serverNowMs: T0 })).toBe('duplicate');
    await player.finishAll(q);
    expect(player.log.filter((l) => l.startsWith('say'))).toHaveLength(1);
    expect(q.offer(call(5), { missed: false })).toBe('duplicate'); // also after it was spoken
  });

  it('announces a recall again: same ticket and phrase, a new event', async () => {
    const player = new HeldPlayer();
    const q = new VoiceQueue({ player, repeat: 1 });
    q.offer(call(7), { missed: false });
    await player.finishAll(q);
    expect(q.offer(call(9, { number: 'A007', phrase: '请A007号到1号窗口办理', recall: true }), { missed: false })).toBe('queued');
    await player.finishAll(q);
    expect(player.log).toEqual(['chime', 'say 请A007号到1号窗口办理 #1', 'chime', 'say 请A007号到1号窗口办理 #1']);
  });

  it('after a reconnect speaks only the missed calls at most 30 s old by the server clock', async () => {
    const player = new HeldPlayer();
    const q = new VoiceQueue({ player, repeat: 1 });
    const now = T0 + 120_000;
    expect(q.offer(call(1, { at: iso(now - 90_000) }), { missed: true, serverNowMs: now })).toBe('stale');
    expect(q.offer(call(2, { at: iso(now - 30_001) }), { missed: true, serverNowMs: now })).toBe('stale');
    expect(q.offer(call(3, { at: iso(now - 30_000) }), { missed: true, serverNowMs: now })).toBe('queued');
    expect(q.offer(call(4, { at: iso(now - 2_000) }), { missed: true, serverNowMs: now })).toBe('queued');
    // Without the server's time a missed call's age is unknown: shown, not spoken.
    expect(q.offer(call(5, { at: iso(now) }), { missed: true })).toBe('stale');
    // A live call is spoken whatever its timestamp says (the PC clock plays no part).
    expect(q.offer(call(6, { at: iso(T0 - 86_400_000) }), { missed: false })).toBe('queued');
    await player.finishAll(q);
    expect(player.log.filter((l) => l.startsWith('say')).map((l) => l.slice(5, 9))).toEqual(['A003', 'A004', 'A006']);
    // A stale call is not offered again later as if new.
    expect(q.offer(call(1, { at: iso(now) }), { missed: false })).toBe('duplicate');
  });

  it('does not announce the history it was told about (the calls in a first snapshot)', () => {
    const player = new HeldPlayer();
    const q = new VoiceQueue({ player });
    q.know([1, 2, 3]);
    expect(q.offer(call(3), { missed: true, serverNowMs: T0 })).toBe('duplicate');
    expect(player.log).toEqual([]);
  });

  it('carries on after a player failure and reports it', async () => {
    const player = new HeldPlayer();
    const errors: number[] = [];
    const q = new VoiceQueue({ player, repeat: 2, onError: (_e, a) => errors.push(a.seq) });
    player.failOn = 'say 请A001号到1号窗口办理 #1';
    q.offer(call(1), { missed: false });
    q.offer(call(2), { missed: false });
    await player.finishAll(q);
    expect(errors).toEqual([1]);
    expect(player.log).toEqual(['chime', 'say 请A001号到1号窗口办理 #1', 'chime', 'say 请A002号到1号窗口办理 #1', 'rest', 'say 请A002号到1号窗口办理 #2']);
  });

  it('bounds a burst by dropping the oldest waiting announcements, keeping the newest', async () => {
    const player = new HeldPlayer();
    const q = new VoiceQueue({ player, repeat: 1, maxPending: 2 });
    for (let s = 1; s <= 5; s++) q.offer(call(s), { missed: false });
    expect(q.speaking?.seq).toBe(1);
    expect(q.pending.map((a) => a.seq)).toEqual([4, 5]);
    await player.finishAll(q);
  });

  it('clamps the repeat count to 1–5', () => {
    const player = new HeldPlayer();
    expect(new VoiceQueue({ player, repeat: 0 }).repeat).toBe(1);
    expect(new VoiceQueue({ player, repeat: 9 }).repeat).toBe(5);
    expect(new VoiceQueue({ player }).repeat).toBe(2);
  });
});

describe('ServerClock', () => {
  it('follows the server time stated last, advanced by the local clock since', () => {
    let local = 1_000_000;
    const clock = new ServerClock(() => local);
    expect(clock.now()).toBeUndefined();
    clock.observe('2026-11-30T02:00:00.000Z');
    local += 5_000;
    expect(clock.now()).toBe(T0 + 5_000);
    // A restarted server whose clock is behind: its statement wins.
    clock.observe('2026-11-30T01:59:00.000Z');
    expect(clock.now()).toBe(T0 - 60_000);
    clock.observe(undefined);
    clock.observe('not a time');
    expect(clock.now()).toBe(T0 - 60_000);
  });
});
