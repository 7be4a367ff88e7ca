import type { StreamEvent } from '../../contract/socket.ts';
import type { Snapshot } from '../../contract/snapshot.ts';
import { HallStream } from '../../ui-kit/stream.ts';
import { ServerClock } from '../voice/server-clock.ts';

export interface LiveHall {
  stream: HallStream;
  clock: ServerClock;
}

export interface LiveOptions {
  token?: string;
  onEvent?: (e: StreamEvent, replayed: boolean) => void;
  /** `previousSeq` is the last seq seen before this snapshot, -1 on the first one. */
  onSnapshot?: (s: Snapshot, previousSeq: number) => void;
}

/**
 * The hall stream plus the server's clock: every snapshot, live event and replay batch restates the
 * server's time, so the screens show the server's date and time and judge a missed call's age by it.
 */
export function connectLive(options: LiveOptions): LiveHall {
  const clock = new ServerClock();
  let seen = -1;
  const stream = new HallStream({
    ...(options.token ? { token: options.token } : {}),
    onSnapshot: (s) => {
      clock.observe(s.at);
      const before = seen;
      seen = s.seq;
      options.onSnapshot?.(s, before);
    },
    onEvent: (e, replayed) => {
      if (!replayed) clock.observe(e.at);
      seen = e.seq;
      options.onEvent?.(e, replayed);
    },
  });
  // Listeners for any event run before the named ones, so the batch's time is known before its
  // events are handed out one by one.
  stream.raw.onAny((name: string, payload: unknown) => {
    if (name === 'replay') clock.observe((payload as { at?: string } | undefined)?.at);
  });
  return { stream, clock };
}
