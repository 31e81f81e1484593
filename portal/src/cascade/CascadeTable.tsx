import { useEffect, useState } from 'react';
import { Badge, Button, Empty, Flex, Input, Popover, Select, Space, Table, Tag, Typography } from 'antd';
import { DiffOutlined, FileTextOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTable } from '../common/use-table';
import { useTranslate } from '@refinedev/core';
import { useNavigate } from 'react-router';
import { ErrorState } from '../common/ErrorState';
import { formatDate, todayLocalDate } from '../i18n/format';
import { useLocale } from '../i18n/locale';
import { CASCADE_ROWS } from './cascade.graphql';
import { CoverageBar, CoverageLegend } from './CoverageBar';
import { CASCADE_STATUSES, COMPLIANCE_COLOR, COMPLIANCES, complianceDetail, formatNumber, gapTone, STATUS_COLOR } from './labels';
import type { CascadeDepth, CascadePlan, CascadeReport, CascadeRow, CascadeStatus, CascadeTarget, Compliance } from './types';
import { ComplianceTag, ReportStatusTag } from '../reports/wording';
import './cascade.css';

export interface CascadeFilters {
  statuses: CascadeStatus[];
  compliance: Compliance[];
  search: string;
}

/**
 * The subordinate units of a plan, a page at a time from the server (filters, search and depth are
 * applied there): unit, status, dates, compliance, coverage, targets against allocations, pending
 * upstream changes, the way into each unit's plan and its diff — and, beside the plan's status,
 * each unit's report on the chosen reporting milestone of the plan (docs/REPORTS.md, "The
 * cascade"), read with the page.
 */
