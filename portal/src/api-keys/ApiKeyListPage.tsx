import { useEffect, useState } from 'react';
import { Button, Card, Empty, Flex, Popconfirm, Result, Skeleton, Table, Tag, Typography } from 'antd';
import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useTable } from '../common/use-table';
import { useCan, useDelete, useTranslate } from '@refinedev/core';
import { ErrorState } from '../common/ErrorState';
import { PageFrame } from '../common/PageFrame';
import { useNotify } from '../common/use-notify';
import { formatDate, formatDateTime } from '../i18n/format';
import { UnitPicker } from '../units/UnitPicker';
import { useSelectedUnit } from '../units/use-selected-unit';
import { API_KEYS, REVOKE_API_KEY } from './api-keys.graphql';
import { ApiKeySecretModal } from './ApiKeySecretModal';
import { CreateApiKeyModal } from './CreateApiKeyModal';
import type { ApiKey, CreatedApiKey } from './types';

/** API keys of a unit, for its administrators: create (secret shown once) and revoke. */
export function ApiKeyListPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const { identity, unitId, unit, scope, summaryQuery, setUnitId } = useSelectedUnit();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const canList = useCan({ resource: 'apiKeys', action: 'list', params: { unit: scope }, queryOptions: { enabled: Boolean(scope) } });
  const allowed = Boolean(canList.data?.can);

  const { tableProps, tableQuery, setCurrentPage } = useTable<ApiKey>({
    resource: 'apiKeys',
    syncWithLocation: false,
    pagination: { pageSize: 20 },
    meta: { gqlQuery: API_KEYS, gqlVariables: { unitId } },
    queryOptions: { enabled: Boolean(unitId) && allowed },
    errorNotification: false,
  });
  useEffect(() => setCurrentPage(1), [unitId, setCurrentPage]);

  const revoke = useDelete<ApiKey>();
  const onRevoke = async (key: ApiKey) => {
    try {
      await revoke.mutateAsync({
        resource: 'apiKeys',
        id: key.id,
        meta: { gqlMutation: REVOKE_API_KEY },
        mutationMode: 'pessimistic',
        successNotification: false,
        errorNotification: false,
      });
      notify.success(translate('apiKeys.revoked', { name: key.name }));
    } catch (e) {
      notify.error(e);
    }
  };

  if (summaryQuery.isError) {
    return (
      <PageFrame title={translate('apiKeys.title')}>
        <ErrorState error={summaryQuery.error} onRetry={() => void summaryQuery.refetch()} />
      </PageFrame>
    );
  }
  if (!unit || canList.isLoading) {
    return (
      <PageFrame title={translate('apiKeys.title')}>
        <Card>
          <Skeleton active />
        </Card>
      </PageFrame>
    );
  }
  if (!allowed) {
    return (
      <PageFrame title={translate('apiKeys.title')}>
        <Card>
          <Result status="403" title={translate('errors.FORBIDDEN')} subTitle={translate('users.adminOnly')} />
        </Card>
      </PageFrame>
    );
  }

  return (
    <PageFrame
      title={translate('apiKeys.title')}
      subtitle={translate('apiKeys.subtitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined  aria-hidden />} onClick={() => setCreating(true)}>
          {translate('apiKeys.create')}
        </Button>
      }
    >
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <UnitPicker scope="subtree" rootId={identity?.unit.id ?? ''} value={unit} onChange={setUnitId} />
        </Flex>
        {tableQuery.isError ? (
          <ErrorState error={tableQuery.error} onRetry={() => void tableQuery.refetch()} />
        ) : (
          <Table<ApiKey>
            {...tableProps}
            rowKey="id"
            size="middle"
            pagination={{
              ...tableProps.pagination,
              showSizeChanger: false,
              showTotal: (total, [from, to]) => translate('common.range', { from, to, total }),
            }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate('apiKeys.empty')} /> }}
            rowClassName={(k) => (k.revokedAt ? 'row-disabled' : '')}
            columns={[
              {
                title: translate('apiKeys.fields.name'),
                dataIndex: 'name',
                render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
              },
              {
                title: translate('apiKeys.fields.prefix'),
                dataIndex: 'prefix',
                width: 150,
                render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text>,
              },
              {
                title: translate('apiKeys.fields.role'),
                dataIndex: 'role',
                width: 130,
                render: (role: ApiKey['role']) => (
                  <Tag color={role === 'EDITOR' ? 'orange' : 'default'}>{translate(`apiKeyRoles.${role}`)}</Tag>
                ),
              },
              { title: translate('apiKeys.fields.createdAt'), dataIndex: 'createdAt', width: 120, render: (v: string) => formatDate(v) },
              {
                title: translate('apiKeys.fields.lastUsedAt'),
                dataIndex: 'lastUsedAt',
                width: 160,
                render: (v: string | null) =>
                  v ? formatDateTime(v) : <Typography.Text type="secondary">{translate('apiKeys.neverUsed')}</Typography.Text>,
              },
              {
                title: translate('apiKeys.fields.status'),
                dataIndex: 'revokedAt',
                width: 190,
                render: (v: string | null) =>
                  v ? (
                    <Tag title={translate('apiKeys.revokedOn', { date: formatDate(v) })}>
                      {translate('apiKeys.revokedOn', { date: formatDate(v) })}
                    </Tag>
                  ) : (
                    <Tag color="green">{translate('apiKeys.status.active')}</Tag>
                  ),
              },
              {
                title: translate('common.actions'),
                key: 'actions',
                width: 120,
                render: (_: unknown, key: ApiKey) =>
                  !key.revokedAt && (
                    <Popconfirm
                      title={translate('apiKeys.revoke')}
                      description={<div style={{ maxWidth: 320 }}>{translate('apiKeys.revokeConfirm', { name: key.name })}</div>}
                      okText={translate('apiKeys.revoke')}
                      okButtonProps={{ danger: true }}
                      cancelText={translate('common.cancel')}
                      onConfirm={() => onRevoke(key)}
                    >
                      <Button size="small" danger icon={<StopOutlined  aria-hidden />} aria-label={`${translate('apiKeys.revoke')}: ${key.name}`}>
                        {translate('apiKeys.revoke')}
                      </Button>
                    </Popconfirm>
                  ),
              },
            ]}
          />
        )}
      </Card>
      {creating && (
        <CreateApiKeyModal
          unit={unit}
          onClose={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            setCreated(c);
            notify.success(translate('apiKeys.created', { name: c.apiKey.name }));
          }}
        />
      )}
      {created && <ApiKeySecretModal created={created} onClose={() => setCreated(null)} />}
    </PageFrame>
  );
}
