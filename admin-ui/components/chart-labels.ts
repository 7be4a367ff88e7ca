/**
 * Which x-axis labels a category chart shows so that none overlap: the smallest step (every label,
 * every 2nd, every 3rd …) at which each shown label, centred on its category, keeps `gap` pixels from
 * the next shown one. Widths are measured with the axis font, so long window names thin out while
 * short hours (9时, 10时) all stay. A label wider than the whole plot is shortened with … (`fit`).
 */
export function labelStep(widths: readonly number[], slotPx: number, gap = 8): number {
  const n = widths.length;
  if (n <= 1 || slotPx <= 0) return 1;
  for (let step = 1; step < n; step++) {
    let fits = true;
    for (let i = 0; i + step < n; i += step) {
      if (widths[i]! / 2 + widths[i + step]! / 2 + gap > step * slotPx) {
        fits = false;
        break;
      }
    }
    if (fits) return step;
  }
  return n;
}

/** Shortens a label to `maxPx` with a trailing …, measuring as it goes. */
export function fitLabel(label: string, maxPx: number, measure: (s: string) => number): string {
  if (measure(label) <= maxPx) return label;
  let cut = label;
  while (cut.length > 1 && measure(`${cut}…`) > maxPx) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** The categories whose labels are drawn (indexes), with labels cut to the plot when one alone is too wide. */
export function visibleLabels(labels: readonly string[], plotPx: number, measure: (s: string) => number, gap = 8): { indexes: number[]; texts: string[] } {
  const n = labels.length;
  if (!n) return { indexes: [], texts: [] };
  // The x scale spans n + 0.2 categories (−0.6 … n−0.4): one category's slot.
  const slot = plotPx / (n + 0.2);
  // No label may be wider than a third of the plot: one very long name must not hide all others.
  const texts = labels.map((l) => fitLabel(l, Math.max(24, plotPx / 3), measure));
  const step = labelStep(texts.map(measure), slot, gap);
  const indexes = labels.map((_, i) => i).filter((i) => i % step === 0);
  return { indexes, texts };
}