export function CascadeTable({
  planId,
  depth,
  filters,
  onFiltersChange,
  reportMilestones = [],
  reportMilestoneId = null,
  onReportMilestoneChange,
}: {
  planId: string;
  depth: CascadeDepth;
  filters: CascadeFilters;
  onFiltersChange: (next: CascadeFilters) => void;
  /** The plan's reporting milestones, in order; none: no report column. */
  reportMilestones?: CascadePlan['milestones'];
  reportMilestoneId?: string | null;
  onReportMilestoneChange?: (milestoneId: string) => void;
}) {
  const translate = useTranslate();
  const navigate = useNavigate();
  const locale = useLocale();
  const today = todayLocalDate();
  const [typed, setTyped] = useState(filters.search);
  useEffect(() => {
    const timer = setTimeout(() => {
      if (typed.trim() !== filters.search) onFiltersChange({ ...filters, search: typed.trim() });
    }, 350);
    return () => clearTimeout(timer);
  }, [typed, filters, onFiltersChange]);

  const { tableProps, tableQuery, setCurrentPage } = useTable<CascadeRow>({
    resource: 'cascade',
    syncWithLocation: false,
    pagination: { pageSize: 20 },
    filters: {
      permanent: [
        { field: 'depth', operator: 'eq', value: depth },
        { field: 'statuses', operator: 'in', value: filters.statuses },
        { field: 'compliance', operator: 'in', value: filters.compliance },
        { field: 'search', operator: 'contains', value: filters.search },
      ],
    },
    meta: {
      gqlQuery: CASCADE_ROWS,
      gqlVariables: { id: planId, reportMilestoneId: reportMilestoneId ?? '', withReport: Boolean(reportMilestoneId) },
      connectionPath: 'plan.cascade',
      filterInput: 'filter',
    },
    errorNotification: false,
  });
  useEffect(() => setCurrentPage(1), [depth, filters, setCurrentPage]);

  const filtered = filters.statuses.length > 0 || filters.compliance.length > 0 || Boolean(filters.search);

  return (
    <div>
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onSearch={(v) => onFiltersChange({ ...filters, search: v.trim() })}
          placeholder={translate('cascade.table.searchPlaceholder')}
          aria-label={translate('cascade.table.searchPlaceholder')}
          style={{ width: 230, maxWidth: '100%' }}
        />
        <Select<CascadeStatus[]>
          mode="multiple"
          allowClear
          value={filters.statuses}
          onChange={(statuses) => onFiltersChange({ ...filters, statuses })}
          placeholder={translate('cascade.table.allStatuses')}
          aria-label={translate('cascade.table.status')}
          style={{ minWidth: 180 }}
          maxTagCount="responsive"
          options={CASCADE_STATUSES.map((s) => ({ value: s, label: translate(`cascade.status.${s}`) }))}
        />
        <Select<Compliance[]>
          mode="multiple"
          allowClear
          value={filters.compliance}
          onChange={(compliance) => onFiltersChange({ ...filters, compliance })}
          placeholder={translate('cascade.table.allCompliance')}
          aria-label={translate('cascade.table.compliance')}
          style={{ minWidth: 180 }}
          maxTagCount="responsive"
          options={COMPLIANCES.map((c) => ({ value: c, label: translate(`cascade.compliance.${c}`) }))}
        />
        {reportMilestones.length > 0 && reportMilestoneId && (
          <Select<string>
            value={reportMilestoneId}
            onChange={(m) => onReportMilestoneChange?.(m)}
            aria-label={translate('cascade.table.reportMilestone')}
            data-testid="cascade-report-milestone"
            style={{ minWidth: 240, maxWidth: '100%' }}
            popupMatchSelectWidth={false}
            options={reportMilestones.map((m) => ({
              value: m.id,
              label: m.dueDate ? translate('cascade.table.reportMilestoneOption', { title: m.title, date: formatDate(m.dueDate) }) : m.title,
            }))}
          />
        )}
        {filtered && (
          <Button
            type="link"
            onClick={() => {
              setTyped('');
              onFiltersChange({ statuses: [], compliance: [], search: '' });
            }}
          >
            {translate('cascade.table.clearFilters')}
          </Button>
        )}
        <div style={{ marginLeft: 'auto' }}>
          <CoverageLegend />
        </div>
      </Flex>
      {tableQuery.isError ? (
        <ErrorState error={tableQuery.error} onRetry={() => void tableQuery.refetch()} />
      ) : (
        <Table<CascadeRow>
          {...tableProps}
          rowKey={(r) => r.unit.id}
          size="small"
          scroll={{ x: reportMilestoneId ? 1225 : 1055 }}
          data-testid="cascade-table"
          pagination={{
            ...tableProps.pagination,
            showSizeChanger: false,
            showTotal: (total, [from, to]) => translate('common.range', { from, to, total }),
          }}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate(filtered ? 'cascade.table.emptyFiltered' : 'cascade.table.empty')} />
            ),
          }}
          columns={[
            {
              title: translate('cascade.table.unit'),
              key: 'unit',
              fixed: 'left',
              width: 180,
              render: (_: unknown, r) => (
                <Flex vertical gap={0}>
                  <Typography.Text strong>{r.unit.name}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.unit.code}
                    {r.depth > 1 && r.unit.parent ? ` · ${translate('cascade.table.under', { name: r.unit.parent.name })}` : ''}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              title: translate('cascade.table.status'),
              dataIndex: 'status',
              width: 115,
              render: (s: CascadeStatus, r) => (
                <Flex vertical gap={2} align="flex-start">
                  <Tag color={STATUS_COLOR[s]}>{translate(`cascade.status.${s}`)}</Tag>
                  {r.plan?.numberSymbol && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.plan.numberSymbol}
                    </Typography.Text>
                  )}
                </Flex>
              ),
            },
            {
              title: translate('cascade.table.dates'),
              key: 'dates',
              width: 125,
              render: (_: unknown, r) => (
                <Flex vertical gap={0} style={{ fontSize: 12 }}>
                  <span>{r.issuedDate ? translate('cascade.table.issuedOn', { date: formatDate(r.issuedDate) }) : '—'}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.deadline ? translate('cascade.table.dueOn', { date: formatDate(r.deadline) }) : ''}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              title: translate('cascade.table.compliance'),
              dataIndex: 'compliance',
              width: 145,
              render: (c: Compliance, r) => {
                const detail = complianceDetail(r, today);
                return (
                  <Flex vertical gap={2} align="flex-start">
                    <Tag color={COMPLIANCE_COLOR[c]} data-compliance={c}>
                      {translate(`cascade.compliance.${c}`)}
                    </Tag>
                    {detail && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {translate(detail.key, detail.params)}
                      </Typography.Text>
                    )}
                  </Flex>
                );
              },
            },
            ...(reportMilestoneId
              ? [
                  {
                    title: translate('cascade.table.report'),
                    key: 'report',
                    width: 170,
                    render: (_: unknown, r: CascadeRow) => <RowReport report={r.reportObligation ?? null} unitName={r.unit.name} />,
                  },
                ]
              : []),
            {
              title: translate('cascade.table.coverage'),
              dataIndex: 'coverage',
              width: 160,
              render: (c: CascadeRow['coverage']) =>
                c ? <CoverageBar coverage={c} /> : <Typography.Text type="secondary">{translate('cascade.table.noPlan')}</Typography.Text>,
            },
            {
              title: translate('cascade.table.targets'),
              dataIndex: 'targets',
              width: 135,
              render: (targets: CascadeTarget[]) => <RowTargets targets={targets} locale={locale} />,
            },
            {
              title: translate('cascade.table.upstream'),
              dataIndex: 'upstreamPending',
              width: 70,
              align: 'center',
              render: (n: number, r) =>
                r.plan ? (
                  n > 0 ? (
                    <Badge count={n} color="#d46b08" title={translate('cascade.table.upstreamPending', { count: n })} />
                  ) : (
                    <Typography.Text type="secondary">0</Typography.Text>
                  )
                ) : (
                  '—'
                ),
            },
            {
              title: translate('common.actions'),
              key: 'actions',
              fixed: 'right',
              width: 125,
              render: (_: unknown, r) =>
                r.plan ? (
                  <Space direction="vertical" size={0} className="row-actions">
                    <Button
                      type="link"
                      size="small"
                      icon={<FileTextOutlined  aria-hidden />}
                      onClick={() => navigate(`/plans/${r.plan!.id}`)}
                      aria-label={`${translate('cascade.table.openPlan')}: ${r.unit.name}`}
                    >
                      {translate('cascade.table.openPlan')}
                    </Button>
                    <Button
                      type="link"
                      size="small"
                      icon={<DiffOutlined  aria-hidden />}
                      onClick={() => navigate(`/plans/${r.plan!.id}/diff`)}
                      aria-label={`${translate('cascade.table.openDiff')}: ${r.unit.name}`}
                    >
                      {translate('cascade.table.openDiff')}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      )}
    </div>
  );
}

