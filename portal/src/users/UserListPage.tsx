import { useEffect, useState } from 'react';
import { Button, Card, Empty, Flex, Input, Popconfirm, Result, Skeleton, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, KeyOutlined, LockOutlined, PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { useTable } from '../common/use-table';
import { useCan, useTranslate, useUpdate } from '@refinedev/core';
import { ErrorState } from '../common/ErrorState';
import { PageFrame } from '../common/PageFrame';
import { useNotify } from '../common/use-notify';
import { formatDate } from '../i18n/format';
import { toHttpError } from '../providers/errors';
import { UnitPicker } from '../units/UnitPicker';
import { useSelectedUnit } from '../units/use-selected-unit';
import { ResetPasswordModal } from './ResetPasswordModal';
import { RoleTag } from '../common/RoleTag';
import { UPDATE_USER, USERS } from './users.graphql';
import { UserFormModal } from './UserFormModal';
import type { User } from './types';

type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User } | null;

/** Accounts of a unit and the units below it, for its administrators. */
export function UserListPage() {
  const translate = useTranslate();
  const notify = useNotify();
  const { identity, unitId, unit, scope, summaryQuery, setUnitId } = useSelectedUnit();
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [includeDescendants, setIncludeDescendants] = useState(true);
  const [dialog, setDialog] = useState<Dialog>(null);

  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 350);
    return () => clearTimeout(timer);
  }, [typed]);

  const canList = useCan({ resource: 'users', action: 'list', params: { unit: scope }, queryOptions: { enabled: Boolean(scope) } });
  const allowed = Boolean(canList.data?.can);

  const { tableProps, tableQuery, setCurrentPage } = useTable<User>({
    resource: 'users',
    syncWithLocation: false,
    pagination: { pageSize: 20 },
    filters: {
      permanent: [
        { field: 'search', operator: 'contains', value: search },
        { field: 'includeDescendants', operator: 'eq', value: includeDescendants },
      ],
    },
    meta: { gqlQuery: USERS, gqlVariables: { unitId } },
    queryOptions: { enabled: Boolean(unitId) && allowed },
    errorNotification: false,
  });
  useEffect(() => setCurrentPage(1), [unitId, search, includeDescendants, setCurrentPage]);

  const update = useUpdate<User>();
  const setDisabled = async (user: User, disabled: boolean) => {
    try {
      await update.mutateAsync({
        resource: 'users',
        id: user.id,
        values: { version: user.version, disabled },
        meta: { gqlMutation: UPDATE_USER },
        mutationMode: 'pessimistic',
        successNotification: false,
        errorNotification: false,
      });
      notify.success(translate(disabled ? 'users.locked' : 'users.unlocked', { username: user.username }));
    } catch (e) {
      notify.error(e);
      if (toHttpError(e).code === 'CONFLICT') void tableQuery.refetch();
    }
  };

  if (summaryQuery.isError) {
    return (
      <PageFrame title={translate('users.title')}>
        <ErrorState error={summaryQuery.error} onRetry={() => void summaryQuery.refetch()} />
      </PageFrame>
    );
  }
  if (!unit || canList.isLoading) {
    return (
      <PageFrame title={translate('users.title')}>
        <Card>
          <Skeleton active />
        </Card>
      </PageFrame>
    );
  }
  if (!allowed) {
    return (
      <PageFrame title={translate('users.title')}>
        <Card>
          <Result status="403" title={translate('errors.FORBIDDEN')} subTitle={translate('users.adminOnly')} />
        </Card>
      </PageFrame>
    );
  }

  const selfId = identity?.id;
  return (
    <PageFrame
      title={translate('users.title')}
      subtitle={translate('users.subtitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined  aria-hidden />} onClick={() => setDialog({ kind: 'create' })}>
          {translate('users.create')}
        </Button>
      }
    >
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <UnitPicker scope="subtree" rootId={identity?.unit.id ?? ''} value={unit} onChange={setUnitId} />
          <Input.Search
            allowClear
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onSearch={(v) => setSearch(v.trim())}
            placeholder={translate('users.searchPlaceholder')}
            aria-label={translate('users.searchPlaceholder')}
            style={{ width: 280, maxWidth: '100%' }}
          />
          <Space>
            <Switch id="users-include-descendants" checked={includeDescendants} onChange={setIncludeDescendants} size="small" />
            <label htmlFor="users-include-descendants">{translate('users.includeDescendants')}</label>
          </Space>
        </Flex>
        {tableQuery.isError ? (
          <ErrorState error={tableQuery.error} onRetry={() => void tableQuery.refetch()} />
        ) : (
          <Table<User>
            {...tableProps}
            rowKey="id"
            size="middle"
            scroll={{ x: 1060 }}
            pagination={{
              ...tableProps.pagination,
              showSizeChanger: false,
              showTotal: (total, [from, to]) => translate('common.range', { from, to, total }),
            }}
            locale={{
              emptyText: (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={translate(search ? 'users.emptyFiltered' : 'users.empty')} />
              ),
            }}
            rowClassName={(u) => (u.disabled ? 'row-disabled' : '')}
            columns={[
              {
                title: translate('users.fields.username'),
                dataIndex: 'username',
                width: 190,
                render: (username: string, u) => (
                  <Space size={4} style={{ whiteSpace: 'nowrap' }}>
                    <Typography.Text strong>{username}</Typography.Text>
                    {u.id === selfId && <Tag color="blue">{translate('users.you')}</Tag>}
                  </Space>
                ),
              },
              {
                title: translate('users.fields.displayName'),
                key: 'displayName',
                render: (_: unknown, u: User) => (
                  <>
                    {u.displayName}
                    {u.agency && <div className="text-secondary text-small">{u.agency.name}</div>}
                  </>
                ),
              },
              {
                title: translate('users.fields.role'),
                dataIndex: 'role',
                width: 160,
                render: (role: User['role']) => (
                  <Tooltip title={translate(`roleHints.${role}`)}>
                    <RoleTag role={role} />
                  </Tooltip>
                ),
              },
              ...(includeDescendants
                ? [{ title: translate('users.fields.unit'), key: 'unit', render: (_: unknown, u: User) => u.unit.name }]
                : []),
              {
                title: translate('users.fields.status'),
                dataIndex: 'disabled',
                width: 120,
                render: (disabled: boolean) =>
                  disabled ? (
                    <Tag color="red">{translate('users.status.disabled')}</Tag>
                  ) : (
                    <Tag color="green">{translate('users.status.active')}</Tag>
                  ),
              },
              { title: translate('users.fields.createdAt'), dataIndex: 'createdAt', width: 105, render: (v: string) => formatDate(v) },
              {
                title: translate('common.actions'),
                key: 'actions',
                width: 250,
                render: (_: unknown, u: User) => (
                  <Space size={0} wrap={false} className="row-actions">
                    <Button
                      type="link"
                      size="small"
                      icon={<EditOutlined  aria-hidden />}
                      onClick={() => setDialog({ kind: 'edit', user: u })}
                      aria-label={`${translate('users.edit')}: ${u.username}`}
                    >
                      {translate('users.edit')}
                    </Button>
                    <Button
                      type="link"
                      size="small"
                      icon={<KeyOutlined  aria-hidden />}
                      onClick={() => setDialog({ kind: 'password', user: u })}
                      aria-label={`${translate('users.resetPassword')}: ${u.username}`}
                    >
                      {translate('users.resetPassword')}
                    </Button>
                    {u.id !== selfId && (
                      <Popconfirm
                        title={translate(u.disabled ? 'users.unlock' : 'users.lock')}
                        description={
                          <div style={{ maxWidth: 320 }}>
                            {translate(u.disabled ? 'users.unlockConfirm' : 'users.lockConfirm', { username: u.username })}
                          </div>
                        }
                        okText={translate('common.confirm')}
                        cancelText={translate('common.cancel')}
                        onConfirm={() => setDisabled(u, !u.disabled)}
                      >
                        <Button
                          type="link"
                          size="small"
                          danger={!u.disabled}
                          icon={u.disabled ? <UnlockOutlined  aria-hidden /> : <LockOutlined  aria-hidden />}
                          aria-label={`${translate(u.disabled ? 'users.unlock' : 'users.lock')}: ${u.username}`}
                        >
                          {translate(u.disabled ? 'users.unlock' : 'users.lock')}
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>
      {dialog?.kind === 'create' && <UserFormModal unit={unit} isSelf={false} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && (
        <UserFormModal unit={unit} user={dialog.user} isSelf={dialog.user.id === selfId} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'password' && <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} />}
    </PageFrame>
  );
}
