/**
 * Runs inside the page (handed to page.evaluate): for every element a seated citizen must read,
 * the rendered cap height and whether any of it is cut off; then, over all visible text on the
 * screen, whether two pieces of text overlap.
 *
 * Cap height is measured, not derived from font-size: a canvas gets the element's computed font
 * (style, weight, size, family list, so it falls back to the same CJK font as the page) and
 * measureText gives the ink box (actualBoundingBoxAscent + actualBoundingBoxDescent) of the element's
 * capitals and digits ("A1000", "12") and, separately, of its CJK glyphs ("号窗口"); the smaller of
 * the two is the element's cap height. Punctuation, spaces and lower case do not count.
 */
export interface Probe {
  /** Element class, e.g. "recent call number". */
  name: string;
  selector: string;
  /** The scrolling ticker moves through its track by design: only its vertical fit is checked. */
  scrolls?: boolean;
  /** Read from close by (the service guide): checked for cuts and overlaps, not held to the rule. */
  near?: boolean;
  /** May be left out of the layout (hidden, not cut) when there is no room: checked only when shown. */
  optional?: boolean;
}

export interface MeasuredElement {
  name: string;
  near: boolean;
  text: string;
  capPx: number;
  clipped: string | null;
}

export interface PageMeasure {
  elements: MeasuredElement[];
  missing: string[];
  overlaps: string[];
  width: number;
  height: number;
}

