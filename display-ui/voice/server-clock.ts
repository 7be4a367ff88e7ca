/**
 * The server's clock as seen from the screen: the PC's clock may be wrong, and call times are the
 * server's, so the age of a missed call is measured against the server's own time. Every snapshot,
 * live event and replay batch tells the screen what time it is on the server; between them the
 * local clock's progress is added.
 */
export class ServerClock {
  private offsetMs: number | null = null;

  constructor(private readonly localNow: () => number = () => Date.now()) {}

  /** A moment the server stated (ISO), observed now. */
  observe(serverIso: string | undefined): void {
    const t = serverIso ? Date.parse(serverIso) : NaN;
    if (Number.isFinite(t)) this.offsetMs = t - this.localNow();
  }

  /** The server's time now in ms, or undefined before the server has said anything. */
  now(): number | undefined {
    return this.offsetMs === null ? undefined : this.localNow() + this.offsetMs;
  }
}
