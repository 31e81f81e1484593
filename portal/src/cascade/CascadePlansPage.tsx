import { useEffect, useState } from 'react';
import { Button, Card, Empty, Flex, Input, Segmented, Table, Typography } from 'antd';
import { ClusterOutlined } from '@ant-design/icons';
import { useTable } from '../common/use-table';
import { useTranslate } from '@refinedev/core';
import { Link, useNavigate } from 'react-router';
import { ErrorState } from '../common/ErrorState';
import { PageFrame } from '../common/PageFrame';
import { DeadlineTag } from '../derivation/PlanHeadDescriptions';
import { PlanStatusTag } from '../common/PlanStatusTag';
import type { PlanStatus } from '../derivation/types';
import { formatDate } from '../i18n/format';
import { CASCADE_PLANS } from './cascade.graphql';

interface Row {
  id: string;
  title: string;
  numberSymbol: string | null;
  status: PlanStatus;
  issuedDate: string | null;
  submissionDeadline: string | null;
  unit: { id: string; name: string };
}

type Scope = 'OWN' | 'FROM_ABOVE';

/**
 * The plans a superior follows down the hierarchy: its own issued plans (and, to see its own
 * subtree in them, the issued plans from above). Each opens its cascade dashboard.
 */
export function CascadePlansPage() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const [scope, setScope] = useState<Scope>('OWN');
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 350);
    return () => clearTimeout(timer);
  }, [typed]);

  const { tableProps, tableQuery, setCurrentPage } = useTable<Row>({
    resource: 'cascade',
    syncWithLocation: false,
    pagination: { pageSize: 20 },
    filters: {
      permanent: [
        { field: 'scope', operator: 'eq', value: scope },
        { field: 'statuses', operator: 'in', value: ['ISSUED', 'SUPERSEDED'] },
        { field: 'search', operator: 'contains', value: search },
      ],
    },
    meta: { gqlQuery: CASCADE_PLANS, filterInput: 'filter' },
    errorNotification: false,
  });
  useEffect(() => setCurrentPage(1), [scope, search, setCurrentPage]);

  return (
    <PageFrame title={translate('cascade.plans.title')} subtitle={translate('cascade.plans.subtitle')}>
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Segmented<Scope>
            value={scope}
            onChange={setScope}
            aria-label={translate('cascade.plans.scope')}
            options={[
              { value: 'OWN', label: translate('cascade.plans.own') },
              { value: 'FROM_ABOVE', label: translate('cascade.plans.fromAbove') },
            ]}
          />
          <Input.Search
            allowClear
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onSearch={(v) => setSearch(v.trim())}
            placeholder={translate('cascade.plans.searchPlaceholder')}
            aria-label={translate('cascade.plans.searchPlaceholder')}
            style={{ width: 340, maxWidth: '100%' }}
          />
        </Flex>
        {tableQuery.isError ? (
          <ErrorState error={tableQuery.error} onRetry={() => void tableQuery.refetch()} />
        ) : (
          <Table<Row>
            {...tableProps}
            rowKey="id"
            size="middle"
            pagination={{
              ...tableProps.pagination,
              showSizeChanger: false,
              showTotal: (total, [from, to]) => translate('common.range', { from, to, total }),
            }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate('cascade.plans.empty')} /> }}
            columns={[
              {
                title: translate('derivation.plan.number'),
                dataIndex: 'numberSymbol',
                width: 140,
                render: (n: string | null) => <Typography.Text strong>{n}</Typography.Text>,
              },
              {
                title: translate('derivation.plan.title'),
                dataIndex: 'title',
                render: (title: string, p) => <Link to={`/plans/${p.id}`}>{title}</Link>,
              },
              { title: translate('derivation.plan.unit'), dataIndex: ['unit', 'name'], width: 170 },
              { title: translate('derivation.plan.status'), dataIndex: 'status', width: 150, render: (s: PlanStatus) => <PlanStatusTag status={s} /> },
              { title: translate('derivation.plan.issuedDate'), dataIndex: 'issuedDate', width: 115, render: (d: string | null) => formatDate(d) },
              {
                title: translate('derivation.plan.deadline'),
                dataIndex: 'submissionDeadline',
                width: 160,
                render: (d: string | null) =>
                  d ? (
                    <Flex vertical gap={2} align="flex-start">
                      <span>{formatDate(d)}</span>
                      <DeadlineTag deadline={d} />
                    </Flex>
                  ) : (
                    '—'
                  ),
              },
              {
                title: translate('common.actions'),
                key: 'actions',
                width: 150,
                render: (_: unknown, p) => (
                  <Button
                    icon={<ClusterOutlined  aria-hidden />}
                    onClick={() => navigate(`/plans/${p.id}/cascade`)}
                    aria-label={`${translate('cascade.plans.follow')}: ${p.numberSymbol ?? ''} ${p.title}`}
                  >
                    {translate('cascade.plans.follow')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
    </PageFrame>
  );
}
