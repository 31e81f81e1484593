import { AuditOutlined } from '@ant-design/icons';
import { lazyPage } from '../common/lazy-page';
import type { Feature } from '../feature';

const ReportListPage = lazyPage(() => import('./ReportListPage'), 'ReportListPage');
const ReportPage = lazyPage(() => import('./ReportPage'), 'ReportPage');
const ReportFollowPage = lazyPage(() => import('./ReportFollowPage'), 'ReportFollowPage');

/** Progress reports (docs/REPORTS.md): the unit's reports, a report, a superior's follow-up of a milestone. */
export const reportsFeature: Feature = {
  resource: { name: 'reports', list: '/reports', show: '/reports/:id', meta: { icon: <AuditOutlined aria-hidden /> } },
  routes: [
    { path: '/reports', element: <ReportListPage /> },
    { path: '/reports/:id', element: <ReportPage /> },
    { path: '/reports/milestones/:milestoneId', element: <ReportFollowPage /> },
  ],
};
