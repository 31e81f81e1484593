import { FileTextOutlined } from '@ant-design/icons';
import type { Feature } from '../feature';
import { PlanHistoryPage } from './PlanHistoryPage';
import { PlanListPage } from './PlanListPage';
import { PlanPage } from './PlanPage';
import './plans.css';

export const plansFeature: Feature = {
  resource: { name: 'plans', list: '/plans', show: '/plans/:id', meta: { icon: <FileTextOutlined /> } },
  routes: [
    { path: '/plans', element: <PlanListPage /> },
    { path: '/plans/:id', element: <PlanPage /> },
    { path: '/plans/:id/history', element: <PlanHistoryPage /> },
  ],
};
