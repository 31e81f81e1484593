import { FileTextOutlined } from '@ant-design/icons';
import { lazyPage } from '../common/lazy-page';
import type { Feature } from '../feature';
import { PLAN_DOCUMENT, PLANS } from './first-queries.graphql';
import { planListFirstPage, planScopeOf } from './list-query';

const PlanListPage = lazyPage(() => import('./PlanListPage'), 'PlanListPage', { firstPage: true });
const PlanPage = lazyPage(() => import('./PlanPage'), 'PlanPage');
const PlanHistoryPage = lazyPage(() => import('./PlanHistoryPage'), 'PlanHistoryPage');

export const plansFeature: Feature = {
  resource: { name: 'plans', list: '/plans', show: '/plans/:id', meta: { icon: <FileTextOutlined  aria-hidden /> } },
  routes: [
    {
      path: '/plans',
      element: <PlanListPage />,
      firstRequests: async ({ search }) => [{ document: PLANS, variables: planListFirstPage(planScopeOf(search)) }],
    },
    {
      path: '/plans/:id',
      element: <PlanPage />,
      // useOne's getOne sends `{ id }` (providers/data-provider.ts).
      firstRequests: async ({ params }) => [{ document: PLAN_DOCUMENT, variables: { id: params.id } }],
    },
    { path: '/plans/:id/history', element: <PlanHistoryPage /> },
  ],
};
