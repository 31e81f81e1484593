import { UserOutlined } from '@ant-design/icons';
import { lazyPage } from '../common/lazy-page';
import type { Feature } from '../feature';

const UserListPage = lazyPage(() => import('./UserListPage'), 'UserListPage');

export const usersFeature: Feature = {
  resource: { name: 'users', list: '/users', meta: { icon: <UserOutlined  aria-hidden /> } },
  routes: [{ path: '/users', element: <UserListPage /> }],
};
