import { Alert, Button, Empty, List, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useList, useTranslate } from '@refinedev/core';
import { ErrorState } from '../common/ErrorState';
import { UNIT_SEARCH } from './units.graphql';
import { UnitLabel } from './UnitLabel';
import type { UnitSearchHit } from './types';

const RESULTS = 50;

/** Accent-insensitive search over every unit the user may see (the API does the matching). */
export function UnitSearchResults({
  query,
  ownUnitId,
  selectedId,
  height,
  onSelect,
  onClear,
}: {
  query: string;
  ownUnitId: string;
  selectedId: string | null;
  height: number;
  onSelect: (unit: UnitSearchHit) => void;
  onClear: () => void;
}) {
  const translate = useTranslate();
  const { query: list, result } = useList<UnitSearchHit>({
    resource: 'units',
    filters: [{ field: 'search', operator: 'contains', value: query }],
    pagination: { currentPage: 1, pageSize: RESULTS },
    meta: { gqlQuery: UNIT_SEARCH, filterInput: 'filter' },
    errorNotification: false,
  });
  const total = result.total ?? 0;

  return (
    <section aria-label={translate('units.searchResults', { query })}>
      <Button type="link" icon={<ArrowLeftOutlined  aria-hidden />} onClick={onClear} style={{ paddingLeft: 0 }}>
        {translate('units.clearSearch')}
      </Button>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <>
          {!list.isLoading && total > 0 && (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }} role="status">
              {translate('units.searchCount', { count: total })}
            </Typography.Paragraph>
          )}
          {total > result.data.length && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 8 }}
              message={translate('units.searchTooMany', { shown: result.data.length, count: total })}
            />
          )}
          <List<UnitSearchHit>
            loading={list.isLoading}
            dataSource={result.data}
            style={{ maxHeight: height, overflowY: 'auto' }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate('units.noResults', { query })} /> }}
            renderItem={(unit) => (
              <List.Item
                className={unit.id === selectedId ? 'unit-hit unit-hit-selected' : 'unit-hit'}
                onClick={() => onSelect(unit)}
                onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onSelect(unit)}
                tabIndex={0}
                role="button"
                aria-pressed={unit.id === selectedId}
              >
                <List.Item.Meta
                  title={<UnitLabel unit={unit} own={unit.id === ownUnitId} />}
                  description={[unit.kind, unit.parent?.name].filter(Boolean).join(' · ')}
                />
              </List.Item>
            )}
          />
        </>
      )}
    </section>
  );
}
