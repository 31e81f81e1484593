import { AppError, ErrorCode, Reason } from '../../core/errors.js';
import type { PlanDocument } from './plan-document.js';

/**
 * How large one plan may grow. The write paths enforce these (the content check of the store's write
 * path after every edit (store/limits.ts), checkDocumentLimits before a document is written by create, import, derive
 * or amend), and the schema declares its lists with them (core/graphql/list-bounds.ts), so the
 * cost limit can weigh a plan page before running it (docs/ARCHITECTURE.md, "Request limits").
 * Real plans are far below: the four seed plans have at most 107 nodes, 107 agency references,
 * 14 targets and 18 allocations; the benchmark's largest plan has 300 nodes.
 */
export const PLAN_LIMITS = {
  nodes: 1000,
  /** Lead and cooperating agencies of one task together. */
  agenciesPerTask: 60,
  /** Lead and cooperating agencies over all tasks of a plan. */
  agencyRefs: 3000,
  targets: 100,
  allocationsPerTarget: 500,
  /** Allocations over all targets of a plan. */
  allocations: 2000,
  phases: 50,
  milestones: 100,
  legalBases: 100,
  recipients: 100,
} as const;
export type PlanLimit = keyof typeof PLAN_LIMITS;

/**
 * Findings of the plan linter shown at most (the first ones, in rule order). Tasks alone can
 * yield four each; a plan with that many findings needs its first ones fixed, not the rest listed.
 */
export const MAX_FINDINGS = 1000;

export const planLimitError = (limit: PlanLimit, count: number) =>
  new AppError(ErrorCode.BAD_USER_INPUT, `A plan may have at most ${PLAN_LIMITS[limit]} ${describe[limit]} (this would make ${count})`, {
    reason: Reason.PLAN_LIMIT,
    limit,
    max: PLAN_LIMITS[limit],
    field: limit,
  });

const describe: Record<PlanLimit, string> = {
  nodes: 'nodes',
  agenciesPerTask: 'agencies on one task',
  agencyRefs: 'agency references over all tasks',
  targets: 'targets',
  allocationsPerTarget: 'allocations on one target',
  allocations: 'allocations over all targets',
  phases: 'phases',
  milestones: 'milestones',
  legalBases: 'legal bases',
  recipients: 'recipients',
};

export function checkLimit(limit: PlanLimit, count: number): void {
  if (count > PLAN_LIMITS[limit]) throw planLimitError(limit, count);
}

/** A whole document about to be written (import, derivation, amendment) stays within the limits. */
export function checkDocumentLimits(
  doc: Partial<Pick<PlanDocument, 'legalBases' | 'nodes' | 'phases' | 'targets' | 'milestones' | 'recipients'>>,
): void {
  const nodes = doc.nodes ?? [];
  checkLimit('nodes', nodes.length);
  let refs = 0;
  for (const n of nodes) {
    const onTask = (n.task?.lead.length ?? 0) + (n.task?.cooperating.length ?? 0);
    checkLimit('agenciesPerTask', onTask);
    refs += onTask;
  }
  checkLimit('agencyRefs', refs);
  const targets = doc.targets ?? [];
  checkLimit('targets', targets.length);
  let allocations = 0;
  for (const t of targets) {
    checkLimit('allocationsPerTarget', t.allocations.length);
    allocations += t.allocations.length;
  }
  checkLimit('allocations', allocations);
  checkLimit('phases', doc.phases?.length ?? 0);
  checkLimit('milestones', doc.milestones?.length ?? 0);
  checkLimit('legalBases', doc.legalBases?.length ?? 0);
  checkLimit('recipients', doc.recipients?.length ?? 0);
}
