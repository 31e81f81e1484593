import { lazy, Suspense, useEffect, useState } from 'react';
import { Button, Empty, Flex, Select, Table } from 'antd';
// The search box alone: antd's Input index would also bring TextArea and OTP into the list's first load.
import Search from 'antd/es/input/Search';
import { ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { useTable } from '../common/use-table';
import { useGetIdentity, useTranslate } from '@refinedev/core';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Identity } from '../auth/identity';
import { decidePlan } from '../access/plan-policy';
import { ErrorState } from '../common/ErrorState';
import { PageFrame } from '../common/PageFrame';
import { formatDate } from '../i18n/format';
import { loadPageMessages } from '../i18n/locale';
import { PLANS } from './plans.graphql';
import { SuperiorChangedTag } from '../derivation/SuperiorChangeNotice';
import { PlanStatusTag } from '../common/PlanStatusTag';
import { PLAN_SCOPES, PLAN_STATUSES, type PlanStatus, type PlanSummary } from './types';
import { PLAN_LIST_PAGE_SIZE, planListFilters, planScopeOf } from './list-query';
import './plans.css';

const FIRST_YEAR = 2015;

// The dialogs load when opened: their forms and upload code stay out of the list's first load.
// The dialogs' words are in vi.pages.json (i18n/locale.ts): fetched with their code.
const CreatePlanModal = lazy(() =>
  Promise.all([import('./CreatePlanModal'), loadPageMessages()]).then(([m]) => ({ default: m.CreatePlanModal })),
);
const ImportPlanModal = lazy(() =>
  Promise.all([import('./ImportPlanModal'), loadPageMessages()]).then(([m]) => ({ default: m.ImportPlanModal })),
);

/**
 * The plans an official works with: their unit's own, those issued above (to implement), and
 * those of the units below (to follow). Search is accent-insensitive on title, number and text.
 */
