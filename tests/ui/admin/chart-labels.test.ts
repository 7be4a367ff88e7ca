import { describe, expect, it } from 'vitest';
import { fitLabel, labelStep, visibleLabels } from '../../../admin-ui/components/chart-labels.ts';

/** Chart x-axis labels never overlap: checked by laying the shown labels out as the chart does. */
const CHAR = 13;
const measure = (s: string) => [...s].length * CHAR;

/** The left and right edge of each shown label, centred on its category, as uPlot draws it. */
function layout(labels: string[], plotPx: number) {
  const { indexes, texts } = visibleLabels(labels, plotPx, measure);
  const slot = plotPx / (labels.length + 0.2);
  return indexes.map((i) => {
    const centre = (i + 0.6) * slot;
    const w = measure(texts[i]!);
    return { i, left: centre - w / 2, right: centre + w / 2 };
  });
}
const overlaps = (boxes: { left: number; right: number }[]) => boxes.some((b, k) => k > 0 && b.left < boxes[k - 1]!.right);

describe('chart x-axis labels', () => {
  it('keep every short label when there is room', () => {
    const hours = Array.from({ length: 10 }, (_, i) => `${8 + i}时`);
    expect(layout(hours, 1200).map((b) => b.i)).toEqual(hours.map((_, i) => i));
  });

  it('thin out long window names until none overlap, however narrow the chart', () => {
    const windows = Array.from({ length: 16 }, (_, i) => `${i + 1}号窗口 综合受理（企业开办）`);
    for (const width of [1600, 900, 500, 320]) {
      const boxes = layout(windows, width);
      expect(boxes.length, `at ${width}px`).toBeGreaterThan(0);
      expect(overlaps(boxes), `labels overlap at ${width}px`).toBe(false);
    }
    // The old rule (every label up to 24) would have drawn all 16 at 900 px, overlapping.
    expect(layout(windows, 900).length).toBeLessThan(16);
  });

  it('find the smallest step, and shorten one label wider than a third of the plot', () => {
    expect(labelStep([40, 40, 40, 40], 50)).toBe(1);
    expect(labelStep([40, 40, 40, 40], 30)).toBe(2);
    expect(fitLabel('综合受理（企业开办）窗口', 5 * CHAR, measure)).toBe('综合受理…');
  });
});
