import type { EntityManager } from '@mikro-orm/postgresql';
import { one } from '../../../core/sql.js';
import { checkLimit } from '../plan-limits.js';

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
  for (const limit of ['nodes', 'agencyRefs', 'targets', 'allocations', 'phases', 'milestones'] as const) checkLimit(limit, c[limit]);
}
