import type { EntityManager } from '@mikro-orm/postgresql';
import { one } from '../../../core/sql.js';
import { checkLimit } from '../plan-limits.js';

const refs = (json: string) => `case when jsonb_typeof(${json}) = 'array' then jsonb_array_length(${json}) else 0 end`;

/** SQL sent ahead of a statement (a WITH clause) and its parameters. */
export interface SqlPrefix {
  sql: string;
  params: unknown[];
}

/**
 * Marks the plan changed (updated_at) and checks the stored plan within the limits, in the
 * transaction of every content edit and in one statement (`prefix`, a WITH clause, rides along):
 * an edit that would exceed one is refused and rolled back. The counts see every earlier
 * statement of the transaction. Per-item limits (agencies of one task, allocations of one
 * target) are checked where those items are cleaned.
 */
export async function touchPlanWithinLimits(em: EntityManager, planId: string, prefix: SqlPrefix = { sql: '', params: [] }): Promise<void> {
  const c = (await one<Record<'nodes' | 'agencyRefs' | 'targets' | 'allocations' | 'phases' | 'milestones', number>>(
    em,
    `${prefix.sql}update plan p set updated_at = now() where p.id = ?
     returning (select count(*)::int from plan_node where plan_id = p.id) as nodes,
            (select coalesce(sum(${refs("task->'lead'")} + ${refs("task->'cooperating'")}), 0)::int
               from plan_node where plan_id = p.id and task is not null) as "agencyRefs",
            (select count(*)::int from plan_target where plan_id = p.id) as targets,
            (select count(*)::int from plan_target_allocation where plan_id = p.id) as allocations,
            (select count(*)::int from plan_phase where plan_id = p.id) as phases,
            (select count(*)::int from plan_milestone where plan_id = p.id) as milestones`,
    [...prefix.params, planId],
  ))!;
  for (const limit of ['nodes', 'agencyRefs', 'targets', 'allocations', 'phases', 'milestones'] as const) checkLimit(limit, c[limit]);
}
