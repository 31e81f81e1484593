import { useEffect, useId, useMemo, useState } from 'react';
import { Empty, Select, Skeleton, Typography } from 'antd';
import { useTranslate } from '@refinedev/core';
import { ErrorState } from '../common/ErrorState';
import { useGqlQuery } from '../common/use-gql';
import type { ReportTrendQuery } from '../graphql/generated';
import { formatDate } from '../i18n/format';
import { gapText } from './ReportParts';
import { REPORT_TREND } from './reports.graphql';
import { trendLayout } from './trend-chart';
import { formatFigure } from './wording';

type Trend = ReportTrendQuery['reportTrend'];

const COLORS = { bar: '#69b1ff', line: '#237804', allocated: '#d46b08', current: '#fffbe6', grid: '#f0f0f0', text: '#595959' };

/**
 * "Diễn biến qua các kỳ báo cáo" (docs/REPORTS.md, "The portal"): for a target of the plan, per
 * reporting period in order, what the units achieved in it (bars) and since the plan began (line)
 * against what they were allocated (dashed) — `reportTrend`, each figure counted once. A plain
 * SVG drawn by hand (no chart library on the report pages), named by its title and description,
 * with the same figures in a table beneath for keyboard and screen-reader users.
 */
export function TrendPanel({ planId, milestoneId }: { planId: string; milestoneId: string }) {
  const translate = useTranslate();
  const trend = useGqlQuery<ReportTrendQuery>(REPORT_TREND, { planId }, { enabled: Boolean(planId) });
  const data = trend.data?.reportTrend;
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    if (data?.targets.length && !data.targets.some((t) => t.targetId === selected)) {
      // A target with figures first, else one with an allocation.
      const first =
        data.targets.find((t) => t.points.some((p) => p.achieved !== null || p.achievedCumulative !== null)) ??
        data.targets.find((t) => t.allocated !== null) ??
        data.targets[0];
      setSelected(first.targetId);
    }
  }, [data, selected]);
  const target = data?.targets.find((t) => t.targetId === selected) ?? null;

  return (
    <section className="panel report-section" aria-labelledby="follow-trend" data-testid="follow-trend">
      <h2 id="follow-trend" className="report-section-title">
        {translate('reports.trend.title')}
      </h2>
      {trend.query.error ? (
        <ErrorState error={trend.query.error} onRetry={() => void trend.query.refetch()} />
      ) : !data ? (
        <Skeleton active />
      ) : data.periods.length === 0 || data.targets.length === 0 ? (
        <Empty description={translate('reports.trend.empty')} />
      ) : (
        <>
          <p className="text-secondary text-small">{translate('reports.trend.hint')}</p>
          <div className="report-trend-controls">
            <label htmlFor="trend-target">{translate('reports.trend.target')}</label>
            <Select
              id="trend-target"
              value={selected ?? undefined}
              onChange={setSelected}
              className="report-trend-select"
              options={data.targets.map((t) => ({ value: t.targetId, label: `${t.metric} (${t.unitOfMeasure})` }))}
            />
          </div>
          {target && <TrendChart periods={data.periods} target={target} currentMilestoneId={milestoneId} />}
        </>
      )}
    </section>
  );
}

