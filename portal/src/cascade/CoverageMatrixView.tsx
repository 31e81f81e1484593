import { useMemo, useState } from 'react';
import { Button, Empty, Flex, Skeleton, Space, Tooltip, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { ErrorState } from '../common/ErrorState';
import { useGqlQuery } from '../common/use-gql';
import { COVERAGE_MATRIX } from './cascade.graphql';
import { COVERAGE_COLOR, COVERAGE_STATUSES, shortUnitName } from './labels';
import { excerpt, layoutMatrix } from './matrix';
import type { CascadeDepth, CoverageMatrix } from './types';
import './cascade.css';

/** Units per page of the matrix: ~20 columns stay readable at 1366 px beside the task column. */
export const MATRIX_PAGE = 20;

/**
 * The parent's tasks (rows) × subordinate units (columns), a page of units at a time: what each
 * unit's plan did with each task. Every cell carries a letter and a label, not only a colour.
 */
export function CoverageMatrixView({ planId, depth }: { planId: string; depth: CascadeDepth }) {
  const translate = useTranslate();
  // Cursors of the pages seen so far: cursors[i] starts page i. (The parent remounts this view
  // when the plan or the depth changes, so a cursor never outlives its list.)
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState(0);

  const q = useGqlQuery<{ plan: { coverageMatrix: CoverageMatrix } }>(
    COVERAGE_MATRIX,
    { id: planId, depth, first: MATRIX_PAGE, after: cursors[page] ?? null },
    { keepPrevious: true },
  );
  const matrix = q.data?.plan.coverageMatrix;
  const layout = useMemo(() => (matrix ? layoutMatrix(matrix) : null), [matrix]);

  const next = () => {
    if (!matrix?.endCursor) return;
    setCursors((c) => {
      const copy = c.slice(0, page + 1);
      copy[page + 1] = matrix.endCursor;
      return copy;
    });
    setPage(page + 1);
  };

  if (q.query.isError) return <ErrorState error={q.query.error} onRetry={() => void q.query.refetch()} />;
  if (!matrix || !layout) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (matrix.tasks.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate('cascade.matrix.noTasks')} />;
  if (matrix.totalUnits === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate('cascade.matrix.noUnits')} />;

  const from = page * MATRIX_PAGE + 1;
  const to = page * MATRIX_PAGE + layout.units.length;
  const statusText = (s: string) => translate(`cascade.coverageStatus.${s}`);

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <div className="matrix-legend" aria-label={translate('cascade.matrix.legend')}>
          {COVERAGE_STATUSES.map((s) => (
            <span key={s}>
              <b style={{ background: COVERAGE_COLOR[s], borderRadius: 3 }}>{translate(`cascade.coverageLetter.${s}`)}</b> {statusText(s)}
            </span>
          ))}
        </div>
        <Space>
          <Typography.Text type="secondary" aria-live="polite">
            {translate('cascade.matrix.range', { from, to, total: matrix.totalUnits, tasks: matrix.tasks.length })}
          </Typography.Text>
          <Button icon={<LeftOutlined  aria-hidden />} disabled={page === 0 || q.query.isFetching} onClick={() => setPage(page - 1)}>
            {translate('cascade.matrix.previous')}
          </Button>
          <Button disabled={!matrix.hasNextPage || q.query.isFetching} onClick={next}>
            {translate('cascade.matrix.next')} <RightOutlined  aria-hidden />
          </Button>
        </Space>
      </Flex>
      <div className="matrix-scroll" tabIndex={0} aria-label={translate('cascade.matrix.title')} style={{ opacity: q.query.isFetching ? 0.6 : 1 }}>
        <table className="matrix" data-testid="coverage-matrix">
          <caption className="cascade-sr-only">
            {translate('cascade.matrix.caption')}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="matrix-corner">
                {translate('cascade.matrix.taskColumn')}
              </th>
              {layout.units.map((u) => (
                <th key={u.id} scope="col" title={`${u.name} (${u.code})`}>
                  <div className="matrix-unit">{shortUnitName(u.name)}</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {layout.rows.map((row) => (
              <tr key={row.task.id}>
                <th scope="row">
                  <Tooltip title={row.task.text} placement="right" mouseEnterDelay={0.4}>
                    <span>
                      {row.task.label && <span className="matrix-task-label">{row.task.label}</span>}
                      {excerpt(row.task.text, 70)}
                    </span>
                  </Tooltip>
                </th>
                {row.cells.map((s, i) => (
                  <td
                    key={layout.units[i].id}
                    className="matrix-cell"
                    style={{ background: COVERAGE_COLOR[s] }}
                    title={`${layout.units[i].name}: ${statusText(s)}`}
                    aria-label={`${layout.units[i].name}: ${statusText(s)}`}
                    data-status={s}
                  >
                    {translate(`cascade.coverageLetter.${s}`)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{translate('cascade.matrix.keptTotal')}</th>
              {layout.unitTotals.map((t, i) => (
                <td key={layout.units[i].id} title={`${layout.units[i].name}: ${t.kept}/${t.tasks}`}>
                  {t.hasPlan ? `${t.kept}/${t.tasks}` : '—'}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </Flex>
  );
}