export function PlanListPage() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { data: identity } = useGetIdentity<Identity>();
  const [params] = useSearchParams();
  const scope = planScopeOf(params);
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<PlanStatus | undefined>();
  const [year, setYear] = useState<number | undefined>();
  const [dialog, setDialog] = useState<'create' | 'import' | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 350);
    return () => clearTimeout(timer);
  }, [typed]);

  const { tableProps, tableQuery, setCurrentPage } = useTable<PlanSummary>({
    resource: 'plans',
    syncWithLocation: false,
    pagination: { pageSize: PLAN_LIST_PAGE_SIZE },
    filters: { permanent: planListFilters(scope, search, status, year) },
    meta: { gqlQuery: PLANS, filterInput: 'filter' },
    errorNotification: false,
  });
  useEffect(() => setCurrentPage(1), [scope, search, status, year, setCurrentPage]);

  const canCreate = Boolean(identity && decidePlan(identity, 'create').can);
  const canImport = Boolean(identity && decidePlan(identity, 'import').can);
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: thisYear + 1 - FIRST_YEAR + 1 }, (_, i) => thisYear + 1 - i);
  const filtered = Boolean(search || status || year);

  return (
    <PageFrame
      title={translate('plans.title')}
      subtitle={translate('plans.subtitle')}
      extra={
        <>
          {canImport && (
            <Button icon={<ImportOutlined  aria-hidden />} onClick={() => setDialog('import')}>
              {translate('plans.import.open')}
            </Button>
          )}
          {canCreate && (
            <Button type="primary" icon={<PlusOutlined  aria-hidden />} onClick={() => setDialog('create')}>
              {translate('plans.create.open')}
            </Button>
          )}
        </>
      }
    >
      <section className="panel panel-tabs">
        {/* Links, not antd Tabs: each scope is an address, and Tabs with its overflow menu would
            add some 10 KB to the list's first load (issue 14: ≤ 400 KB; tests/portal/weight.test.ts). */}
        <nav className="plan-scopes" aria-label={translate('plans.scopesLabel')}>
          {PLAN_SCOPES.map((s) => {
            const next = new URLSearchParams(params);
            next.set('scope', s);
            return (
              <Link key={s} to={`?${next.toString()}`} className="plan-scope" aria-current={s === scope ? 'page' : undefined}>
                {translate(`plans.scopes.${s}`)}
              </Link>
            );
          })}
        </nav>
        <p className="text-secondary" style={{ marginTop: -4 }}>
          {translate(`plans.scopeHints.${scope}`)}
        </p>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Search
            allowClear
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onSearch={(v) => setSearch(v.trim())}
            placeholder={translate('plans.searchPlaceholder')}
            aria-label={translate('plans.search')}
            style={{ width: 380, maxWidth: '100%' }}
          />
          <Select<PlanStatus>
            allowClear
            value={status}
            onChange={setStatus}
            placeholder={translate('plans.allStatuses')}
            aria-label={translate('plans.fields.status')}
            style={{ width: 200, maxWidth: '100%' }}
            options={PLAN_STATUSES.map((s) => ({ value: s, label: translate(`plans.status.${s}`) }))}
          />
          <Select<number>
            allowClear
            value={year}
            onChange={setYear}
            placeholder={translate('plans.allYears')}
            aria-label={translate('plans.year')}
            style={{ width: 140, maxWidth: '100%' }}
            options={years.map((y) => ({ value: y, label: String(y) }))}
          />
        </Flex>
        {tableQuery.isError ? (
          <ErrorState error={tableQuery.error} onRetry={() => void tableQuery.refetch()} />
        ) : (
          <Table<PlanSummary>
            {...tableProps}
            rowKey="id"
            size="middle"
            scroll={{ x: 1040 }}
            pagination={{
              ...tableProps.pagination,
              showSizeChanger: false,
              showTotal: (total, [from, to]) => translate('common.range', { from, to, total }),
            }}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate(filtered ? 'plans.emptyFiltered' : `plans.empty.${scope}`)} />
              ),
            }}
            onRow={(plan) => ({
              onClick: (e) => {
                if ((e.target as HTMLElement).closest('a, button')) return;
                void navigate(`/plans/${plan.id}`);
              },
              className: 'plan-row',
            })}
            columns={[
              {
                title: translate('plans.fields.numberSymbol'),
                dataIndex: 'numberSymbol',
                width: 130,
                render: (value: string | null) =>
                  value ? <span className="plan-number-cell">{value}</span> : <span className="text-secondary">{translate('plans.draftShort')}</span>,
              },
              {
                title: translate('plans.fields.title'),
                dataIndex: 'title',
                render: (title: string, plan) => (
                  <Link to={`/plans/${plan.id}`} className="plan-title-cell">
                    {title}
                    {plan.versionNo > 1 && <span className="plan-version-mark"> ({translate('plans.versionN', { n: plan.versionNo })})</span>}
                  </Link>
                ),
              },
              {
                title: translate('plans.fields.unit'),
                key: 'unit',
                width: 180,
                render: (_: unknown, plan) => plan.unit.name,
              },
              {
                title: translate('plans.fields.status'),
                dataIndex: 'status',
                width: 150,
                render: (s: PlanStatus) => <PlanStatusTag status={s} />,
              },
              {
                title: translate('plans.fields.issuedDate'),
                dataIndex: 'issuedDate',
                width: 130,
                render: (d: string | null) => formatDate(d),
              },
              {
                title: translate('plans.fields.parentPlan'),
                key: 'parent',
                width: 210,
                render: (_: unknown, plan) =>
                  plan.parentPlan ? (
                    <>
                      <Link to={`/plans/${plan.parentPlan.id}`} title={plan.parentPlan.title}>
                        {plan.parentPlan.numberSymbol ?? translate('plans.draftShort')}
                        <span className="text-secondary text-small text-block">{plan.parentPlan.unit.name}</span>
                      </Link>
                      <SuperiorChangedTag plan={plan} />
                    </>
                  ) : (
                    <span className="text-secondary">—</span>
                  ),
              },
            ]}
          />
        )}
      </section>
      <Suspense fallback={null}>
        {dialog === 'create' && identity && <CreatePlanModal identity={identity} onClose={() => setDialog(null)} />}
        {dialog === 'import' && <ImportPlanModal onClose={() => setDialog(null)} />}
      </Suspense>
    </PageFrame>
  );
}
