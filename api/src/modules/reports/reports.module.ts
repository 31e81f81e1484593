import type { ApiModule } from '../../core/module.js';
import { CountedFigureResolver, ReportObligationResolver, ReportResolver } from './report.resolver.js';
import { reportStreamRouter } from './report-stream.routes.js';

/**
 * Progress reports as core sees them (core/module.ts; docs/REPORTS.md): resolvers and the NDJSON
 * export of reports. Their loaders are made per request in report-loaders.ts.
 */
export const reportsModule: ApiModule = {
  name: 'reports',
  resolvers: [ReportResolver, ReportObligationResolver, CountedFigureResolver],
  routes: reportStreamRouter,
};
