import { ForkOutlined } from '@ant-design/icons';
import { lazyPage } from '../common/lazy-page';
import type { Feature } from '../feature';

const FromAbovePage = lazyPage(() => import('./FromAbovePage'), 'FromAbovePage');
const DeriveWizardPage = lazyPage(() => import('./DeriveWizardPage'), 'DeriveWizardPage');
const PlanDiffPage = lazyPage(() => import('./PlanDiffPage'), 'PlanDiffPage');
const UpstreamPage = lazyPage(() => import('./UpstreamPage'), 'UpstreamPage');

/**
 * Derivation (docs/DESIGN.md §4): the plans from above to derive from, the wizard, and — on a derived
 * plan — its diff against the parent and the upstream changes to take or decline.
 */
export const derivationFeature: Feature = {
  resource: { name: 'derivation', list: '/derive', meta: { icon: <ForkOutlined  aria-hidden /> } },
  routes: [
    { path: '/derive', element: <FromAbovePage /> },
    { path: '/derive/:parentPlanId', element: <DeriveWizardPage /> },
    { path: '/plans/:id/diff', element: <PlanDiffPage /> },
    { path: '/plans/:id/upstream', element: <UpstreamPage /> },
  ],
};
