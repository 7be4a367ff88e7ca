import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { visibleLabels } from './chart-labels.ts';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  /** Bars (counts) or a line with points (minutes, rates). */
  kind: 'bars' | 'line';
  /** Right-hand axis, for a second unit. */
  right?: boolean;
}

export interface CategoryChartProps {
  title: string;
  /** One label per category along the x axis (hours, windows). */
  categories: string[];
  series: ChartSeries[];
  height?: number;
  /** What the categories are (时段, 窗口): the legend's first entry. */
  categoryLabel: string;
  leftUnit?: string;
  rightUnit?: string;
}

const FONT = '13px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

/**
 * A category chart drawn by uPlot: categories are 0…n-1 on a linear x scale with their labels as
 * ticks. Rebuilt when the data change; the charts are small, so this costs nothing noticeable.
 */
export function CategoryChart({ title, categories, series, height = 260, categoryLabel, leftUnit, rightUnit }: CategoryChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || !categories.length) return;
    const bars = uPlot.paths.bars!({ size: [0.6, 48], gap: 2 });
    const xs = categories.map((_, i) => i);
    const width = Math.max(300, el.clientWidth || 600);
    const axesPx = 56 * (series.some((s) => s.right) ? 2 : 1) + 16;
    // Labels are measured in the axis font, so long names thin out instead of overlapping.
    const ctx2d = document.createElement('canvas').getContext('2d');
    if (ctx2d) ctx2d.font = FONT;
    const measure = (text: string) => (ctx2d ? ctx2d.measureText(text).width : text.length * 13);
    const plotPx = (u: uPlot) => (u.bbox?.width ? u.bbox.width / (window.devicePixelRatio || 1) : width - axesPx);
    const opts: uPlot.Options = {
      width,
      height,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: false, range: [-0.6, categories.length - 0.4] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
        r: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
      },
      axes: [
        {
          font: FONT,
          splits: (u) => visibleLabels(categories, plotPx(u), measure).indexes,
          values: (u, splits) => {
            const { texts } = visibleLabels(categories, plotPx(u), measure);
            return splits.map((i) => texts[i] ?? '');
          },
          grid: { show: false },
        },
        { font: FONT, scale: 'y', label: leftUnit ?? '', labelFont: FONT, size: 56 },
        ...(series.some((s) => s.right) ? [{ font: FONT, scale: 'r', side: 1 as const, label: rightUnit ?? '', labelFont: FONT, size: 56, grid: { show: false } }] : []),
      ],
      series: [
        { label: categoryLabel, value: (_u, v) => (v === null || v === undefined ? '' : (categories[v] ?? '')) },
        ...series.map((s) => ({
          label: s.label,
          scale: s.right ? 'r' : 'y',
          stroke: s.color,
          width: s.kind === 'bars' ? 1 : 2,
          ...(s.kind === 'bars' ? { fill: `${s.color}cc`, paths: bars, points: { show: false } } : { points: { show: true, size: 6, fill: s.color } }),
        })),
      ],
    };
    const plot = new uPlot(opts, [xs, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    return () => plot.destroy();
  }, [JSON.stringify(categories), JSON.stringify(series), height]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} class="chart-box" />
    </figure>
  );
}
