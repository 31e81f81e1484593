import type { ReactNode } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Flex, Skeleton, Space, Tag, Typography } from 'antd';
import { ApartmentOutlined, KeyOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useCan, useOne, useTranslate } from '@refinedev/core';
import { useNavigate } from 'react-router';
import { unitScope } from '../access/policy';
import { ErrorState } from '../common/ErrorState';
import { formatDate } from '../i18n/format';
import { UNIT_DETAILS } from './units.graphql';
import type { UnitDetails as UnitDetailsType, UnitSuccession } from './types';

export interface UnitDetailsProps {
  unitId: string | null;
  ownUnitId: string;
  onNavigate: (unitId: string) => void;
}

/** The selected unit: code, kind, level, validity, the 2025 reform's successions, and links. */
export function UnitDetails({ unitId, ownUnitId, onNavigate }: UnitDetailsProps) {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { query, result: unit } = useOne<UnitDetailsType>({
    resource: 'units',
    id: unitId ?? '',
    meta: { gqlQuery: UNIT_DETAILS },
    queryOptions: { enabled: Boolean(unitId) },
    errorNotification: false,
  });
  const scope = unit ? unitScope(unit) : undefined;
  const canUsers = useCan({ resource: 'users', action: 'list', params: { unit: scope }, queryOptions: { enabled: Boolean(scope) } });
  const canKeys = useCan({ resource: 'apiKeys', action: 'list', params: { unit: scope }, queryOptions: { enabled: Boolean(scope) } });

  if (!unitId) {
    return (
      <Card>
        <Empty description={translate('units.selectHint')} />
      </Card>
    );
  }
  if (query.isError) {
    return (
      <Card title={translate('units.details')}>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Card>
    );
  }
  if (query.isLoading || !unit) {
    return (
      <Card title={translate('units.details')} aria-busy="true">
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }

  const unitLink = (id: string, label: ReactNode) => (
    <Typography.Link onClick={() => onNavigate(id)} aria-label={typeof label === 'string' ? label : undefined}>
      {label}
    </Typography.Link>
  );
  const succession = (items: UnitSuccession[], dateOf: (s: UnitSuccession) => string | null | undefined) =>
    items.length === 0 ? (
      <Typography.Text type="secondary">—</Typography.Text>
    ) : (
      <Space direction="vertical" size={2}>
        {items.map((s) => (
          <span key={s.unit.id}>
            {unitLink(s.unit.id, s.unit.name)} <Typography.Text type="secondary">({s.unit.code})</Typography.Text>{' '}
            <Tag bordered={false}>{translate(`units.succession.${s.kind}`, s.kind)}</Tag>
            {dateOf(s) && <Typography.Text type="secondary">{formatDate(dateOf(s))}</Typography.Text>}
          </span>
        ))}
      </Space>
    );
  const dissolved = Boolean(unit.validTo);

  return (
    <Card
      title={
        <Flex align="center" gap={8} wrap>
          <ApartmentOutlined aria-hidden />
          <span>{unit.name}</span>
          {unit.id === ownUnitId && (
            <Tag color="blue" bordered={false}>
              {translate('units.yourUnit')}
            </Tag>
          )}
          {dissolved ? (
            <Tag bordered={false}>{translate('units.dissolved')}</Tag>
          ) : (
            <Tag color="green" bordered={false}>
              {translate('units.active')}
            </Tag>
          )}
        </Flex>
      }
    >
      {dissolved && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={translate('units.dissolvedNotice', { date: formatDate(unit.validTo) })}
        />
      )}
      <Descriptions column={1} bordered size="small" labelStyle={{ width: 200 }}>
        <Descriptions.Item label={translate('units.fields.code')}>
          <Typography.Text strong copyable={{ text: unit.code }}>
            {unit.code}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={translate('units.fields.kind')}>{unit.kind}</Descriptions.Item>
        <Descriptions.Item label={translate('units.fields.level')}>{translate(`levels.${unit.level}`, unit.level)}</Descriptions.Item>
        <Descriptions.Item label={translate('units.fields.parent')}>
          {unit.parent ? unitLink(unit.parent.id, unit.parent.name) : <Typography.Text type="secondary">—</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label={translate('units.fields.validFrom')}>
          {unit.validFrom ? formatDate(unit.validFrom) : translate('units.noDate')}
        </Descriptions.Item>
        <Descriptions.Item label={translate('units.fields.validTo')}>
          {unit.validTo ? formatDate(unit.validTo) : <Typography.Text type="success">{translate('units.stillActive')}</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label={translate('units.fields.childCount')}>{unit.childCount}</Descriptions.Item>
        {(dissolved || unit.successors.length > 0) && (
          <Descriptions.Item label={translate('units.fields.successors')}>
            {succession(unit.successors, (s) => s.unit.validFrom)}
          </Descriptions.Item>
        )}
        {(unit.validFrom || unit.predecessors.length > 0) && (
          <Descriptions.Item label={translate('units.fields.predecessors')}>{succession(unit.predecessors, () => null)}</Descriptions.Item>
        )}
      </Descriptions>
      <Flex gap={8} wrap style={{ marginTop: 16 }}>
        <Button icon={<TeamOutlined  aria-hidden />} onClick={() => navigate(`/agencies?unit=${unit.id}`)}>
          {translate('units.links.agencies')}
        </Button>
        {canUsers.data?.can && (
          <Button icon={<UserOutlined  aria-hidden />} onClick={() => navigate(`/users?unit=${unit.id}`)}>
            {translate('units.links.users')}
          </Button>
        )}
        {canKeys.data?.can && (
          <Button icon={<KeyOutlined  aria-hidden />} onClick={() => navigate(`/api-keys?unit=${unit.id}`)}>
            {translate('units.links.apiKeys')}
          </Button>
        )}
      </Flex>
    </Card>
  );
}
