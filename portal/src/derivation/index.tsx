import { lazy, Suspense, type ReactNode } from 'react';
import { Card, Skeleton } from 'antd';
import { ForkOutlined } from '@ant-design/icons';
import type { Feature } from '../feature';

export { DeriveButton, PlanDiffButton, UpstreamChangesNotice } from './PlanPageActions';

const FromAbovePage = lazy(() => import('./FromAbovePage').then((m) => ({ default: m.FromAbovePage })));
const DeriveWizardPage = lazy(() => import('./DeriveWizardPage').then((m) => ({ default: m.DeriveWizardPage })));
const PlanDiffPage = lazy(() => import('./PlanDiffPage').then((m) => ({ default: m.PlanDiffPage })));
const UpstreamPage = lazy(() => import('./UpstreamPage').then((m) => ({ default: m.UpstreamPage })));

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

/**
 * Derivation (docs/DESIGN.md §4): the plans from above to derive from, the wizard, and — on a derived
 * plan — its diff against the parent and the upstream changes to take or decline.
 */
export const derivationFeature: Feature = {
  resource: { name: 'derivation', list: '/derive', meta: { icon: <ForkOutlined /> } },
  routes: [
    { path: '/derive', element: page(<FromAbovePage />) },
    { path: '/derive/:parentPlanId', element: page(<DeriveWizardPage />) },
    { path: '/plans/:id/diff', element: page(<PlanDiffPage />) },
    { path: '/plans/:id/upstream', element: page(<UpstreamPage />) },
  ],
};
