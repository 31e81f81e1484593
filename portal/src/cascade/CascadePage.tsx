import { useCallback, useMemo } from 'react';
import { Button, Card, Segmented, Skeleton, Space, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ErrorState } from '../common/ErrorState';
import { PlanStatusTag } from '../common/PlanStatusTag';
import { DeadlineTag } from '../derivation/PlanHeadDescriptions';
import type { PlanStatus } from '../derivation/types';
import { useGqlQuery } from '../common/use-gql';
import { formatDate, todayLocalDate } from '../i18n/format';
import { PageFrame } from '../common/PageFrame';
import { CASCADE_PLAN, CASCADE_SUMMARY } from './cascade.graphql';
import { CascadeTable, type CascadeFilters } from './CascadeTable';
import { CoverageMatrixView } from './CoverageMatrixView';
import { SummaryCards } from './SummaryCards';
import { TargetsPanel } from './TargetsPanel';
import { defaultReportMilestone, reportingMilestones } from './report-milestones';
import type { CascadeDepth, CascadePlan, CascadeStatus, CascadeSummary, Compliance } from './types';
import './cascade.css';

type Tab = 'units' | 'matrix' | 'targets';
const TABS: Tab[] = ['units', 'matrix', 'targets'];

const list = <T extends string>(value: string | null): T[] => (value ? (value.split(',').filter(Boolean) as T[]) : []);

/**
 * "Theo dõi kế hoạch cấp dưới" for one plan: summary cards, the table of subordinate units, the
 * task × unit coverage matrix and the target roll-up. Depth, tab and filters live in the address
 * (?depth=ALL&tab=matrix&compliance=LATE…) so a link or a reload shows the same view.
 */
export function CascadePage() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const depth: CascadeDepth = params.get('depth') === 'ALL' ? 'ALL' : 'CHILDREN';
  const tab: Tab = TABS.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'units';
  const statusesParam = params.get('statuses');
  const complianceParam = params.get('compliance');
  const searchParam = params.get('search') ?? '';
  const filters = useMemo<CascadeFilters>(
    () => ({ statuses: list<CascadeStatus>(statusesParam), compliance: list<Compliance>(complianceParam), search: searchParam }),
    [statusesParam, complianceParam, searchParam],
  );

  const update = useCallback(
    (changes: Record<string, string | null>) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          for (const [k, v] of Object.entries(changes)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const setFilters = useCallback(
    (f: CascadeFilters) => update({ statuses: f.statuses.join(','), compliance: f.compliance.join(','), search: f.search }),
    [update],
  );
  const toggleCompliance = (c: Compliance) => {
    const next = filters.compliance.includes(c) ? filters.compliance.filter((x) => x !== c) : [...filters.compliance, c];
    update({ compliance: next.join(','), tab: 'units' });
  };

  const planQ = useGqlQuery<{ plan: CascadePlan }>(CASCADE_PLAN, { id }, { enabled: Boolean(id) });
  const summaryQ = useGqlQuery<{ plan: { cascadeSummary: CascadeSummary } }>(CASCADE_SUMMARY, { id, depth }, { enabled: Boolean(id), keepPrevious: true });
  const plan = planQ.data?.plan;
  const summary = summaryQ.data?.plan.cascadeSummary;
  // The report column follows one reporting milestone of the plan (?report=…): by default the next
  // one due, else the latest past due.
  const milestones = useMemo(() => reportingMilestones(plan?.milestones ?? []), [plan]);
  const reportParam = params.get('report');
  const reportMilestoneId =
    (milestones.some((m) => m.id === reportParam) ? reportParam : null) ?? defaultReportMilestone(milestones, todayLocalDate())?.id ?? null;
  const title = translate('cascade.page.title');

  if (planQ.query.isError) {
    return (
      <PageFrame title={title}>
        <ErrorState error={planQ.query.error} onRetry={() => void planQ.query.refetch()} />
      </PageFrame>
    );
  }
  if (!plan) {
    return (
      <PageFrame title={title}>
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </PageFrame>
    );
  }

  return (
    <PageFrame
      title={title}
      subtitle={
        <span>
          {plan.numberSymbol && <strong>{plan.numberSymbol} — </strong>}
          {plan.title}
        </span>
      }
      extra={
        <>
          <Space>
            <Typography.Text id="cascade-depth-label">{translate('cascade.page.depth')}:</Typography.Text>
            <Segmented<CascadeDepth>
              aria-labelledby="cascade-depth-label"
              value={depth}
              onChange={(d) => update({ depth: d === 'ALL' ? 'ALL' : null })}
              options={[
                { value: 'CHILDREN', label: translate('cascade.page.depthChildren') },
                { value: 'ALL', label: translate('cascade.page.depthAll') },
              ]}
            />
          </Space>
          <Button icon={<ArrowLeftOutlined  aria-hidden />} onClick={() => navigate(`/plans/${plan.id}`)}>
            {translate('cascade.page.backToPlan')}
          </Button>
        </>
      }
    >
      <Card size="small" styles={{ body: { padding: '8px 16px' } }}>
        <Space size={16} wrap>
          <span>
            <Typography.Text type="secondary">{translate('cascade.page.issuer')}: </Typography.Text>
            <strong>{plan.unit.name}</strong>
          </span>
          <PlanStatusTag status={plan.status as PlanStatus} />
          {plan.issuedDate && (
            <span>
              <Typography.Text type="secondary">{translate('cascade.page.issuedDate')}: </Typography.Text>
              {formatDate(plan.issuedDate)}
            </span>
          )}
          <span>
            <Typography.Text type="secondary">{translate('cascade.page.deadline')}: </Typography.Text>
            {plan.submissionDeadline ? (
              <>
                {formatDate(plan.submissionDeadline)} <DeadlineTag deadline={plan.submissionDeadline} />
              </>
            ) : (
              translate('cascade.page.noDeadline')
            )}
          </span>
        </Space>
      </Card>

      <SummaryCards
        summary={summary}
        error={summaryQ.query.isError ? summaryQ.query.error : null}
        onRetry={() => void summaryQ.query.refetch()}
        compliance={filters.compliance}
        onToggleCompliance={toggleCompliance}
      />

      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => update({ tab: k === 'units' ? null : k })}
          items={[
            {
              key: 'units',
              label: translate('cascade.tabs.units'),
              children: (
                <CascadeTable
                  planId={plan.id}
                  depth={depth}
                  filters={filters}
                  onFiltersChange={setFilters}
                  reportMilestones={milestones}
                  reportMilestoneId={reportMilestoneId}
                  onReportMilestoneChange={(m) => update({ report: m })}
                />
              ),
            },
            {
              key: 'matrix',
              label: translate('cascade.tabs.matrix'),
              children: <CoverageMatrixView key={`${plan.id}|${depth}`} planId={plan.id} depth={depth} />,
            },
            {
              key: 'targets',
              label: translate('cascade.tabs.targets'),
              children: summary ? <TargetsPanel planId={plan.id} targets={summary.targets} /> : <Skeleton active />,
            },
          ]}
        />
      </Card>
    </PageFrame>
  );
}
