import { useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Input, Table, Typography } from 'antd';
import { ForkOutlined } from '@ant-design/icons';
import { useTable } from '../common/use-table';
import { useCan, useGetIdentity, useTranslate } from '@refinedev/core';
import { Link, useNavigate } from 'react-router';
import type { Identity } from '../auth/identity';
import { ErrorState } from '../common/ErrorState';
import { PageFrame } from '../common/PageFrame';
import { formatDate } from '../i18n/format';
import { canDeriveFrom } from './access';
import { PLANS_FROM_ABOVE } from './derivation.graphql';
import { DeadlineTag } from './PlanHeadDescriptions';
import type { PlanHead } from './types';
import '../plans/plans.css';

/**
 * "Kế hoạch của cấp trên": the issued plans of the units above, each with the button that starts
 * the derivation wizard. Searching is accent-insensitive on title, number and text (server side).
 */
export function FromAbovePage() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { data: identity } = useGetIdentity<Identity>();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 350);
    return () => clearTimeout(timer);
  }, [typed]);

  const canList = useCan({ resource: 'derivation', action: 'list' });
  const { tableProps, tableQuery, setCurrentPage } = useTable<PlanHead>({
    resource: 'derivation',
    syncWithLocation: false,
    pagination: { pageSize: 20 },
    filters: {
      permanent: [
        { field: 'scope', operator: 'eq', value: 'FROM_ABOVE' },
        { field: 'statuses', operator: 'in', value: ['ISSUED'] },
        { field: 'search', operator: 'contains', value: search },
      ],
    },
    meta: { gqlQuery: PLANS_FROM_ABOVE, filterInput: 'filter' },
    errorNotification: false,
  });
  useEffect(() => setCurrentPage(1), [search, setCurrentPage]);

  return (
    <PageFrame title={translate('derivation.fromAbove.title')} subtitle={translate('derivation.fromAbove.subtitle')}>
      <Card>
        {canList.data && !canList.data.can && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message={translate('derivation.fromAbove.readOnly')} />
        )}
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onSearch={(v) => setSearch(v.trim())}
            placeholder={translate('derivation.fromAbove.searchPlaceholder')}
            aria-label={translate('derivation.fromAbove.searchPlaceholder')}
            style={{ width: 360, maxWidth: '100%' }}
          />
        </Flex>
        {tableQuery.isError ? (
          <ErrorState error={tableQuery.error} onRetry={() => void tableQuery.refetch()} />
        ) : (
          <Table<PlanHead>
            {...tableProps}
            rowKey="id"
            size="middle"
            pagination={{
              ...tableProps.pagination,
              showSizeChanger: false,
              showTotal: (total, [from, to]) => translate('common.range', { from, to, total }),
            }}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={translate(search ? 'derivation.fromAbove.emptyFiltered' : 'derivation.fromAbove.empty')}
                />
              ),
            }}
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
                render: (title: string, plan) => (
                  <Link to={`/plans/${plan.id}`} className="plan-title-link">
                    {title}
                  </Link>
                ),
              },
              { title: translate('derivation.plan.unit'), dataIndex: ['unit', 'name'], width: 170 },
              {
                title: translate('derivation.plan.issuedDate'),
                dataIndex: 'issuedDate',
                width: 120,
                render: (d: string | null) => formatDate(d),
              },
              {
                title: translate('derivation.plan.deadline'),
                dataIndex: 'submissionDeadline',
                width: 170,
                render: (d: string | null) =>
                  d ? (
                    <Flex vertical gap={2} align="flex-start">
                      <span>{formatDate(d)}</span>
                      <DeadlineTag deadline={d} />
                    </Flex>
                  ) : (
                    <Typography.Text type="secondary">{translate('derivation.plan.noDeadline')}</Typography.Text>
                  ),
              },
              {
                title: translate('common.actions'),
                key: 'actions',
                width: 190,
                render: (_: unknown, plan) =>
                  identity && canDeriveFrom(identity, plan).can ? (
                    <Button
                      icon={<ForkOutlined  aria-hidden />}
                      onClick={() => navigate(`/derive/${plan.id}`)}
                      aria-label={`${translate('derivation.derive')}: ${plan.numberSymbol ?? ''} ${plan.title}`}
                    >
                      {translate('derivation.derive')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        )}
      </Card>
    </PageFrame>
  );
}
