import { useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Input, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { useTable } from '../common/use-table';
import { useCan, useTranslate, useUpdate } from '@refinedev/core';
import { ErrorState } from '../common/ErrorState';
import { PageFrame } from '../common/PageFrame';
import { useNotify } from '../common/use-notify';
import { toHttpError } from '../providers/errors';
import { UnitPicker } from '../units/UnitPicker';
import { useSelectedUnit } from '../units/use-selected-unit';
import { AGENCIES, UPDATE_AGENCY } from './agencies.graphql';
import { AgencyFormModal } from './AgencyFormModal';
import type { Agency } from './types';
import { useSectors } from './use-sectors';

/** Agencies of one unit: list with search and sector filter; administrators add, edit, disable. */
export function AgencyListPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const { identity, unitId, unit, scope, summaryQuery, setUnitId } = useSelectedUnit();
  const sectors = useSectors();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [sector, setSector] = useState<string | undefined>();
  const [includeDisabled, setIncludeDisabled] = useState(false);
  const [editing, setEditing] = useState<{ agency?: Agency } | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 350);
    return () => clearTimeout(timer);
  }, [typed]);

  const canCreate = useCan({ resource: 'agencies', action: 'create', params: { unit: scope }, queryOptions: { enabled: Boolean(scope) } });
  const canEdit = useCan({ resource: 'agencies', action: 'edit', params: { unit: scope }, queryOptions: { enabled: Boolean(scope) } });

  const { tableProps, tableQuery, setCurrentPage } = useTable<Agency>({
    resource: 'agencies',
    syncWithLocation: false,
    pagination: { pageSize: 20 },
    filters: {
      permanent: [
        { field: 'search', operator: 'contains', value: search },
        { field: 'sector', operator: 'eq', value: sector },
        { field: 'includeDisabled', operator: 'eq', value: includeDisabled },
      ],
    },
    meta: { gqlQuery: AGENCIES, gqlVariables: { unitId } },
    queryOptions: { enabled: Boolean(unitId) },
    errorNotification: false,
  });
  useEffect(() => setCurrentPage(1), [unitId, search, sector, includeDisabled, setCurrentPage]);

  const update = useUpdate<Agency>();
  const setDisabled = async (agency: Agency, disabled: boolean) => {
    try {
      await update.mutateAsync({
        resource: 'agencies',
        id: agency.id,
        values: { version: agency.version, disabled },
        meta: { gqlMutation: UPDATE_AGENCY },
        mutationMode: 'pessimistic',
        successNotification: false,
        errorNotification: false,
      });
      notify.success(translate(disabled ? 'agencies.disabled' : 'agencies.enabled', { name: agency.name }));
    } catch (e) {
      notify.error(e);
      if (toHttpError(e).code === 'CONFLICT') void tableQuery.refetch();
    }
  };

  const filtered = Boolean(search || sector || includeDisabled);
  const allowedToEdit = Boolean(canEdit.data?.can);

  return (
    <PageFrame
      title={translate('agencies.title')}
      subtitle={translate('agencies.subtitle')}
      extra={
        canCreate.data?.can &&
        unit && (
          <Button type="primary" icon={<PlusOutlined  aria-hidden />} onClick={() => setEditing({})}>
            {translate('agencies.create')}
          </Button>
        )
      }
    >
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <UnitPicker scope="visible" rootId={identity?.unit.id ?? ''} value={unit} onChange={setUnitId} />
          <Input.Search
            allowClear
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onSearch={(v) => setSearch(v.trim())}
            placeholder={translate('agencies.searchPlaceholder')}
            aria-label={translate('agencies.searchPlaceholder')}
            style={{ width: 280, maxWidth: '100%' }}
          />
          <Select
            allowClear
            value={sector}
            onChange={setSector}
            options={sectors.options}
            showSearch
            optionFilterProp="label"
            placeholder={translate('agencies.allSectors')}
            aria-label={translate('agencies.fields.sector')}
            style={{ width: 240, maxWidth: '100%' }}
          />
          <Space>
            <Switch id="agencies-include-disabled" checked={includeDisabled} onChange={setIncludeDisabled} size="small" />
            <label htmlFor="agencies-include-disabled">{translate('agencies.includeDisabled')}</label>
          </Space>
        </Flex>
        {summaryQuery.isError && <ErrorState error={summaryQuery.error} />}
        {unit && canEdit.data && !allowedToEdit && (
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message={translate('agencies.readOnly')} />
        )}
        {tableQuery.isError ? (
          <ErrorState error={tableQuery.error} onRetry={() => void tableQuery.refetch()} />
        ) : (
          <Table<Agency>
            {...tableProps}
            rowKey="id"
            size="middle"
            pagination={{
              ...tableProps.pagination,
              showSizeChanger: false,
              showTotal: (total, [from, to]) => translate('common.range', { from, to, total }),
            }}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={translate(filtered ? 'agencies.emptyFiltered' : 'agencies.empty')}
                />
              ),
            }}
            rowClassName={(a) => (a.disabled ? 'row-disabled' : '')}
            columns={[
              {
                title: translate('agencies.fields.name'),
                dataIndex: 'name',
                render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
              },
              {
                title: translate('agencies.fields.sector'),
                dataIndex: 'sector',
                width: 260,
                render: (code: string) => <span title={code}>{sectors.nameOf(code)}</span>,
              },
              {
                title: translate('agencies.fields.status'),
                dataIndex: 'disabled',
                width: 150,
                render: (disabled: boolean) =>
                  disabled ? (
                    <Tag>{translate('agencies.status.disabled')}</Tag>
                  ) : (
                    <Tag color="green">{translate('agencies.status.active')}</Tag>
                  ),
              },
              ...(allowedToEdit
                ? [
                    {
                      title: translate('common.actions'),
                      key: 'actions',
                      width: 220,
                      render: (_: unknown, agency: Agency) => (
                        <Space size={0} className="row-actions">
                          <Button
                            type="link"
                            size="small"
                            icon={<EditOutlined  aria-hidden />}
                            onClick={() => setEditing({ agency })}
                            aria-label={`${translate('agencies.edit')}: ${agency.name}`}
                          >
                            {translate('agencies.edit')}
                          </Button>
                          <Popconfirm
                            title={translate(agency.disabled ? 'agencies.enable' : 'agencies.disable')}
                            description={
                              <div style={{ maxWidth: 320 }}>
                                {translate(agency.disabled ? 'agencies.enableConfirm' : 'agencies.disableConfirm', { name: agency.name })}
                              </div>
                            }
                            okText={translate('common.confirm')}
                            cancelText={translate('common.cancel')}
                            onConfirm={() => setDisabled(agency, !agency.disabled)}
                          >
                            <Button
                              type="link"
                              size="small"
                              danger={!agency.disabled}
                              icon={agency.disabled ? <UndoOutlined  aria-hidden /> : <StopOutlined  aria-hidden />}
                              aria-label={`${translate(agency.disabled ? 'agencies.enable' : 'agencies.disable')}: ${agency.name}`}
                            >
                              {translate(agency.disabled ? 'agencies.enable' : 'agencies.disable')}
                            </Button>
                          </Popconfirm>
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      {unit && editing && <AgencyFormModal open unit={unit} agency={editing.agency} onClose={() => setEditing(null)} />}
    </PageFrame>
  );
}
