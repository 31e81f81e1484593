import { Bar as BarChart } from '@ant-design/plots';
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
    position: 'right',
    dx: 4,
    textBaseline: 'middle',
    textAlign: 'left',
    style: { fontSize: 11, fill: '#262626' },
  };
  const tooltip = { items: [{ channel: 'y', valueFormatter: (v: number) => `${formatNumber(v, locale)} ${unitOfMeasure}` }] };
  const scale = { color: { domain: series.map((s) => s.name), range: series.map((s) => s.color) } };
  const categories = new Set(data.map((d) => d.category)).size;
  const described = data.map((d) => `${kind === 'perUnit' ? `${d.category} — ` : ''}${d.series}: ${formatNumber(d.value, locale)} ${unitOfMeasure}`);
  return (
    <div role="img" aria-label={described.join('; ')}>
      <BarChart
        data={data}
        xField="category"
        yField="value"
        colorField="series"
        group={kind === 'perUnit'}
        paddingRight={36}
        height={kind === 'rollup' ? Math.max(170, categories * 48 + 60) : Math.max(220, categories * 36 + 80)}
        autoFit
        scale={scale}
        legend={kind === 'perUnit' ? { color: { position: 'top', layout: { justifyContent: 'flex-start' } } } : false}
        label={label}
        tooltip={tooltip}
        axis={{ x: { title: false }, y: { title: unitOfMeasure } }}
        style={kind === 'rollup' ? { maxWidth: 36 } : undefined}
      />
    </div>
  );
}
