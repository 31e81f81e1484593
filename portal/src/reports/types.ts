import type { ReportObligationsQuery, ReportQuery, ReportRollupQuery, ReportRollupSummaryQuery } from '../graphql/generated';

/* The shapes the report screens read, from the generated API types (npm run codegen -w portal). */
export type Obligation = ReportObligationsQuery['reportObligations']['nodes'][number];
export type Report = ReportQuery['report'];
export type ReportTask = Report['tasks'][number];
export type ReportFigure = Report['figures'][number];
export type RollupRow = ReportRollupQuery['reportRollup']['nodes'][number];
export type RollupSummary = ReportRollupSummaryQuery['reportRollupSummary'];
