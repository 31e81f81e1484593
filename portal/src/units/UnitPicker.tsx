import { useEffect, useId, useMemo, useState } from 'react';
import { Flex, Select, Spin, Typography } from 'antd';
import { useCustom, useList, useTranslate } from '@refinedev/core';
import { UNIT_DESCENDANT_SEARCH, UNIT_SEARCH } from './units.graphql';
import type { UnitSummary } from './types';

interface Option {
  id: string;
  name: string;
  code: string;
  validTo: string | null;
  parentName?: string;
}

export interface UnitPickerProps {
  /** The unit shown as chosen. */
  value: UnitSummary | undefined;
  onChange: (unitId: string) => void;
  /**
   * `subtree`: the root unit and those below it (what an administrator manages);
   * `visible`: every unit the user may see (their chain and everything below).
   */
  scope: 'subtree' | 'visible';
  /** The unit whose subtree is offered (the user's own unit). */
  rootId: string;
  rootOption?: Option;
  id?: string;
}

/** Choose a unit by typing part of its name (accents optional). */
export function UnitPicker({ value, onChange, scope, rootId, rootOption, id }: UnitPickerProps) {
  const translate = useTranslate();
  const generatedId = useId();
  const inputId = id ?? `unit-picker-${generatedId}`;
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);

  const below = useCustom<{ unit: { descendants: { nodes: (Option & { parent: { name: string } | null })[] } } }>({
    url: '',
    method: 'get',
    meta: { gqlQuery: UNIT_DESCENDANT_SEARCH, gqlVariables: { id: rootId, search: search || undefined, first: 30 } },
    queryOptions: { enabled: scope === 'subtree' && Boolean(rootId) },
    errorNotification: false,
  });
  const visible = useList<Option & { parent: { name: string } | null }>({
    resource: 'units',
    filters: [{ field: 'search', operator: 'contains', value: search }],
    pagination: { currentPage: 1, pageSize: 30 },
    meta: { gqlQuery: UNIT_SEARCH, filterInput: 'filter' },
    queryOptions: { enabled: scope === 'visible' },
    errorNotification: false,
  });

  const options = useMemo(() => {
    const found = scope === 'subtree' ? (below.result.data?.unit?.descendants.nodes ?? []) : visible.result.data;
    const all: Option[] = [];
    const seen = new Set<string>();
    const add = (o: Option | undefined) => {
      if (o && !seen.has(o.id)) {
        seen.add(o.id);
        all.push(o);
      }
    };
    if (value) add({ id: value.id, name: value.name, code: value.code, validTo: value.validTo, parentName: value.parent?.name });
    if (!search) add(rootOption);
    for (const u of found) add({ id: u.id, name: u.name, code: u.code, validTo: u.validTo, parentName: u.parent?.name });
    return all.map((o) => ({ value: o.id, label: `${o.name} (${o.code})`, unit: o }));
  }, [below.result.data, visible.result.data, scope, value, rootOption, search]);

  const loading = scope === 'subtree' ? below.query.isFetching : visible.query.isFetching;

  return (
    <Flex align="center" gap={8} wrap style={{ maxWidth: '100%' }}>
      <label htmlFor={inputId} style={{ whiteSpace: 'nowrap' }}>
        {translate('unitPicker.label')}:
      </label>
      <Select
        id={inputId}
        showSearch
        value={value?.id}
        onChange={(v: string) => {
          setTyped('');
          onChange(v);
        }}
        onSearch={setTyped}
        searchValue={typed}
        filterOption={false}
        options={options}
        placeholder={translate('unitPicker.placeholder')}
        notFoundContent={loading ? <Spin size="small" /> : translate('unitPicker.noMatch')}
        optionRender={(option) => {
          const unit = (option.data as { unit: Option }).unit;
          return (
            <div>
              <div>
                {unit.name} <Typography.Text type="secondary">({unit.code})</Typography.Text>
              </div>
              {unit.parentName && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {unit.parentName}
                </Typography.Text>
              )}
            </div>
          );
        }}
        style={{ width: 340, maxWidth: '100%' }}
      />
    </Flex>
  );
}
