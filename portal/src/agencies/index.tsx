import { TeamOutlined } from '@ant-design/icons';
import type { Feature } from '../feature';
import { AgencyListPage } from './AgencyListPage';

export const agenciesFeature: Feature = {
  resource: { name: 'agencies', list: '/agencies', meta: { icon: <TeamOutlined /> } },
  routes: [{ path: '/agencies', element: <AgencyListPage /> }],
};
