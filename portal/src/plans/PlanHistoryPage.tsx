import { Button, Card, Empty, Flex, Table, Tag, Typography } from 'antd';
import { ApiOutlined, ArrowLeftOutlined } from '@ant-design/icons';
import { useTable } from '../common/use-table';
import { useOne, useTranslate } from '@refinedev/core';
import { useNavigate, useParams } from 'react-router';
import { ErrorState } from '../common/ErrorState';
import { PageFrame } from '../common/PageFrame';
import { formatDate, formatDateTime } from '../i18n/format';
import { describeChange, isTechnicalPath, parseJson, type FieldChange } from './audit-diff';
import { PLAN_HEADING, PLAN_HISTORY } from './plans.graphql';
import { PlanStatusTag } from './PlanStatusTag';
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

  /** Codes and dates as officials read them: "Mục (1., 2.1.)", "26/06/2026", "Có". */
  const readable = (path: string, value: string): string => {
    const last = path.split('.').at(-1) ?? '';
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    if (value === 'true' || value === 'false') return translate(`plans.history.${value}`);
    for (const group of ['nodeKinds', 'timingKinds', 'milestoneKinds', 'comparators', 'status', 'documentTypes']) {
      if ((last === 'kind' || last === 'status' || last === 'comparator' || last === 'type') && translate(`plans.${group}.${value}`, '')) {
        return translate(`plans.${group}.${value}`);
      }
    }
    return value;
  };
  const fieldName = (path: string) => translate(`plans.history.fields.${path.replace(/\./g, '_')}`, path || translate('plans.history.value'));
  const renderChanges = (all: FieldChange[]) => {
    const changes = all.filter((c) => !isTechnicalPath(c.path));
    return changes.length === 0 ? (
      <Typography.Text type="secondary">—</Typography.Text>
    ) : (
      <ul className="plan-history-changes">
        {changes.map((c) => (
          <li key={c.path}>
            <span className="plan-history-field">{fieldName(c.path)}:</span>{' '}
            {c.before !== null && <del className="plan-history-before">{cut(readable(c.path, c.before))}</del>}
            {c.before !== null && c.after !== null && ' → '}
            {c.after !== null && <ins className="plan-history-after">{cut(readable(c.path, c.after))}</ins>}
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
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label={translate('plans.history.back')} onClick={() => navigate(`/plans/${id}`)} />
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
            expandable={{
              rowExpandable: (e) => Boolean(e.before || e.after),
              expandedRowRender: (e) => (
                <div className="plan-history-json">
                  <div>
                    <Typography.Text strong>{translate('plans.history.before')}</Typography.Text>
                    <pre>{e.before ? JSON.stringify(parseJson(e.before), null, 2) : '—'}</pre>
                  </div>
                  <div>
                    <Typography.Text strong>{translate('plans.history.after')}</Typography.Text>
                    <pre>{e.after ? JSON.stringify(parseJson(e.after), null, 2) : '—'}</pre>
                  </div>
                </div>
              ),
            }}
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
                      <Tag icon={<ApiOutlined />} style={{ marginInlineStart: 6 }}>
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
                render: (_: unknown, e) => renderChanges(describeChange(e.before, e.after)),
              },
            ]}
          />
        )}
      </Card>
    </PageFrame>
  );
}
