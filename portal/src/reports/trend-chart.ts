/*
 * The geometry of the trend chart (docs/REPORTS.md, "Theo dõi báo cáo"): per reporting period a
 * bar for what was achieved in it, a line through the cumulative figures, a dashed line at what
 * was allocated. Pure, so that the chart is drawn by hand as SVG (no chart library) and tested
 * here.
 */

export interface TrendInput {
  /** One per period, in order: its label and the target's figures (null: nothing reported). */
  points: { label: string; achieved: number | null; cumulative: number | null }[];
  allocated: number | null;
}

export interface TrendLayout {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  /** Round steps of the value axis, from 0 to the top. */
  ticks: { value: number; y: number }[];
  bars: { index: number; x: number; y: number; width: number; height: number; value: number }[];
  /** The cumulative line's vertices (only periods that have a cumulative figure). */
  line: { index: number; x: number; y: number; value: number }[];
  allocatedY: number | null;
  columns: { index: number; x: number; center: number; width: number; label: string }[];
}

/** A round step (1, 2 or 5 × 10^n) giving about `count` steps up to `max`. */
export function niceStep(max: number, count = 4): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

export function trendLayout(input: TrendInput, size = { width: 640, height: 260 }): TrendLayout {
  const plot = { left: 56, right: size.width - 16, top: 16, bottom: size.height - 40 };
  const values = [
    input.allocated ?? 0,
    ...input.points.flatMap((p) => [p.achieved ?? 0, p.cumulative ?? 0]),
  ];
  const step = niceStep(Math.max(...values, 0));
  const top = Math.max(step, Math.ceil(Math.max(...values, 0) / step) * step);
  const y = (v: number) => plot.bottom - (v / top) * (plot.bottom - plot.top);
  const n = Math.max(input.points.length, 1);
  const columnWidth = (plot.right - plot.left) / n;
  const barWidth = Math.min(48, columnWidth * 0.5);
  const columns = input.points.map((p, index) => {
    const x = plot.left + index * columnWidth;
    return { index, x, center: x + columnWidth / 2, width: columnWidth, label: p.label };
  });
  const ticks: TrendLayout['ticks'] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push({ value: v, y: y(v) });
  return {
    width: size.width,
    height: size.height,
    plot,
    ticks,
    columns,
    bars: input.points.flatMap((p, index) =>
      p.achieved === null
        ? []
        : [{ index, x: columns[index].center - barWidth / 2, y: y(p.achieved), width: barWidth, height: plot.bottom - y(p.achieved), value: p.achieved }],
    ),
    line: input.points.flatMap((p, index) => (p.cumulative === null ? [] : [{ index, x: columns[index].center, y: y(p.cumulative), value: p.cumulative }])),
    allocatedY: input.allocated === null ? null : y(input.allocated),
  };
}
