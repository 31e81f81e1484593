import { useState } from 'react';
import { Button, Empty, Flex, List, Select, Skeleton, Tag } from 'antd';
import { useTranslate } from '@refinedev/core';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorState } from '../common/ErrorState';
import { PageFrame } from '../common/PageFrame';
import { useGqlQuery } from '../common/use-gql';
import type { ReportPeriodsQuery, ReportRollupQuery, ReportRollupSummaryQuery } from '../graphql/generated';
import { formatDate } from '../i18n/format';
import { FiguresDownload } from './FiguresXlsx';
import { gapText } from './ReportParts';
import { REPORT_PERIODS, REPORT_ROLLUP, REPORT_ROLLUP_SUMMARY } from './reports.graphql';
import { TrendPanel } from './TrendChart';
import type { RollupRow, RollupSummary } from './types';
import { ComplianceTag, formatFigure, periodText, ReportStatusTag } from './wording';
import './reports.css';

const PAGE = 50;

/**
 * "Theo dõi báo cáo" of a reporting milestone (docs/REPORTS.md, "Superiors follow it"): who
 * reported (on time, late, missing, returned), and per target what the units achieved against
 * what they were allocated, with the gap — the totals of the units directly below, then every
 * unit at every level, a page at a time; and the trend of the plan's targets across all its
 * reporting periods, this one marked. A periodic milestone is followed one period at a time
 * (`?period=MONTH-2024-09`), or every period together.
 */
export function ReportFollowPage() {
  const { milestoneId = '' } = useParams();
  const translate = useTranslate();
  const [params, setParams] = useSearchParams();
  const period = params.get('period') || null;
  const [pages, setPages] = useState(1);
  const summary = useGqlQuery<ReportRollupSummaryQuery>(REPORT_ROLLUP_SUMMARY, { milestoneId, period }, { enabled: Boolean(milestoneId) });
  const rollup = useGqlQuery<ReportRollupQuery>(
    REPORT_ROLLUP,
    { milestoneId, period, first: PAGE * pages },
    { enabled: Boolean(milestoneId), keepPrevious: true },
  );
  const rows = rollup.data?.reportRollup;
  const first = rows?.nodes[0]?.obligation;
  // A unit's own obligations on the milestone name its periods (one statement, at most 100).
  const periodic = rows?.nodes.find((n) => n.obligation.period && !n.obligation.agency)?.obligation;
  const periods = useGqlQuery<ReportPeriodsQuery>(
    REPORT_PERIODS,
    { milestoneId, unitId: periodic?.unit.id ?? '' },
    { enabled: Boolean(periodic) },
  ).data?.reportObligations.nodes.filter((n) => n.period && !n.agency);
  const failed = summary.query.error ?? rollup.query.error;

  return (
    <PageFrame
      title={translate('reports.follow.title')}
      subtitle={
        first
          ? translate('reports.follow.subtitle', {
              title: first.title,
              date: period || !first.period ? (first.dueDate ? formatDate(first.dueDate) : translate('reports.noDue')) : translate('reports.follow.eachPeriod'),
            })
          : undefined
      }
      extra={
        <Flex gap={8} wrap>
          {periods && periods.length > 0 ? (
            <Select
            data-testid="follow-period"
            aria-label={translate('reports.follow.period')}
            style={{ minWidth: 200 }}
            value={period ?? ''}
            onChange={(v: string) => {
              setPages(1);
              setParams(v ? { period: v } : {});
            }}
            options={[
              { value: '', label: translate('reports.follow.allPeriods') },
              ...periods.map((n) => ({ value: n.period!.key, label: periodText(n.period!, translate) })),
            ]}
          />
          ) : null}
          {rows?.nodes.length ? (
            <FiguresDownload path={`/api/reports/milestones/${encodeURIComponent(milestoneId)}/figures.xlsx`} label="reports.xlsx.downloadMilestone" fallbackName="tong-hop-so-lieu" />
          ) : null}
        </Flex>
      }
    >
      {failed ? (
        <ErrorState error={failed} onRetry={() => void Promise.all([summary.query.refetch(), rollup.query.refetch()])} />
      ) : !summary.data || !rows ? (
        <Skeleton active />
      ) : (
        <>
          <SummaryPanel summary={summary.data.reportRollupSummary} />
          {/* The plan's other reporting periods: its plan comes with the rows (the first is a unit directly below). */}
          {first && <TrendPanel planId={first.planId} milestoneId={milestoneId} />}
          <section className="panel report-section" aria-labelledby="follow-units">
            <h2 id="follow-units" className="report-section-title">
              {translate('reports.follow.table')}
              <span className="text-secondary text-small"> — {translate('reports.follow.total', { shown: rows.nodes.length, total: rows.totalCount })}</span>
            </h2>
            {rows.nodes.length === 0 ? (
              <Empty description={translate('reports.list.empty')} />
            ) : (
              <List
                data-testid="follow-rows"
                dataSource={rows.nodes}
                renderItem={(r) => <FollowRow key={r.obligation.id} row={r} />}
                loadMore={
                  rows.pageInfo.hasNextPage ? (
                    <div className="reports-more">
                      <Button onClick={() => setPages((p) => p + 1)}>{translate('reports.follow.more')}</Button>
                    </div>
                  ) : null
                }
              />
            )}
          </section>
        </>
      )}
    </PageFrame>
  );
}

