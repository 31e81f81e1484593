import { useEffect, useMemo, useState } from 'react';
import { Card, Col, Input, Row, Skeleton } from 'antd';
import { useGetIdentity, useOne, useTranslate } from '@refinedev/core';
import { useSearchParams } from 'react-router';
import type { Identity } from '../auth/identity';
import { ErrorState } from '../common/ErrorState';
import { PageFrame } from '../common/PageFrame';
import { UNIT_DETAILS, UNIT_NODE } from './units.graphql';
import { UnitDetails } from './UnitDetails';
import { UnitSearchResults } from './UnitSearchResults';
import { UnitTree } from './UnitTree';
import type { UnitCore, UnitDetails as UnitDetailsType } from './types';

const MIN_SEARCH = 2;

function usePanelHeight() {
  const compute = () => Math.max(320, window.innerHeight - 290);
  const [height, setHeight] = useState(compute);
  useEffect(() => {
    const onResize = () => setHeight(compute());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return height;
}

/** The unit hierarchy: a lazy tree (or search results) on the left, the selected unit on the right. */
export function UnitsPage() {
  const translate = useTranslate();
  const { data: identity, isLoading: identityLoading } = useGetIdentity<Identity>();
  const height = usePanelHeight();
  // ?unit=… opens a unit chosen elsewhere (the home page's tree).
  const [params] = useSearchParams();
  const [selectedId, setSelectedId] = useState<string | null>(() => params.get('unit'));
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');

  // Search as the user types, after a short pause; Enter searches at once.
  useEffect(() => {
    const id = setTimeout(() => setQuery(typed.trim().length >= MIN_SEARCH ? typed.trim() : ''), 350);
    return () => clearTimeout(id);
  }, [typed]);

  const ownUnitId = identity?.unit.id ?? '';
  const rootId = identity ? (identity.unit.ancestors[0]?.id ?? identity.unit.id) : '';
  useEffect(() => {
    if (identity && selectedId === null) setSelectedId(identity.unit.id);
  }, [identity, selectedId]);

  const root = useOne<UnitCore>({
    resource: 'units',
    id: rootId,
    meta: { gqlQuery: UNIT_NODE },
    queryOptions: { enabled: Boolean(rootId) },
    errorNotification: false,
  });
  // The selected unit's chain, to open the tree down to it (shares the details panel's query).
  const selected = useOne<UnitDetailsType>({
    resource: 'units',
    id: selectedId ?? '',
    meta: { gqlQuery: UNIT_DETAILS },
    queryOptions: { enabled: Boolean(selectedId) },
    errorNotification: false,
  });
  const revealIds = useMemo(
    () => (selected.result ? selected.result.ancestors.map((a) => a.id) : (identity?.unit.ancestors.map((a) => a.id) ?? [])),
    [selected.result, identity],
  );

  return (
    <PageFrame title={translate('units.title')} subtitle={translate('units.subtitle')}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={11} xxl={9}>
          <Card title={translate('units.tree')} styles={{ body: { paddingTop: 12 } }}>
            <Input.Search
              allowClear
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              onSearch={(value) => setQuery(value.trim().length >= MIN_SEARCH ? value.trim() : '')}
              placeholder={translate('units.searchPlaceholder')}
              aria-label={translate('units.search')}
              style={{ marginBottom: 12 }}
            />
            {query ? (
              <UnitSearchResults
                query={query}
                ownUnitId={ownUnitId}
                selectedId={selectedId}
                height={height - 80}
                onSelect={(unit) => setSelectedId(unit.id)}
                onClear={() => {
                  setTyped('');
                  setQuery('');
                }}
              />
            ) : root.query.isError ? (
              <ErrorState error={root.query.error} onRetry={() => void root.query.refetch()} />
            ) : identityLoading || !root.result ? (
              <Skeleton active paragraph={{ rows: 8 }} />
            ) : (
              <UnitTree
                root={root.result}
                ownUnitId={ownUnitId}
                selectedId={selectedId}
                revealIds={revealIds}
                height={height}
                onSelect={(unit) => setSelectedId(unit.id)}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={13} xxl={15}>
          <UnitDetails unitId={selectedId} ownUnitId={ownUnitId} onNavigate={setSelectedId} />
        </Col>
      </Row>
    </PageFrame>
  );
}
