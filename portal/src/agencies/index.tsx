import { TeamOutlined } from '@ant-design/icons';
import { lazyPage } from '../common/lazy-page';
import type { Feature } from '../feature';

const AgencyListPage = lazyPage(() => import('./AgencyListPage'), 'AgencyListPage');

export const agenciesFeature: Feature = {
  resource: { name: 'agencies', list: '/agencies', meta: { icon: <TeamOutlined  aria-hidden /> } },
  routes: [{ path: '/agencies', element: <AgencyListPage /> }],
};