function TrendChart({ periods, target, currentMilestoneId }: { periods: Trend['periods']; target: Trend['targets'][number]; currentMilestoneId: string }) {
  const translate = useTranslate();
  const id = useId();
  const labels = useMemo(() => periods.map((p) => (p.dueDate ? formatDate(p.dueDate) : p.title)), [periods]);
  const layout = useMemo(
    () =>
      trendLayout({
        allocated: target.allocated,
        points: target.points.map((p, i) => ({ label: labels[i], achieved: p.achieved, cumulative: p.achievedCumulative })),
      }),
    [target, labels],
  );
  const unit = target.unitOfMeasure;
  const figure = (v: number | null) => (v === null ? translate('reports.trend.none') : `${formatFigure(v)} ${unit}`);
  const title = translate('reports.trend.chartTitle', { metric: target.metric });
  const description = [
    ...periods.map((_p, i) =>
      translate('reports.trend.describePeriod', {
        period: labels[i],
        achieved: figure(target.points[i].achieved),
        cumulative: figure(target.points[i].achievedCumulative),
      }),
    ),
    target.allocated !== null ? translate('reports.trend.describeAllocated', { allocated: figure(target.allocated) }) : '',
  ]
    .filter(Boolean)
    .join('; ');
  const current = periods.findIndex((p) => p.milestoneId === currentMilestoneId);
  const path = layout.line.map((v, i) => `${i === 0 ? 'M' : 'L'}${v.x.toFixed(1)},${v.y.toFixed(1)}`).join(' ');

  return (
    <div className="report-trend">
      <ul className="report-trend-legend" aria-hidden>
        <li>
          <span className="report-trend-swatch" style={{ background: COLORS.bar }} /> {translate('reports.trend.achieved')}
        </li>
        <li>
          <span className="report-trend-swatch report-trend-swatch-line" style={{ background: COLORS.line }} /> {translate('reports.trend.cumulative')}
        </li>
        {target.allocated !== null && (
          <li>
            <span className="report-trend-swatch report-trend-swatch-dashed" style={{ borderColor: COLORS.allocated }} /> {translate('reports.trend.allocated')}
          </li>
        )}
      </ul>
      <svg
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        className="report-trend-svg"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        data-testid="trend-chart"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {current >= 0 && (
          <rect
            x={layout.columns[current].x}
            y={layout.plot.top}
            width={layout.columns[current].width}
            height={layout.plot.bottom - layout.plot.top}
            fill={COLORS.current}
            data-testid="trend-current"
          />
        )}
        {layout.ticks.map((t) => (
          <g key={t.value}>
            <line x1={layout.plot.left} x2={layout.plot.right} y1={t.y} y2={t.y} stroke={COLORS.grid} />
            <text x={layout.plot.left - 6} y={t.y} textAnchor="end" dominantBaseline="middle" fontSize={11} fill={COLORS.text}>
              {formatFigure(t.value)}
            </text>
          </g>
        ))}
        {layout.bars.map((b) => (
          <rect key={b.index} x={b.x} y={b.y} width={b.width} height={b.height} fill={COLORS.bar} data-testid="trend-bar" data-value={b.value} />
        ))}
        {layout.line.length > 1 && <path d={path} fill="none" stroke={COLORS.line} strokeWidth={2} />}
        {layout.line.map((v) => (
          <circle key={v.index} cx={v.x} cy={v.y} r={4} fill={COLORS.line} data-testid="trend-point" data-value={v.value} />
        ))}
        {layout.allocatedY !== null && (
          <>
            <line
              x1={layout.plot.left}
              x2={layout.plot.right}
              y1={layout.allocatedY}
              y2={layout.allocatedY}
              stroke={COLORS.allocated}
              strokeWidth={2}
              strokeDasharray="6 4"
              data-testid="trend-allocated"
            />
            <text x={layout.plot.right} y={layout.allocatedY - 6} textAnchor="end" fontSize={11} fill={COLORS.allocated}>
              {translate('reports.trend.allocatedValue', { value: formatFigure(target.allocated) })}
            </text>
          </>
        )}
        <line x1={layout.plot.left} x2={layout.plot.right} y1={layout.plot.bottom} y2={layout.plot.bottom} stroke="#8c8c8c" />
        {layout.columns.map((c) => (
          <text key={c.index} x={c.center} y={layout.plot.bottom + 18} textAnchor="middle" fontSize={11} fill={COLORS.text}>
            {c.label}
          </text>
        ))}
      </svg>
      {/* Scrolls sideways on a phone: focusable, so that a keyboard can scroll it too. */}
      <div className="report-trend-table-wrap" tabIndex={0} role="region" aria-label={translate('reports.trend.tableCaption', { metric: target.metric, unit })}>
        <table className="report-trend-table" data-testid="trend-table">
          <caption>{translate('reports.trend.tableCaption', { metric: target.metric, unit })}</caption>
          <thead>
            <tr>
              <th scope="col">{translate('reports.trend.period')}</th>
              <th scope="col">{translate('reports.trend.achieved')}</th>
              <th scope="col">{translate('reports.trend.cumulative')}</th>
              <th scope="col">{translate('reports.trend.allocated')}</th>
              <th scope="col">{translate('reports.follow.gap')}</th>
              <th scope="col">{translate('reports.trend.reported')}</th>
            </tr>
          </thead>
          <tbody>
            {periods.map((p, i) => {
              const point = target.points[i];
              return (
                <tr key={`${p.milestoneId}|${p.periodEnd ?? ''}`} aria-current={i === current ? 'true' : undefined} data-milestone={p.milestoneId}>
                  <th scope="row">
                    {p.title}
                    <Typography.Text type="secondary" className="text-small">
                      {' '}
                      · {p.dueDate ? translate('reports.dueOn', { date: formatDate(p.dueDate) }) : translate('reports.noDue')}
                    </Typography.Text>
                  </th>
                  <td>{formatFigure(point.achieved) || '—'}</td>
                  <td>{formatFigure(point.achievedCumulative) || '—'}</td>
                  <td>{formatFigure(target.allocated) || '—'}</td>
                  <td>{point.gap === null ? '—' : gapText(point.gap, translate)}</td>
                  <td>{translate('reports.trend.reportedOf', { reported: p.reported, units: p.units })}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
