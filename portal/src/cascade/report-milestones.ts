/*
 * The cascade page's report column (docs/REPORTS.md, "The cascade"): which of the plan's
 * milestones order reports, and which one the page shows first.
 */

/** Milestone kinds that order a report (PLAN_SUBMISSION orders a plan). */
export const REPORTING_KINDS: ReadonlySet<string> = new Set(['RESULT_REPORT', 'INTERIM_REVIEW', 'FINAL_REVIEW']);

export interface MilestoneLike {
  id: string;
  kind: string;
  dueDate: string | null;
}

/** The plan's reporting milestones, by due date (those without one last). */
export function reportingMilestones<M extends MilestoneLike>(milestones: readonly M[]): M[] {
  return milestones
    .filter((m) => REPORTING_KINDS.has(m.kind))
    .sort((a, b) => (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31'));
}

/**
 * The milestone shown when none is chosen: the next one due (today or later), else the latest
 * one past due, else the first without a due date; null when the plan orders no report.
 */
export function defaultReportMilestone<M extends MilestoneLike>(milestones: readonly M[], today: string): M | null {
  const ordered = reportingMilestones(milestones);
  const dated = ordered.filter((m) => m.dueDate);
  return dated.find((m) => m.dueDate! >= today) ?? dated.at(-1) ?? ordered[0] ?? null;
}
