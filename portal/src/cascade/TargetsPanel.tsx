import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Button, Card, Col, Empty, Flex, Row, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { ErrorState } from '../common/ErrorState';
import { useGqlQuery } from '../common/use-gql';
import { useLocale } from '../i18n/locale';
import { CASCADE_ROWS } from './cascade.graphql';
import { formatNumber } from './labels';
import { perUnitTargetRows, rollupBars, type ChartLabels } from './target-data';
import type { CascadeRow, TargetRollup } from './types';

/** The charts library (G2) is loaded only when this tab is opened. */
const TargetCharts = lazy(() => import('./TargetCharts'));

/** Direct subordinates per page of the per-unit chart (the API's largest page). */
const UNITS_PAGE = 100;

interface RowsPage {
  plan: { cascade: { nodes: CascadeRow[]; totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
}

/**
 * Target roll-up: for the chosen target of the plan, its total against the sum of its
 * allocations and the sum of the subordinates' own targets, and per direct subordinate what was
 * allocated against what it took on; below, every target with the same figures (also the
 * accessible reading of the charts). Allocations name direct subordinates, so the per-unit chart
 * always reads the direct children.
 */
export function TargetsPanel({ planId, targets }: { planId: string; targets: TargetRollup[] }) {
  const translate = useTranslate();
  const locale = useLocale();
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    if (targets.length && (!selected || !targets.some((t) => t.target.id === selected))) {
      setSelected((targets.find((t) => t.allocatedSum > 0) ?? targets[0]).target.id);
    }
  }, [targets, selected]);
  const rollup = targets.find((t) => t.target.id === selected) ?? null;

  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(0);
  const rowsQ = useGqlQuery<RowsPage>(
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
  const rollupSeries = useMemo(
    () => [
      { name: labels.total, color: '#1f4e8c' },
      { name: labels.allocated, color: '#69b1ff' },
      { name: labels.own, color: '#52c41a' },
    ],
    [labels],
  );
  const unitSeries = useMemo(
    () => [
      { name: labels.unitAllocated, color: '#69b1ff' },
      { name: labels.unitOwn, color: '#52c41a' },
    ],
    [labels],
  );
  const bars = useMemo(() => (rollup ? rollupBars(rollup, labels) : []), [rollup, labels]);
  const perUnit = useMemo(
    () => (rollup && connection ? perUnitTargetRows(connection.nodes, rollup.target.id, labels) : []),
    [rollup, connection, labels],
  );

  if (!targets.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate('cascade.targets.none')} />;

  const n = (v: number | null) => formatNumber(v, locale);
  const option = (t: TargetRollup) => `${t.target.metric} (${t.target.unitOfMeasure})`;
  return (
    <Flex vertical gap={16}>
      <Flex align="center" gap={8}>
        <label htmlFor="target-chart-select" style={{ whiteSpace: 'nowrap' }}>
          {translate('cascade.targets.choose')}:
        </label>
        <Select
          id="target-chart-select"
          showSearch
          optionFilterProp="label"
          value={selected ?? undefined}
          onChange={setSelected}
          style={{ flex: 1, maxWidth: 760 }}
          options={targets.map((t) => ({ value: t.target.id, label: option(t) }))}
        />
      </Flex>
      {rollup && (
        <Row gutter={16}>
          <Col span={9}>
            <Card size="small" title={translate('cascade.targets.rollupChart')} data-testid="chart-rollup">
              {bars.length ? (
                <Suspense fallback={<Skeleton active />}>
                  <TargetCharts kind="rollup" data={bars} series={rollupSeries} unitOfMeasure={rollup.target.unitOfMeasure} locale={locale} />
                </Suspense>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate('cascade.targets.noValues')} />
              )}
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
                    <Button
                      size="small"
                      icon={<LeftOutlined  aria-hidden />}
                      disabled={page === 0}
                      onClick={() => setPage(page - 1)}
                      aria-label={translate('cascade.matrix.previous')}
                    />
                    <Button
                      size="small"
                      icon={<RightOutlined  aria-hidden />}
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
                  <TargetCharts kind="perUnit" data={perUnit} series={unitSeries} unitOfMeasure={rollup.target.unitOfMeasure} locale={locale} />
                </Suspense>
              )}
            </Card>
          </Col>
        </Row>
      )}
      <Table<TargetRollup>
        size="small"
        rowKey={(t) => t.target.id}
        dataSource={targets}
        pagination={targets.length > 10 ? { pageSize: 10, showSizeChanger: false, size: 'small' } : false}
        rowClassName={(t) => (t.target.id === selected ? 'ant-table-row-selected' : '')}
        onRow={(t) => ({ onClick: () => setSelected(t.target.id), style: { cursor: 'pointer' } })}
        data-testid="targets-table"
        columns={[
          { title: translate('cascade.targets.metric'), dataIndex: ['target', 'metric'] },
          { title: translate('cascade.targets.unitOfMeasure'), dataIndex: ['target', 'unitOfMeasure'], width: 100 },
          {
            title: translate('cascade.targets.total'),
            dataIndex: 'total',
            width: 120,
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
            width: 170,
            align: 'right',
            render: (v: number, t) => (
              <Space size={4}>
                <span>{t.allocatedSum || t.allocationsMatch !== null ? n(v) : '—'}</span>
                {t.allocationsMatch === true && <Tag color="green">{translate('cascade.targets.match')}</Tag>}
                {t.allocationsMatch === false && <Tag color="red">{translate('cascade.targets.mismatch', { value: n(v - (t.total ?? 0)) })}</Tag>}
              </Space>
            ),
          },
          {
            title: translate('cascade.targets.ownSum'),
            dataIndex: 'ownSum',
            width: 160,
            align: 'right',
            render: (v: number, t) => (
              <span className={t.allocatedSum > 0 && v < t.allocatedSum ? 'gap-short' : undefined}>{t.unitsWithTarget ? n(v) : '—'}</span>
            ),
          },
          { title: translate('cascade.targets.unitsWithTarget'), dataIndex: 'unitsWithTarget', width: 110, align: 'right' },
        ]}
      />
    </Flex>
  );
}
