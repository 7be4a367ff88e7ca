/** A time-ordered agenda for the day simulation (binary heap; ties keep insertion order). */
export class Agenda {
  private heap: { at: number; n: number; run: () => void }[] = [];
  private n = 0;

  at(ms: number, run: () => void): void {
    const h = this.heap;
    h.push({ at: ms, n: this.n++, run });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(h[p]!, h[i]!)) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }

  /** Removes and returns the earliest entry. */
  pop(): { at: number; run: () => void } | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i]!, h[m]!];
        i = m;
      }
    }
    return top;
  }

  get size(): number {
    return this.heap.length;
  }

  private less(a: { at: number; n: number }, b: { at: number; n: number }): boolean {
    return a.at < b.at || (a.at === b.at && a.n < b.n);
  }
}