/** The targets a unit received: allocated → own, with the gap; the others in a popover. */
function RowTargets({ targets, locale }: { targets: CascadeTarget[]; locale: string }) {
  const translate = useTranslate();
  if (!targets.length) return <Typography.Text type="secondary">—</Typography.Text>;
  const allocated = targets.filter((t) => t.allocated !== null);
  const shown = (allocated.length ? allocated : targets).slice(0, 2);
  const rest = targets.filter((t) => !shown.includes(t));
  const line = (t: CascadeTarget) => {
    const tone = gapTone(t.gap);
    return (
      <div key={t.parentTargetId} className="row-target" title={t.metric}>
        {t.allocated !== null ? (
          <>
            <span className={`gap-${tone}`}>
              {formatNumber(t.own, locale)}/{formatNumber(t.allocated, locale)} {t.unitOfMeasure}
            </span>
            {tone === 'short' && <> ({translate('cascade.targets.short', { value: formatNumber(-(t.gap ?? 0), locale) })})</>}
          </>
        ) : (
          <span>
            {formatNumber(t.own, locale)} {t.unitOfMeasure}
          </span>
        )}
      </div>
    );
  };
  return (
    <div>
      {shown.map(line)}
      {rest.length > 0 && (
        <Popover
          trigger={['click', 'hover']}
          title={translate('cascade.targets.allOfUnit')}
          content={
            <div style={{ maxWidth: 420 }}>
              {targets.map((t) => (
                <div key={t.parentTargetId} style={{ marginBottom: 4 }}>
                  <Typography.Text>{t.metric}: </Typography.Text>
                  <Typography.Text strong>
                    {formatNumber(t.own, locale)} {t.unitOfMeasure}
                  </Typography.Text>
                  {t.allocated !== null && (
                    <Typography.Text type="secondary">
                      {' '}
                      ({translate('cascade.targets.allocatedValue', { value: formatNumber(t.allocated, locale) })})
                    </Typography.Text>
                  )}
                </div>
              ))}
            </div>
          }
        >
          <Button type="link" size="small" style={{ padding: 0, height: 'auto', fontSize: 12 }}>
            {translate('cascade.targets.more', { count: rest.length })}
          </Button>
        </Popover>
      )}
    </div>
  );
}

/** A unit's report on the chosen milestone: its compliance and status, and the way to the report or to the follow-up. */
function RowReport({ report, unitName }: { report: CascadeReport | null; unitName: string }) {
  const translate = useTranslate();
  if (!report) return <Typography.Text type="secondary">{translate('cascade.table.noReportOwed')}</Typography.Text>;
  // The status says more than the compliance only once something was written (draft, submitted, accepted).
  const withStatus = report.status !== 'NONE' && report.compliance !== 'RETURNED' && report.compliance !== 'MISSING';
  return (
    <Flex vertical gap={2} align="flex-start" data-testid="cascade-report" data-compliance={report.compliance} data-status={report.status}>
      <ComplianceTag compliance={report.compliance} />
      {withStatus && <ReportStatusTag status={report.status} />}
      {report.report ? (
        <Link to={`/reports/${report.report.id}`} aria-label={`${translate('cascade.table.openReport')}: ${unitName}`} style={{ fontSize: 12 }}>
          {translate('cascade.table.openReport')}
        </Link>
      ) : (
        <Link to={`/reports/milestones/${report.milestoneId}`} aria-label={`${translate('cascade.table.followReports')}: ${unitName}`} style={{ fontSize: 12 }}>
          {translate('cascade.table.followReports')}
        </Link>
      )}
    </Flex>
  );
}
