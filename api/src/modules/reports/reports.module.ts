import { Router } from 'express';
import type { ApiModule, RouteEnv } from '../../core/module.js';
import { figuresXlsxRouter } from './figures-xlsx/figures-xlsx.routes.js';
import { FiguresImportResolver } from './figures-xlsx/figures-import.resolver.js';
import { CountedFigureResolver, ReportObligationResolver, ReportResolver } from './report.resolver.js';
import { reportStreamRouter } from './report-stream.routes.js';

/**
 * Progress reports as core sees them (core/module.ts; docs/REPORTS.md): resolvers, the NDJSON
 * export of reports and the figures tables as .xlsx. Their loaders are made per request in report-loaders.ts.
 */
export const reportsModule: ApiModule = {
  name: 'reports',
  resolvers: [ReportResolver, ReportObligationResolver, CountedFigureResolver, FiguresImportResolver],
  routes: (env: RouteEnv) => Router().use(figuresXlsxRouter(env), reportStreamRouter(env)),
};
