import { ClusterOutlined } from '@ant-design/icons';
import { lazyPage } from '../common/lazy-page';
import type { Feature } from '../feature';

const CascadePlansPage = lazyPage(() => import('./CascadePlansPage'), 'CascadePlansPage');
const CascadePage = lazyPage(() => import('./CascadePage'), 'CascadePage');

/** The cascade (docs/DESIGN.md §5): superiors follow subordinate units' plans, compliance, coverage and targets. */
export const cascadeFeature: Feature = {
  resource: { name: 'cascade', list: '/cascade', meta: { icon: <ClusterOutlined  aria-hidden /> } },
  routes: [
    { path: '/cascade', element: <CascadePlansPage /> },
    { path: '/plans/:id/cascade', element: <CascadePage /> },
  ],
};
