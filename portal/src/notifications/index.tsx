import { BellOutlined } from '@ant-design/icons';
import { lazyPage } from '../common/lazy-page';
import type { Feature } from '../feature';

const NotificationsPage = lazyPage(() => import('./NotificationsPage'), 'NotificationsPage');

/** The unit's notices (docs/NOTIFICATIONS.md): reached from the header's bell and the menu. */
export const notificationsFeature: Feature = {
  resource: { name: 'notifications', list: '/notifications', meta: { icon: <BellOutlined aria-hidden /> } },
  routes: [{ path: '/notifications', element: <NotificationsPage /> }],
};
