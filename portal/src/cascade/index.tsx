import { lazy, Suspense, type ReactNode } from 'react';
import { Card, Skeleton } from 'antd';
import { ClusterOutlined } from '@ant-design/icons';
import type { Feature } from '../feature';

export { CascadeButton } from './CascadeButton';

const CascadePlansPage = lazy(() => import('./CascadePlansPage').then((m) => ({ default: m.CascadePlansPage })));
const CascadePage = lazy(() => import('./CascadePage').then((m) => ({ default: m.CascadePage })));

const page = (element: ReactNode) => (
  <Suspense
    fallback={
      <Card>
        <Skeleton active />
      </Card>
    }
  >
    {element}
  </Suspense>
);

/** The cascade (docs/DESIGN.md §5): superiors follow subordinate units' plans, compliance, coverage and targets. */
export const cascadeFeature: Feature = {
  resource: { name: 'cascade', list: '/cascade', meta: { icon: <ClusterOutlined /> } },
  routes: [
    { path: '/cascade', element: page(<CascadePlansPage />) },
    { path: '/plans/:id/cascade', element: page(<CascadePage />) },
  ],
};
