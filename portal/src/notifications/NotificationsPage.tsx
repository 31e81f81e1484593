import { useState } from 'react';
import { Button, Empty, List, Skeleton, Tag } from 'antd';
import { useTranslate } from '@refinedev/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { PageFrame } from '../common/PageFrame';
import { useGqlMutation, useGqlQuery } from '../common/use-gql';
import { formatDate, formatDateTime } from '../i18n/format';
import { MARK_NOTIFICATIONS_READ, NOTIFICATIONS } from './notifications.graphql';
import type { NotificationItem, NotificationsData } from './types';

const PAGE = 20;

/**
 * Where a notice leads: a report notice to the report (the one returned or submitted, else the
 * unit's current one), or to the unit's reports when none is written yet; a plan notice to the plan.
 */
function target(n: NotificationItem): string | null {
  if (n.obligation) {
    const report = n.report ?? n.obligation.report;
    return report ? `/reports/${report.id}` : '/reports';
  }
  return n.plan ? `/plans/${n.plan.id}` : null;
}

/**
 * The notices of the official's unit, newest first (docs/NOTIFICATIONS.md): what happened above
 * or below, in words, and where to act — the plan to derive from, the changes to decide, the
 * report due, overdue, returned (with the superior's reason) or submitted. Opening one marks it
 * read for this official only.
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
    const to = target(n);
    if (to) void navigate(to);
  };

  const planName = (n: NotificationItem) =>
    n.plan?.numberSymbol ? translate('notifications.planNumber', { number: n.plan.numberSymbol }) : translate('notifications.aPlan');
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
                <Button key="open" type={n.read ? 'default' : 'primary'} onClick={() => void open(n)} disabled={!target(n)}>
                  {translate(n.obligation ? 'notifications.openReport' : 'notifications.openPlan')}
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
                      plan: planName(n),
                      report: n.obligation?.title ?? '',
                      date: formatDate(n.obligation?.dueDate ?? null),
                    })}
                  </span>
                }
                description={
                  <>
                    {n.obligation ? (
                      <div className="notification-plan-title">{translate('notifications.reportOfPlan', { plan: n.plan?.title ?? planName(n) })}</div>
                    ) : (
                      n.plan && <div className="notification-plan-title">{n.plan.title}</div>
                    )}
                    {n.note && <div className="notification-note">{translate('notifications.reason', { reason: n.note })}</div>}
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
