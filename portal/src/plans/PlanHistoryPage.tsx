import { Button, Card, Empty, Flex, Table, Tag, Typography } from 'antd';
import { ApiOutlined, ArrowLeftOutlined } from '@ant-design/icons';
import { useTable } from '../common/use-table';
import { useOne, useTranslate } from '@refinedev/core';
import { useNavigate, useParams } from 'react-router';
import { ErrorState } from '../common/ErrorState';
import { PageFrame } from '../common/PageFrame';
import { formatDateTime } from '../i18n/format';
import { readableChanges } from './audit-diff';
import { PLAN_HEADING, PLAN_HISTORY } from './plans.graphql';
import { PlanStatusTag } from '../common/PlanStatusTag';
import type { AuditEvent, PlanStatus } from './types';
import './plans.css';

const MAX_SHOWN = 400;
const cut = (s: string) => (s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s);

/** The audit trail of a plan: every change, when, by whom, and what it changed. */
export function PlanHistoryPage() {
  const { id = '' } = useParams();
  const translate = useTranslate();
  const navigate = useNavigate();
  const heading = useOne<{ id: string; title: string; status: PlanStatus; numberSymbol: string | null; unit: { name: string } }>({
    resource: 'plans',
    id,
    meta: { gqlQuery: PLAN_HEADING },
    errorNotification: false,
  });
  const { tableProps, tableQuery } = useTable<AuditEvent>({
    resource: 'plans',
    syncWithLocation: false,
    pagination: { pageSize: 50 },
    meta: { gqlQuery: PLAN_HISTORY, gqlVariables: { id }, connectionPath: 'plan.history' },
    errorNotification: false,
  });
  const plan = heading.result;

  const renderChanges = (e: AuditEvent) => {
    const changes = readableChanges(e.before, e.after, translate);
    return changes.length === 0 ? (
      <Typography.Text type="secondary">—</Typography.Text>
    ) : (
      <ul className="plan-history-changes">
        {changes.map((c) => (
          <li key={c.path}>
            <span className="plan-history-field">{c.label}:</span>{' '}
            {c.before !== null && (
              <del className="plan-history-before">
                <span className="sr-only">{translate('plans.history.before')}: </span>
                {cut(c.before)}
              </del>
            )}
            {c.before !== null && c.after !== null && ' → '}
            {c.after !== null && (
              <ins className="plan-history-after">
                <span className="sr-only">{translate('plans.history.after')}: </span>
                {cut(c.after)}
              </ins>
            )}
          </li>
        ))}
      </ul>
    );
  };

  return (
    <PageFrame
      documentTitle={translate('plans.history.title')}
      title={
        <Flex align="center" gap={8}>
          <Button type="text" icon={<ArrowLeftOutlined  aria-hidden />} aria-label={translate('plans.history.back')} onClick={() => navigate(`/plans/${id}`)} />
          {translate('plans.history.title')}
        </Flex>
      }
      subtitle={
        plan ? (
          <span>
            {plan.numberSymbol ?? translate('plans.draftShort')} — {plan.title} — {plan.unit.name} <PlanStatusTag status={plan.status} />
          </span>
        ) : (
          translate('plans.history.subtitle')
        )
      }
    >
      <Card>
        {tableQuery.isError ? (
          <ErrorState error={tableQuery.error} onRetry={() => void tableQuery.refetch()} />
        ) : (
          <Table<AuditEvent>
            {...tableProps}
            rowKey="id"
            size="small"
            scroll={{ x: 960 }}
            data-testid="plan-history"
            pagination={{
              ...tableProps.pagination,
              showSizeChanger: false,
              showTotal: (total, [from, to]) => translate('common.range', { from, to, total }),
            }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate('plans.history.empty')} /> }}
            columns={[
              { title: translate('plans.history.when'), dataIndex: 'occurredAt', width: 150, render: (v: string) => formatDateTime(v) },
              {
                title: translate('plans.history.who'),
                key: 'who',
                width: 220,
                render: (_: unknown, e) => (
                  <span>
                    {e.actorName ?? translate('plans.history.system')}
                    {e.actorKind === 'API_KEY' && (
                      <Tag icon={<ApiOutlined  aria-hidden />} style={{ marginInlineStart: 6 }}>
                        {translate('plans.history.apiKey')}
                      </Tag>
                    )}
                  </span>
                ),
              },
              {
                title: translate('plans.history.action'),
                dataIndex: 'action',
                width: 200,
                render: (a: string) => <span className="plan-history-action">{translate(`plans.history.actions.${a}`, a)}</span>,
              },
              {
                title: translate('plans.history.changes'),
                key: 'changes',
                render: (_: unknown, e) => renderChanges(e),
              },
            ]}
          />
        )}
      </Card>
    </PageFrame>
  );
}
