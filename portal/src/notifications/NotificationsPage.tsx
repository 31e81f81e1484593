import { useState } from 'react';
import { Button, Empty, List, Skeleton, Tag } from 'antd';
import { useTranslate } from '@refinedev/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { PageFrame } from '../common/PageFrame';
import { useGqlMutation, useGqlQuery } from '../common/use-gql';
import { formatDateTime } from '../i18n/format';
import { MARK_NOTIFICATIONS_READ, NOTIFICATIONS } from './notifications.graphql';
import type { NotificationItem, NotificationsData } from './types';

const PAGE = 20;

/**
 * The notices of the official's unit, newest first (docs/NOTIFICATIONS.md): what happened above,
 * in words, and where to act — the plan to derive from, or the changes to decide. Opening one
 * marks it read for this official only.
 */
export function NotificationsPage() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [pages, setPages] = useState(1);
  const { data, query } = useGqlQuery<NotificationsData>(NOTIFICATIONS, { first: PAGE * pages }, { keepPrevious: true });
  const { run: markRead, isPending } = useGqlMutation<{ markNotificationsRead: { unread: number } }>(MARK_NOTIFICATIONS_READ);
  const list = data?.notifications;

  const refresh = async () => {
    await query.refetch();
    // The header's count is a query of its own (its key holds its document).
    await queryClient.invalidateQueries({ predicate: (q) => JSON.stringify(q.queryKey).includes('unreadNotificationCount') });
  };

  const open = async (n: NotificationItem) => {
    if (!n.read) await markRead({ input: { ids: [n.id] } }).catch(() => undefined);
    void refresh();
    if (n.plan) void navigate(`/plans/${n.plan.id}`);
  };

  const unread = list?.nodes.filter((n) => !n.read).length ?? 0;
  return (
    <PageFrame
      title={translate('notifications.title')}
      subtitle={translate('notifications.subtitle')}
      extra={
        <Button disabled={unread === 0} loading={isPending} onClick={() => void markRead({ input: {} }).then(refresh)}>
          {translate('notifications.markAllRead')}
        </Button>
      }
    >
      {query.isLoading ? (
        <Skeleton active />
      ) : !list || list.nodes.length === 0 ? (
        <Empty description={translate('notifications.none')} />
      ) : (
        <List
          data-testid="notification-list"
          dataSource={list.nodes}
          renderItem={(n) => (
            <List.Item
              key={n.id}
              className={n.read ? 'notification notification-read' : 'notification notification-unread'}
              data-kind={n.kind}
              actions={[
                <Button key="open" type={n.read ? 'default' : 'primary'} onClick={() => void open(n)} disabled={!n.plan}>
                  {translate('notifications.openPlan')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <span>
                    {!n.read && (
                      <Tag color="blue" className="notification-new">
                        {translate('notifications.new')}
                      </Tag>
                    )}
                    {translate(`notifications.kinds.${n.kind}`, {
                      unit: n.fromUnit?.name ?? '',
                      plan: n.plan?.numberSymbol ? translate('notifications.planNumber', { number: n.plan.numberSymbol }) : translate('notifications.aPlan'),
                    })}
                  </span>
                }
                description={
                  <>
                    {n.plan && <div className="notification-plan-title">{n.plan.title}</div>}
                    <div className="text-secondary">
                      {formatDateTime(n.createdAt)} · {translate(`notifications.hints.${n.kind}`)}
                    </div>
                  </>
                }
              />
            </List.Item>
          )}
          loadMore={
            list.pageInfo.hasNextPage ? (
              <div style={{ textAlign: 'center', marginTop: 12 }}>
                <Button onClick={() => setPages((p) => p + 1)}>{translate('notifications.more')}</Button>
              </div>
            ) : null
          }
        />
      )}
    </PageFrame>
  );
}