export function measurePage(probes: Probe[]): PageMeasure {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d')!;
  const visible = (el: Element) => el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  const ownText = (el: Element) =>
    [...el.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent ?? '')
      .join('')
      .trim();
  const ink = (el: Element, text: string) => {
    const cs = getComputedStyle(el);
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const m = ctx.measureText(text);
    return m.actualBoundingBoxAscent + m.actualBoundingBoxDescent;
  };
  /**
   * A text box from getClientRects spans the font's whole ascent and descent; the ink sits inside it.
   * This shrinks a box to the ink of the element's text, so a tight line height is not taken for a cut.
   */
  const toInk = (el: Element, text: string, r: { left: number; top: number; right: number; bottom: number }) => {
    const cs = getComputedStyle(el);
    ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const m = ctx.measureText(text || 'H');
    return { left: r.left, right: r.right, top: r.top + Math.max(0, m.fontBoundingBoxAscent - m.actualBoundingBoxAscent), bottom: r.bottom - Math.max(0, m.fontBoundingBoxDescent - m.actualBoundingBoxDescent) };
  };
  const capOf = (el: Element, text: string) => {
    const latin = text.replace(/[^A-Z0-9]/g, '');
    const cjk = text.replace(/[^\p{Script=Han}]/gu, '');
    const heights = [latin && ink(el, latin), cjk && ink(el, cjk)].filter((h): h is number => typeof h === 'number' && h > 0);
    return heights.length ? Math.min(...heights) : 0;
  };
  /** The element's text boxes (its own and its children's). */
  const textRects = (el: Element) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  };
  const union = (rects: DOMRect[]) => {
    const left = Math.min(...rects.map((r) => r.left));
    const top = Math.min(...rects.map((r) => r.top));
    const right = Math.max(...rects.map((r) => r.right));
    const bottom = Math.max(...rects.map((r) => r.bottom));
    return { left, top, right, bottom };
  };
  type Box = { left: number; top: number; right: number; bottom: number };
  /** What of the box survives the ancestors that clip (overflow other than visible) and the viewport. */
  const clipChain = (el: Element, box: Box): { box: Box; by: string | null } => {
    let b = { ...box };
    let by: string | null = null;
    const cut = (c: Box, who: string, axes: 'xy' | 'y') => {
      const next = {
        left: axes === 'xy' ? Math.max(b.left, c.left) : b.left,
        right: axes === 'xy' ? Math.min(b.right, c.right) : b.right,
        top: Math.max(b.top, c.top),
        bottom: Math.min(b.bottom, c.bottom),
      };
      if (!by && (next.left > b.left + 1 || next.right < b.right - 1 || next.top > b.top + 1 || next.bottom < b.bottom - 1)) by = who;
      b = next;
    };
    for (let p = el.parentElement; p; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
        const r = p.getBoundingClientRect();
        cut({ left: r.left + p.clientLeft, top: r.top + p.clientTop, right: r.left + p.clientLeft + p.clientWidth, bottom: r.top + p.clientTop + p.clientHeight }, `${p.tagName.toLowerCase()}.${[...p.classList].join('.')}`, 'xy');
      }
    }
    cut({ left: 0, top: 0, right: innerWidth, bottom: innerHeight }, 'the viewport', 'xy');
    return { box: b, by };
  };

  const elements: MeasuredElement[] = [];
  const missing: string[] = [];
  for (const probe of probes) {
    const found = [...document.querySelectorAll(probe.selector)].filter(visible);
    if (!found.length && !probe.optional) missing.push(`${probe.name} (${probe.selector})`);
    for (const el of found) {
      const text = (el.textContent ?? '').trim();
      const own = ownText(el) || text;
      const rects = textRects(el);
      let clipped: string | null = null;
      const cs = getComputedStyle(el);
      if (!rects.length) clipped = 'no text box';
      else if (!probe.scrolls && el.scrollWidth > el.clientWidth + 1 && (cs.overflowX !== 'visible' || cs.textOverflow === 'ellipsis')) clipped = `scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`;
      else if (!probe.scrolls && el.scrollHeight > el.clientHeight + 1 && cs.overflowY !== 'visible') clipped = `scrollHeight ${el.scrollHeight} > clientHeight ${el.clientHeight}`;
      else {
        const box = toInk(el, own, union(rects));
        if (probe.scrolls) {
          // Only the line's height must fit its track; across, it scrolls through the track's width.
          const track = el.parentElement!.getBoundingClientRect();
          if (box.top < track.top - 1 || box.bottom > track.bottom + 1) clipped = 'taller than its track';
          else if (track.left < -1 || track.right > innerWidth + 1 || track.top < -1 || track.bottom > innerHeight + 1) clipped = 'track outside the viewport';
        } else {
          const { by } = clipChain(el, box);
          if (by) clipped = `cut by ${by}`;
          // Not cut but spilling out of its row or panel is just as wrong on a screen. Across, strictly;
          // up and down, a descender (g, y) may reach a quarter of the font size past a tight line box.
          const slack = parseFloat(cs.fontSize) * 0.25;
          for (let p = el.parentElement; p && !clipped && p !== document.body; p = p.parentElement) {
            const r = p.getBoundingClientRect();
            if (box.left < r.left - 1 || box.right > r.right + 1 || box.top < r.top - slack || box.bottom > r.bottom + slack) clipped = `spills out of ${p.tagName.toLowerCase()}.${[...p.classList].join('.')}`;
          }
        }
      }
      elements.push({ name: probe.name, near: probe.near === true, text: text.slice(0, 40), capPx: capOf(el, own), clipped });
    }
  }

  // Overlap: every visible piece of text on the screen against every other (not its own ancestor).
  const leaves = [...document.querySelectorAll('body *')].filter((el) => ownText(el) && visible(el) && !el.closest('.offline-overlay'));
  const boxes = leaves
    .map((el) => {
      const rs = [...el.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim())
        .flatMap((n) => {
          const r = document.createRange();
          r.selectNodeContents(n);
          return [...r.getClientRects()];
        })
        .filter((r) => r.width > 0 && r.height > 0);
      if (!rs.length) return null;
      // Only what is actually shown: the part inside clipping ancestors and the viewport.
      const shown = rs
        .map((r) => clipChain(el, toInk(el, ownText(el), r)).box)
        .filter((b) => b.right - b.left > 1 && b.bottom - b.top > 1);
      return shown.length ? { el, shown } : null;
    })
    .filter((x): x is { el: Element; shown: Box[] } => x !== null);
  const overlaps: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const hit = a.shown.some((x) =>
        b.shown.some((y) => Math.min(x.right, y.right) - Math.max(x.left, y.left) > 2 && Math.min(x.bottom, y.bottom) - Math.max(x.top, y.top) > 2),
      );
      if (hit && overlaps.length < 20) overlaps.push(`"${ownText(a.el).slice(0, 20)}" overlaps "${ownText(b.el).slice(0, 20)}"`);
    }
  }
  return { elements, missing, overlaps, width: innerWidth, height: innerHeight };
}
