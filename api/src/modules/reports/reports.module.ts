import type { ApiModule } from '../../core/module.js';
import { figuresXlsxRouter } from './figures-xlsx/figures-xlsx.routes.js';
import { FiguresImportResolver } from './figures-xlsx/figures-import.resolver.js';
import { ReportObligationResolver, ReportResolver } from './report.resolver.js';

/** Progress reports as core sees them (core/module.ts; docs/REPORTS.md). Their loaders are made per request in report-loaders.ts. */
export const reportsModule: ApiModule = {
  name: 'reports',
  resolvers: [ReportResolver, ReportObligationResolver, FiguresImportResolver],
  routes: figuresXlsxRouter,
};
