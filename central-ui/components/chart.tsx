import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  kind: 'bars' | 'line';
  /** Right-hand axis, for a second unit. */
  right?: boolean;
}

const FONT = '13px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

/** Categories (halls, days) along x with bars on the left axis and lines on the right, drawn by uPlot. */
export function CategoryChart({ title, categories, series, height = 260, leftUnit, rightUnit }: { title: string; categories: string[]; series: ChartSeries[]; height?: number; leftUnit?: string; rightUnit?: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || !categories.length) return;
    const bars = uPlot.paths.bars!({ size: [0.6, 48], gap: 2 });
    const xs = categories.map((_, i) => i);
    const step = Math.max(1, Math.ceil(categories.length / 20));
    const plot = new uPlot(
      {
        width: Math.max(300, el.clientWidth || 600),
        height,
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: { time: false, range: [-0.6, categories.length - 0.4] },
          y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
          r: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
        },
        axes: [
          { font: FONT, splits: () => xs.filter((i) => i % step === 0), values: (_u, splits) => splits.map((i) => (categories[i] ?? '').slice(0, 8)), grid: { show: false } },
          { font: FONT, scale: 'y', label: leftUnit ?? '', labelFont: FONT, size: 56 },
          { font: FONT, scale: 'r', side: 1, label: rightUnit ?? '', labelFont: FONT, size: 56, grid: { show: false } },
        ],
        series: [
          { label: '', value: (_u, v) => (v === null || v === undefined ? '' : (categories[v] ?? '')) },
          ...series.map((s) => ({
            label: s.label,
            scale: s.right ? 'r' : 'y',
            stroke: s.color,
            width: s.kind === 'bars' ? 1 : 2,
            ...(s.kind === 'bars' ? { fill: `${s.color}cc`, paths: bars, points: { show: false } } : { points: { show: true, size: 6, fill: s.color } }),
          })),
        ],
      },
      [xs, ...series.map((s) => s.values)] as uPlot.AlignedData,
      el,
    );
    return () => plot.destroy();
  }, [JSON.stringify(categories), JSON.stringify(series), height]);
  return (
    <figure class="chart" style={{ margin: 0 }}>
      <figcaption>{title}</figcaption>
      <div ref={box} class="chart-box" />
    </figure>
  );
}
