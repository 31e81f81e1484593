import { BellOutlined } from '@ant-design/icons';
import { useTranslate } from '@refinedev/core';
import { Link } from 'react-router';
import { useGqlQuery } from '../common/use-gql';
import { UNREAD_NOTIFICATIONS } from './notifications.graphql';
import './notifications.css';

/** How often the header asks again for the unread count (a notice comes when a superior issues). */
const REFRESH_MS = 60_000;

/**
 * The header's bell: how many notices the official has not read, and the way to them. Plain
 * markup, not antd's Badge: it is on every page, and every page's script counts on a phone.
 */
export function NotificationBell() {
  const translate = useTranslate();
  const { data } = useGqlQuery<{ unreadNotificationCount: number }>(UNREAD_NOTIFICATIONS, {}, { refetchInterval: REFRESH_MS });
  const unread = data?.unreadNotificationCount ?? 0;
  const label = unread > 0 ? translate('notifications.bellUnread', { count: unread }) : translate('notifications.bell');
  return (
    <Link to="/notifications" aria-label={label} title={label} data-testid="notification-bell" className="app-header-bell">
      <BellOutlined aria-hidden />
      {unread > 0 && (
        <span className="app-header-bell-count" aria-hidden>
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}
