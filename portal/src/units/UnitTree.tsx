import { useCallback, useEffect, useMemo, useRef, useState, type Key } from 'react';
import { Button, Spin, Tree, Typography } from 'antd';
import type { DataNode, EventDataNode } from 'antd/es/tree';
import { useDataProvider, useTranslate } from '@refinedev/core';
import type { Connection } from '../providers/data-provider';
import { describeError } from '../common/describe-error';
import { UNIT_CHILDREN } from './units.graphql';
import { UnitLabel } from './UnitLabel';
import type { UnitCore } from './types';

/** Children are read 100 at a time (the API's largest page); a province has at most ~30 districts. */
const CHILDREN_PAGE = 100;

interface ChildrenState {
  units: UnitCore[];
  total: number;
  endCursor: string | null;
  hasNextPage: boolean;
  error?: unknown;
  loadingMore?: boolean;
}

const MORE = 'more:';
const FAILED = 'failed:';

export interface UnitTreeProps {
  root: UnitCore;
  ownUnitId: string;
  selectedId: string | null;
  /** Units to keep expanded (e.g. the chain down to the selected unit). */
  revealIds: string[];
  height: number;
  onSelect: (unit: UnitCore) => void;
}

/**
 * The unit hierarchy, loaded level by level: a unit's children are read when it is expanded, a
 * page at a time ("show more" below the last one).
 */
export function UnitTree({ root, ownUnitId, selectedId, revealIds, height, onSelect }: UnitTreeProps) {
  const translate = useTranslate();
  const dataProvider = useDataProvider();
  const [children, setChildren] = useState<Record<string, ChildrenState>>({});
  const [expandedKeys, setExpandedKeys] = useState<Key[]>(() => [...new Set([root.id, ...revealIds, ownUnitId])]);
  const units = useRef(new Map<string, UnitCore>([[root.id, root]]));
  const treeRef = useRef<{ scrollTo: (arg: { key: Key; align?: 'top' | 'bottom' | 'auto' }) => void } | null>(null);

  const fetchChildren = useCallback(
    async (parentId: string, after: string | null) => {
      const { data } = await dataProvider().custom!<{ unit: { children: Connection<UnitCore> } }>({
        url: '',
        method: 'get',
        meta: { gqlQuery: UNIT_CHILDREN, gqlVariables: { id: parentId, first: CHILDREN_PAGE, after } },
      });
      return data.unit.children;
    },
    [dataProvider],
  );

  const load = useCallback(
    async (parentId: string, append: boolean) => {
      const before = children[parentId];
      if (append) setChildren((s) => ({ ...s, [parentId]: { ...s[parentId], loadingMore: true } }));
      try {
        const page = await fetchChildren(parentId, append ? (before?.endCursor ?? null) : null);
        const nodes = page.nodes ?? [];
        for (const u of nodes) units.current.set(u.id, u);
        setChildren((s) => ({
          ...s,
          [parentId]: {
            units: append ? [...(s[parentId]?.units ?? []), ...nodes] : nodes,
            total: page.totalCount ?? nodes.length,
            endCursor: page.pageInfo.endCursor,
            hasNextPage: page.pageInfo.hasNextPage,
          },
        }));
      } catch (error) {
        setChildren((s) => {
          const previous = s[parentId] as ChildrenState | undefined;
          const failed: ChildrenState = previous
            ? { ...previous, error, loadingMore: false }
            : { units: [], total: 0, endCursor: null, hasNextPage: false, error };
          return { ...s, [parentId]: failed };
        });
      }
    },
    [children, fetchChildren],
  );

  // Keep the chain to the selected unit open when it changes from outside (search, links).
  useEffect(() => {
    setExpandedKeys((keys) => {
      const missing = revealIds.filter((id) => !keys.includes(id));
      return missing.length ? [...keys, ...missing] : keys;
    });
  }, [revealIds]);

  useEffect(() => {
    if (selectedId && units.current.has(selectedId)) treeRef.current?.scrollTo({ key: selectedId, align: 'auto' });
  }, [selectedId, children]);

  const treeData = useMemo(() => {
    const toNode = (unit: UnitCore, parent?: UnitCore): DataNode => {
      const state = children[unit.id];
      let nodes: DataNode[] | undefined;
      if (state) {
        nodes = state.units.map((child) => toNode(child, unit));
        if (state.error) {
          nodes.push({
            key: `${FAILED}${unit.id}`,
            isLeaf: true,
            selectable: true,
            title: (
              <Typography.Text type="danger">
                {describeError(state.error, translate).title} — <Typography.Link>{translate('common.retry')}</Typography.Link>
              </Typography.Text>
            ),
          });
        } else if (state.hasNextPage) {
          nodes.push({
            key: `${MORE}${unit.id}`,
            isLeaf: true,
            selectable: true,
            title: (
              <Button type="link" size="small" loading={state.loadingMore} style={{ padding: 0 }}>
                {translate('units.loadMore', { shown: state.units.length, total: state.total })}
              </Button>
            ),
          });
        } else if (state.units.length === 0) {
          nodes.push({
            key: `empty:${unit.id}`,
            isLeaf: true,
            selectable: false,
            title: <Typography.Text type="secondary">{translate('units.noChildren')}</Typography.Text>,
          });
        }
      }
      return {
        key: unit.id,
        title: (
          <UnitLabel
            unit={unit}
            own={unit.id === ownUnitId}
            inheritedStatus={Boolean(parent?.validTo && parent.validTo === unit.validTo)}
          />
        ),
        isLeaf: unit.childCount === 0,
        children: nodes,
      };
    };
    return [toNode(root)];
  }, [children, root, ownUnitId, translate]);

  const onLoadData = useCallback((node: EventDataNode<DataNode>) => load(String(node.key), false), [load]);

  const handleSelect = (_keys: Key[], info: { node: EventDataNode<DataNode> }) => {
    const key = String(info.node.key);
    if (key.startsWith(MORE)) return void load(key.slice(MORE.length), true);
    if (key.startsWith(FAILED)) {
      const parentId = key.slice(FAILED.length);
      setChildren((s) => {
        const { [parentId]: _dropped, ...rest } = s;
        return rest;
      });
      return void load(parentId, false);
    }
    const unit = units.current.get(key);
    if (unit) onSelect(unit);
  };

  return (
    <div role="region" aria-label={translate('units.treeLabel')} className="unit-tree">
      <Tree
        ref={treeRef as never}
        treeData={treeData}
        loadData={onLoadData}
        expandedKeys={expandedKeys}
        // Keep keys of units not loaded yet: they open (and load) as soon as they appear.
        defaultExpandParent={false}
        autoExpandParent={false}
        onExpand={(keys) => setExpandedKeys(keys)}
        selectedKeys={selectedId ? [selectedId] : []}
        onSelect={handleSelect}
        showLine={{ showLeafIcon: false }}
        blockNode
        height={height}
        virtual
      />
      {!children[root.id] && expandedKeys.includes(root.id) && root.childCount > 0 && (
        <div style={{ padding: 8 }}>
          <Spin size="small" /> <Typography.Text type="secondary">{translate('common.loading')}</Typography.Text>
        </div>
      )}
    </div>
  );
}
