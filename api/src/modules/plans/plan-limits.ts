import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, ErrorCode, Reason } from '../../core/errors.js';
import { one } from '../../core/sql.js';
import type { PlanDocument } from './plan-document.js';

/**
 * How large one plan may grow. The write paths enforce these (the content check in touchPlan
 * after every edit, checkDocumentLimits before a document is written by create, import, derive
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

function check(limit: PlanLimit, count: number): void {
  if (count > PLAN_LIMITS[limit]) throw planLimitError(limit, count);
}

/** A whole document about to be written (import, derivation, amendment) stays within the limits. */
export function checkDocumentLimits(
  doc: Partial<Pick<PlanDocument, 'legalBases' | 'nodes' | 'phases' | 'targets' | 'milestones' | 'recipients'>>,
): void {
  const nodes = doc.nodes ?? [];
  check('nodes', nodes.length);
  let refs = 0;
  for (const n of nodes) {
    const onTask = (n.task?.lead.length ?? 0) + (n.task?.cooperating.length ?? 0);
    check('agenciesPerTask', onTask);
    refs += onTask;
  }
  check('agencyRefs', refs);
  const targets = doc.targets ?? [];
  check('targets', targets.length);
  let allocations = 0;
  for (const t of targets) {
    check('allocationsPerTarget', t.allocations.length);
    allocations += t.allocations.length;
  }
  check('allocations', allocations);
  check('phases', doc.phases?.length ?? 0);
  check('milestones', doc.milestones?.length ?? 0);
  check('legalBases', doc.legalBases?.length ?? 0);
  check('recipients', doc.recipients?.length ?? 0);
}

const refs = (json: string) => `case when jsonb_typeof(${json}) = 'array' then jsonb_array_length(${json}) else 0 end`;

/**
 * The stored plan within the limits, checked in the transaction of every content edit (one
 * statement): an edit that would exceed one is refused and rolled back. Per-item limits (agencies
 * of one task, allocations of one target) are checked where those items are cleaned.
 */
export async function checkStoredPlanLimits(em: EntityManager, planId: string): Promise<void> {
  const c = (await one<Record<'nodes' | 'agencyRefs' | 'targets' | 'allocations' | 'phases' | 'milestones', number>>(
    em,
    `select (select count(*)::int from plan_node where plan_id = p.id) as nodes,
            (select coalesce(sum(${refs("task->'lead'")} + ${refs("task->'cooperating'")}), 0)::int
               from plan_node where plan_id = p.id and task is not null) as "agencyRefs",
            (select count(*)::int from plan_target where plan_id = p.id) as targets,
            (select count(*)::int from plan_target_allocation where plan_id = p.id) as allocations,
            (select count(*)::int from plan_phase where plan_id = p.id) as phases,
            (select count(*)::int from plan_milestone where plan_id = p.id) as milestones
     from plan p where p.id = ?`,
    [planId],
  ))!;
  for (const limit of ['nodes', 'agencyRefs', 'targets', 'allocations', 'phases', 'milestones'] as const) check(limit, c[limit]);
}
