import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Button, Card, Col, Empty, Flex, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { ErrorState } from '../common/ErrorState';
import { useGqlQuery } from '../derivation/use-gql';
import { useLocale } from '../i18n/locale';
import { CASCADE_ROWS } from './cascade.graphql';
import { formatNumber } from './labels';
import { perUnitTargetRows, rollupBars, type ChartLabels } from './target-data';
import type { CascadeRow, TargetRollup } from './types';

/** The charts library (G2) is loaded only when this tab is opened. */
const TargetCharts = lazy(() => import('./TargetCharts'));

const UNITS_PAGE = 100;

/**
 * Target roll-up: for each target of the plan, its total against the sum of its allocations and
 * the sum of the subordinates' own targets (table, then a chart for the chosen one); and per
 * direct subordinate, what was allocated against what it took on.
 */
export function TargetsPanel({ planId, targets }: { planId: string; targets: TargetRollup[] }) {
  const translate = useTranslate();
  const locale = useLocale();
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    if (!targets.length) return;
    if (!selected || !targets.some((t) => t.target.id === selected)) {
      setSelected((targets.find((t) => t.allocatedSum > 0) ?? targets[0]).target.id);
    }
  }, [targets, selected]);
  const rollup = targets.find((t) => t.target.id === selected) ?? null;

  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(0);
  const rowsQ = useGqlQuery<{ plan: { cascade: { nodes: CascadeRow[]; totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } }>(
    CASCADE_ROWS,
    { id: planId, filter: { depth: 'CHILDREN' }, first: UNITS_PAGE, after: cursors[page] ?? null },
    { enabled: Boolean(rollup), keepPrevious: true },
  );
  const connection = rowsQ.data?.plan.cascade;

  const labels = useMemo<ChartLabels>(
    () => ({
      total: translate('cascade.targets.total'),
      allocated: translate('cascade.targets.allocatedSum'),
      own: translate('cascade.targets.ownSum'),
      unitAllocated: translate('cascade.targets.unitAllocated'),
      unitOwn: translate('cascade.targets.unitOwn'),
    }),
    [translate],
  );
  const bars = useMemo(() => (rollup ? rollupBars(rollup, labels) : []), [rollup, labels]);
  const perUnit = useMemo(
    () => (rollup && connection ? perUnitTargetRows(connection.nodes, rollup.target.id, labels) : []),
    [rollup, connection, labels],
  );

  if (!targets.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate('cascade.targets.none')} />;

  const n = (v: number | null) => formatNumber(v, locale);
  return (
    <Flex vertical gap={16}>
      <Table<TargetRollup>
        size="small"
        rowKey={(t) => t.target.id}
        dataSource={targets}
        pagination={targets.length > 8 ? { pageSize: 8, showSizeChanger: false, size: 'small' } : false}
        rowSelection={{
          type: 'radio',
          selectedRowKeys: selected ? [selected] : [],
          onChange: (keys) => setSelected(String(keys[0])),
          columnTitle: translate('cascade.targets.chart'),
          columnWidth: 70,
        }}
        onRow={(t) => ({ onClick: () => setSelected(t.target.id), style: { cursor: 'pointer' } })}
        data-testid="targets-table"
        columns={[
          { title: translate('cascade.targets.metric'), dataIndex: ['target', 'metric'] },
          { title: translate('cascade.targets.unitOfMeasure'), dataIndex: ['target', 'unitOfMeasure'], width: 100 },
          {
            title: translate('cascade.targets.total'),
            dataIndex: 'total',
            width: 130,
            align: 'right',
            render: (v: number | null, t) => (
              <span>
                {v !== null && t.target.comparator !== 'EXACT' && (
                  <Typography.Text type="secondary">{translate(`cascade.comparator.${t.target.comparator}`)} </Typography.Text>
                )}
                <strong>{n(v)}</strong>
              </span>
            ),
          },
          {
            title: translate('cascade.targets.allocatedSum'),
            dataIndex: 'allocatedSum',
            width: 160,
            align: 'right',
            render: (v: number, t) => (
              <Space size={4}>
                <span>{t.allocatedSum || t.allocationsMatch !== null ? n(v) : '—'}</span>
                {t.allocationsMatch === true && <Tag color="green">{translate('cascade.targets.match')}</Tag>}
                {t.allocationsMatch === false && (
                  <Tag color="red">{translate('cascade.targets.mismatch', { value: n(v - (t.total ?? 0)) })}</Tag>
                )}
              </Space>
            ),
          },
          {
            title: translate('cascade.targets.ownSum'),
            dataIndex: 'ownSum',
            width: 170,
            align: 'right',
            render: (v: number, t) => (
              <span className={t.allocatedSum > 0 && v < t.allocatedSum ? 'gap-short' : undefined}>{t.unitsWithTarget ? n(v) : '—'}</span>
            ),
          },
          { title: translate('cascade.targets.unitsWithTarget'), dataIndex: 'unitsWithTarget', width: 120, align: 'right' },
        ]}
      />
      {rollup && (
        <Row gutter={16}>
          <Col span={9}>
            <Card size="small" title={translate('cascade.targets.rollupChart')} data-testid="chart-rollup">
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: rollup.target.metric }} style={{ marginBottom: 8 }}>
                {rollup.target.metric} ({rollup.target.unitOfMeasure})
              </Typography.Paragraph>
              <Suspense fallback={<Skeleton active />}>
                <TargetCharts kind="rollup" data={bars} unitOfMeasure={rollup.target.unitOfMeasure} locale={locale} />
              </Suspense>
            </Card>
          </Col>
          <Col span={15}>
            <Card
              size="small"
              title={translate('cascade.targets.perUnitChart')}
              data-testid="chart-per-unit"
              extra={
                connection && (connection.pageInfo.hasNextPage || page > 0) ? (
                  <Space>
                    <Button size="small" icon={<LeftOutlined />} disabled={page === 0} onClick={() => setPage(page - 1)} aria-label={translate('cascade.matrix.previous')} />
                    <Button
                      size="small"
                      icon={<RightOutlined />}
                      disabled={!connection.pageInfo.hasNextPage}
                      aria-label={translate('cascade.matrix.next')}
                      onClick={() => {
                        setCursors((c) => [...c.slice(0, page + 1), connection.pageInfo.endCursor]);
                        setPage(page + 1);
                      }}
                    />
                  </Space>
                ) : null
              }
            >
              {rowsQ.query.isError ? (
                <ErrorState error={rowsQ.query.error} onRetry={() => void rowsQ.query.refetch()} />
              ) : !connection ? (
                <Skeleton active />
              ) : perUnit.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate('cascade.targets.noUnitValues')} />
              ) : (
                <Suspense fallback={<Skeleton active />}>
                  <TargetCharts kind="perUnit" data={perUnit} unitOfMeasure={rollup.target.unitOfMeasure} locale={locale} />
                </Suspense>
              )}
            </Card>
          </Col>
        </Row>
      )}
    </Flex>
  );
}