/** Counts by compliance, and per target of the plan the units' achieved figures against their allocations. */
function SummaryPanel({ summary }: { summary: RollupSummary }) {
  const translate = useTranslate();
  return (
    <section className="panel report-section" aria-labelledby="follow-summary" data-testid="follow-summary">
      <h2 id="follow-summary" className="report-section-title">
        {translate('reports.follow.summary')}
      </h2>
      <p>{translate('reports.follow.units', { count: summary.units })}</p>
      <div className="report-compliance-counts">
        {summary.byCompliance
          .filter((c) => c.count > 0)
          .map((c) => (
            <span key={c.compliance} data-compliance={c.compliance} className="report-compliance-count">
              <ComplianceTag compliance={c.compliance} /> <strong>{c.count}</strong>
            </span>
          ))}
      </div>
      <h3 className="report-part-title">{translate('reports.follow.totals')}</h3>
      <p className="text-secondary text-small">{translate('reports.follow.totalsHint')}</p>
      <ul className="report-totals" data-testid="follow-totals">
        {summary.targets.map((t) => (
          <li key={t.targetId} data-target={t.metric}>
            <div className="report-total-metric">
              {t.metric} <span className="text-secondary">({t.unitOfMeasure})</span>
            </div>
            <div className="report-total-figures">
              <span>
                {translate('reports.follow.achieved')}: <strong>{formatFigure(t.achievedCumulative ?? t.achieved) || '—'}</strong>
              </span>
              <span>
                {translate('reports.follow.allocated')}: <strong>{formatFigure(t.allocated) || '—'}</strong>
              </span>
              {t.gap !== null && <Tag color={t.gap < 0 ? 'orange' : 'green'}>{gapText(t.gap, translate)}</Tag>}
              <span className="text-secondary">{translate('reports.follow.unitsReporting', { count: t.unitsReporting })}</span>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One unit: its report's status and compliance, and per target achieved / allocated (gap). */
function FollowRow({ row }: { row: RollupRow }) {
  const translate = useTranslate();
  const o = row.obligation;
  return (
    <List.Item
      className={`report-follow-row report-depth-${Math.min(o.depth, 4)}`}
      data-testid="follow-row"
      data-unit={o.unit.name}
      data-compliance={o.compliance}
      actions={o.report ? [<Link key="open" to={`/reports/${o.report.id}`} aria-label={`${translate('reports.follow.open')}: ${o.unit.name}`}>{translate('reports.follow.open')}</Link>] : []}
    >
      <div className="report-follow-main">
        <div className="report-follow-unit">
          <strong>{o.agency ? o.agency.name : o.unit.name}</strong>
          {o.agency && <span className="text-secondary text-small"> · {translate('reports.follow.agency')}</span>}
          {o.period && <span className="text-secondary text-small"> · {periodText(o.period, translate)}</span>}
          {o.depth > 1 && <span className="text-secondary text-small"> · {translate('reports.follow.level', { depth: o.depth })}</span>}
        </div>
        <div className="report-obligation-meta">
          <ComplianceTag compliance={o.compliance} />
          {/* Submitted or accepted: the status adds whether the superior took it. */}
          {(o.compliance === 'ON_TIME' || o.compliance === 'LATE') && <ReportStatusTag status={o.status} />}
          {o.submittedOn && <span className="text-secondary">{translate('reports.submittedOn', { date: formatDate(o.submittedOn) })}</span>}
        </div>
        {row.targets.some((t) => t.achieved !== null || t.achievedCumulative !== null) ? (
          <ul className="report-follow-targets">
            {row.targets.map((t) => (
              <li key={t.targetId}>
                <span>{t.metric}: </span>
                <strong>{formatFigure(t.achievedCumulative ?? t.achieved) || '—'}</strong> / {formatFigure(t.allocated) || '—'}
                {t.gap !== null && <span className="text-secondary"> ({gapText(t.gap, translate)})</span>}
                {!t.reportedByUnit && (t.achieved !== null || t.achievedCumulative !== null) && (
                  <span className="text-secondary text-small"> · {translate('reports.follow.fromBelow')}</span>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <div className="text-secondary text-small">{translate('reports.follow.noFigures')}</div>
        )}
      </div>
    </List.Item>
  );
}
