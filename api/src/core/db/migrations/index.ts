import { Migration0001Foundation } from './0001-foundation.js';
import { Migration0002Plans } from './0002-plans.js';
import { Migration0003Derivation } from './0003-derivation.js';
import { Migration0004Credentials } from './0004-credentials.js';
import { Migration0005NodeReferenceIndexes } from './0005-node-reference-indexes.js';
import { Migration0006SignInThrottle } from './0006-sign-in-throttle.js';
import { Migration0008DatabaseFences } from './0008-database-fences.js';
import { Migration0011TableNodes } from './0011-table-nodes.js';
import { Migration0012NodeOmission } from './0012-node-omission.js';
import { Migration0013Reports } from './0013-reports.js';
import { Migration0016JobRuns } from './0016-job-runs.js';
import { Migration0017Notifications } from './0017-notifications.js';
import { Migration0018ReportObligationLifecycle } from './0018-report-obligation-lifecycle.js';
import { Migration0019ReportNotices } from './0019-report-notices.js';
import { Migration0020AgencyNotices } from './0020-agency-notices.js';
import { Migration0021ReportRollupIndexes } from './0021-report-rollup-indexes.js';
import { Migration0022ReportRollupPage } from './0022-report-rollup-page.js';
import { Migration0023DeletePaths } from './0023-delete-paths.js';
import { Migration0024ObligationClosedReasons } from './0024-obligation-closed-reasons.js';
import { Migration0025ObligationUnitSortKey } from './0025-obligation-unit-sort-key.js';
import { Migration0026PlanTargetPaths } from './0026-plan-target-paths.js';

/** Every migration in order. Never edit one that has landed: add the next. */
export const migrations = [
  { name: '0001-foundation', class: Migration0001Foundation },
  { name: '0002-plans', class: Migration0002Plans },
  { name: '0003-derivation', class: Migration0003Derivation },
  { name: '0004-credentials', class: Migration0004Credentials },
  { name: '0005-node-reference-indexes', class: Migration0005NodeReferenceIndexes },
  { name: '0006-sign-in-throttle', class: Migration0006SignInThrottle },
  { name: '0008-database-fences', class: Migration0008DatabaseFences },
  { name: '0011-table-nodes', class: Migration0011TableNodes },
  { name: '0012-node-omission', class: Migration0012NodeOmission },
  { name: '0013-reports', class: Migration0013Reports },
  { name: '0016-job-runs', class: Migration0016JobRuns },
  { name: '0017-notifications', class: Migration0017Notifications },
  { name: '0018-report-obligation-lifecycle', class: Migration0018ReportObligationLifecycle },
  { name: '0019-report-notices', class: Migration0019ReportNotices },
  { name: '0020-agency-notices', class: Migration0020AgencyNotices },
  { name: '0021-report-rollup-indexes', class: Migration0021ReportRollupIndexes },
  { name: '0022-report-rollup-page', class: Migration0022ReportRollupPage },
  { name: '0023-delete-paths', class: Migration0023DeletePaths },
  { name: '0024-obligation-closed-reasons', class: Migration0024ObligationClosedReasons },
  { name: '0025-obligation-unit-sort-key', class: Migration0025ObligationUnitSortKey },
  { name: '0026-plan-target-paths', class: Migration0026PlanTargetPaths },
];
