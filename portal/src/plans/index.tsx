import { FileTextOutlined } from '@ant-design/icons';
import { lazyPage } from '../common/lazy-page';
import type { Feature } from '../feature';

const PlanListPage = lazyPage(() => import('./PlanListPage'), 'PlanListPage', { firstPage: true });
const PlanPage = lazyPage(() => import('./PlanPage'), 'PlanPage');
const PlanHistoryPage = lazyPage(() => import('./PlanHistoryPage'), 'PlanHistoryPage');

export const plansFeature: Feature = {
  resource: { name: 'plans', list: '/plans', show: '/plans/:id', meta: { icon: <FileTextOutlined  aria-hidden /> } },
  routes: [
    { path: '/plans', element: <PlanListPage /> },
    { path: '/plans/:id', element: <PlanPage /> },
    { path: '/plans/:id/history', element: <PlanHistoryPage /> },
  ],
};
