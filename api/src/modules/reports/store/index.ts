/**
 * The reports store: the only code that writes SQL to the report tables (report_obligation,
 * report, report_task, report_figure, report_rollup). What it needs of the plans it asks the plan
 * store (plans/store/reporting.ts), which owns the plan tables. docs/REPORTS.md.
 */
export * from './obligations.js';
export * from './reports.js';
export * from './rollup.js';
export * from './figures-table.js';
export * from './figures.js';
export * from './export.js';
export * from './desk.js';
