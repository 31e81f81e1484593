import { useMemo } from 'react';
import type { TableProps } from 'antd';
import { useTable as useRefineTable, type BaseRecord, type HttpError, type useTableProps } from '@refinedev/core';

/**
 * A server-paged list for an antd Table: Refine core's useTable (filters, pages, the data
 * provider's Relay connections) plus the props the Table takes. The portal's one table hook —
 * it replaces @refinedev/antd's, whose bundle brought a markdown renderer and CSV parser into
 * every page (issue 14: first load weight).
 */
export function useTable<T extends BaseRecord>(props: useTableProps<T, HttpError, T>) {
  const table = useRefineTable<T, HttpError, T>({ ...props, pagination: { mode: 'server', ...props.pagination } });
  const { currentPage, pageSize, setCurrentPage, setPageSize, result, tableQuery } = table;
  const tableProps = useMemo<TableProps<T>>(
    () => ({
      dataSource: result.data,
      loading: !tableQuery.isFetched,
      pagination: { current: currentPage, pageSize, total: result.total ?? 0 },
      onChange: (pagination) => {
        if (pagination.pageSize && pagination.pageSize !== pageSize) setPageSize(pagination.pageSize);
        if (pagination.current) setCurrentPage(pagination.current);
      },
    }),
    [result.data, result.total, tableQuery.isFetched, currentPage, pageSize, setCurrentPage, setPageSize],
  );
  return { ...table, tableProps };
}
