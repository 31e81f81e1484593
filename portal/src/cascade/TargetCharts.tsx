import { Bar as BarChart, Column } from '@ant-design/plots';
import { formatNumber } from './labels';
import type { Bar } from './target-data';

/** Colours of the series: the parent's total dark blue, allocations light blue, subordinates' own green. */
const ROLLUP_COLORS = ['#1f4e8c', '#69b1ff', '#52c41a'];
const PER_UNIT_COLORS = ['#69b1ff', '#52c41a'];

/**
 * The roll-up charts (G2 through @ant-design/plots), in their own chunk: the rest of the portal
 * never downloads the charting library. Every chart has its numbers written on the bars; the
 * table beside it holds the same figures for keyboard and screen-reader users.
 */
export default function TargetCharts({
  kind,
  data,
  unitOfMeasure,
  locale,
}: {
  kind: 'rollup' | 'perUnit';
  data: Bar[];
  unitOfMeasure: string;
  locale: string;
}) {
  const label = {
    text: (d: Bar) => formatNumber(d.value, locale),
    position: kind === 'rollup' ? 'top' : 'right',
    style: { fontSize: 11, fill: '#333' },
  };
  const tooltip = { items: [{ channel: 'y', valueFormatter: (v: number) => `${formatNumber(v, locale)} ${unitOfMeasure}` }] };
  if (kind === 'rollup') {
    return (
      <div role="img" aria-label={data.map((d) => `${d.series}: ${formatNumber(d.value, locale)} ${unitOfMeasure}`).join('; ')}>
        <Column
          data={data}
          xField="category"
          yField="value"
          colorField="series"
          height={260}
          autoFit
          scale={{ color: { range: ROLLUP_COLORS } }}
          legend={false}
          label={label}
          tooltip={tooltip}
          axis={{ x: { title: false }, y: { title: unitOfMeasure } }}
          style={{ maxWidth: 56 }}
        />
      </div>
    );
  }
  const units = new Set(data.map((d) => d.category)).size;
  return (
    <div role="img" aria-label={data.map((d) => `${d.category} — ${d.series}: ${formatNumber(d.value, locale)}`).join('; ')}>
      <BarChart
        data={data}
        xField="category"
        yField="value"
        colorField="series"
        group
        height={Math.max(220, units * 34 + 70)}
        autoFit
        scale={{ color: { range: PER_UNIT_COLORS } }}
        legend={{ color: { position: 'top', layout: { justifyContent: 'flex-start' } } }}
        label={label}
        tooltip={tooltip}
        axis={{ x: { title: false }, y: { title: unitOfMeasure } }}
      />
    </div>
  );
}
