import type { CheckFinding, Milestone, PlanNode } from './types';

/**
 * What an approver must see before issuing (issue 14: a plan was issued 829 days past its
 * deadline with 25 open checks, without a word). Blocking items must each be confirmed:
 * every rule with errors, the superior's deadline for this plan when passed, tasks and reports
 * due before the date of issue, a period already over. Warnings are shown, not blocking.
 */
export type ReviewItem =
  | { key: string; kind: 'check'; rule: string; severity: 'ERROR' | 'WARNING'; count: number; places: string[] }
  | { key: 'deadline'; kind: 'deadline'; deadline: string; days: number }
  | { key: 'period'; kind: 'period'; periodEnd: string }
  | { key: 'tasksPast'; kind: 'tasksPast'; count: number; places: string[] }
  | { key: 'milestonesPast'; kind: 'milestonesPast'; count: number; titles: string[] };

export interface IssueReview {
  blocking: ReviewItem[];
  warnings: ReviewItem[];
}

/** Whole days from `from` to `to` (ISO calendar dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const PLACES_SHOWN = 6;

/** The last day a task's timing allows, or null (a phase or "thường xuyên" has none here). */
function taskEnd(node: PlanNode): string | null {
  const timing = node.task?.timing;
  if (!timing) return null;
  if (timing.kind === 'BY_DATE') return timing.dueDate;
  if (timing.kind === 'WITHIN_PERIOD') return timing.periodEnd;
  return null;
}

export function issueReview(
  plan: {
    checks: CheckFinding[];
    nodes: PlanNode[];
    milestones: Milestone[];
    periodEnd: string | null;
    parentPlan?: { submissionDeadline?: string | null } | null;
  },
  issuedDate: string,
): IssueReview {
  const blocking: ReviewItem[] = [];
  const warnings: ReviewItem[] = [];

  const byRule = new Map<string, CheckFinding[]>();
  for (const f of plan.checks) byRule.set(f.rule, [...(byRule.get(f.rule) ?? []), f]);
  for (const [rule, findings] of byRule) {
    const severity = findings.some((f) => f.severity === 'ERROR') ? 'ERROR' : 'WARNING';
    const places = [...new Set(findings.map((f) => f.nodeLabel).filter((l): l is string => Boolean(l)))].slice(0, PLACES_SHOWN);
    (severity === 'ERROR' ? blocking : warnings).push({ key: `check:${rule}`, kind: 'check', rule, severity, count: findings.length, places });
  }

  const deadline = plan.parentPlan?.submissionDeadline ?? null;
  if (deadline && deadline < issuedDate) blocking.push({ key: 'deadline', kind: 'deadline', deadline, days: daysBetween(deadline, issuedDate) });
  if (plan.periodEnd && plan.periodEnd < issuedDate) blocking.push({ key: 'period', kind: 'period', periodEnd: plan.periodEnd });

  const late = plan.nodes.filter((n) => {
    const end = taskEnd(n);
    return end !== null && end < issuedDate;
  });
  if (late.length > 0) {
    blocking.push({ key: 'tasksPast', kind: 'tasksPast', count: late.length, places: late.map((n) => n.label ?? '').filter(Boolean).slice(0, PLACES_SHOWN) });
  }
  const reports = plan.milestones.filter((m) => m.dueDate && m.dueDate < issuedDate);
  if (reports.length > 0) {
    blocking.push({ key: 'milestonesPast', kind: 'milestonesPast', count: reports.length, titles: reports.map((m) => m.title).slice(0, PLACES_SHOWN) });
  }
  return { blocking, warnings };
}
