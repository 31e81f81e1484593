import { Bar as BarChart, Column } from '@ant-design/plots';
import { formatNumber } from './labels';
import type { Bar } from './target-data';

/**
 * The roll-up charts (G2 through @ant-design/plots), in their own chunk: the rest of the portal
 * never downloads the charting library. Numbers are written on the bars and the same figures are
 * in the table of the tab (keyboard and screen-reader users read them there).
 *
 * `series` lists every series in a fixed order with its colour, so a colour always means the same
 * thing whichever bars a target has.
 */
export default function TargetCharts({
  kind,
  data,
  series,
  unitOfMeasure,
  locale,
}: {
  kind: 'rollup' | 'perUnit';
  data: Bar[];
  series: { name: string; color: string }[];
  unitOfMeasure: string;
  locale: string;
}) {
  const label = {
    text: (d: Bar) => formatNumber(d.value, locale),
    position: kind === 'rollup' ? 'top' : 'right',
    dy: kind === 'rollup' ? -4 : 0,
    dx: kind === 'rollup' ? 0 : 4,
    textBaseline: kind === 'rollup' ? 'bottom' : 'middle',
    textAlign: kind === 'rollup' ? 'center' : 'left',
    style: { fontSize: 11, fill: '#262626' },
  };
  const tooltip = { items: [{ channel: 'y', valueFormatter: (v: number) => `${formatNumber(v, locale)} ${unitOfMeasure}` }] };
  const scale = { color: { domain: series.map((s) => s.name), range: series.map((s) => s.color) } };
  if (kind === 'rollup') {
    return (
      <div role="img" aria-label={data.map((d) => `${d.series}: ${formatNumber(d.value, locale)} ${unitOfMeasure}`).join('; ')}>
        <Column
          data={data}
          xField="category"
          yField="value"
          colorField="series"
          height={250}
          autoFit
          scale={scale}
          legend={false}
          label={label}
          tooltip={tooltip}
          axis={{ x: { title: false }, y: { title: unitOfMeasure } }}
          style={{ maxWidth: 64 }}
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
        paddingRight={36}
        height={Math.max(220, units * 36 + 80)}
        autoFit
        scale={scale}
        legend={{ color: { position: 'top', layout: { justifyContent: 'flex-start' } } }}
        label={label}
        tooltip={tooltip}
        axis={{ x: { title: false }, y: { title: unitOfMeasure } }}
      />
    </div>
  );
}
