import { UserOutlined } from '@ant-design/icons';
import type { Feature } from '../feature';
import { UserListPage } from './UserListPage';

export const usersFeature: Feature = {
  resource: { name: 'users', list: '/users', meta: { icon: <UserOutlined /> } },
  routes: [{ path: '/users', element: <UserListPage /> }],
};
