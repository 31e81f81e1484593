import type { EntityManager } from '@mikro-orm/postgresql';
import { one } from '../../../core/sql.js';
import { checkLimit } from '../plan-limits.js';

const refs = (json: string) => `case when jsonb_typeof(${json}) = 'array' then jsonb_array_length(${json}) else 0 end`;

/** A named statement (`name as (…)`) for the WITH clause of another statement, and its parameters. */
export interface SqlCte {
  sql: string;
  params: unknown[];
}

/**
 * Marks the plan changed (updated_at) and checks the stored plan within the limits, in the
 * transaction of every content edit and in one statement (`with`, e.g. the audit event's INSERT,
 * rides along): an edit that would exceed one is refused and rolled back. The counts see every
 * earlier statement of the transaction; the plan's nodes are read once for both of theirs. Per-item
 * limits (agencies of one task, allocations of one target) are checked where those items are cleaned.
 */
export async function touchPlanWithinLimits(em: EntityManager, planId: string, withs: SqlCte[] = []): Promise<void> {
  const c = (await one<Record<'nodes' | 'agencyRefs' | 'targets' | 'allocations' | 'phases' | 'milestones', number>>(
    em,
    `with ${withs.map((w) => `${w.sql}, `).join('')}touched as (update plan p set updated_at = now() where p.id = ? returning p.id)
     select n.nodes, n."agencyRefs",
            (select count(*)::int from plan_target where plan_id = t.id) as targets,
            (select count(*)::int from plan_target_allocation where plan_id = t.id) as allocations,
            (select count(*)::int from plan_phase where plan_id = t.id) as phases,
            (select count(*)::int from plan_milestone where plan_id = t.id) as milestones
     from touched t cross join lateral (select count(*)::int as nodes,
            coalesce(sum(${refs("task->'lead'")} + ${refs("task->'cooperating'")}) filter (where task is not null), 0)::int as "agencyRefs"
          from plan_node where plan_id = t.id) n`,
    [...withs.flatMap((w) => w.params), planId],
  ))!;
  for (const limit of ['nodes', 'agencyRefs', 'targets', 'allocations', 'phases', 'milestones'] as const) checkLimit(limit, c[limit]);
}
