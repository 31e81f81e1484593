import type { EntityManager } from '@mikro-orm/postgresql';
import { one, rows } from '../../core/sql.js';
import { upstreamState } from './upstream.js';

/**
 * Roll-ups kept on write (DESIGN §10). Provenance is a column of each node, recomputed when the
 * node changes; the per-plan counts the cascade shows live in plan_rollup, rewritten in the
 * transaction of every change to a derived plan. Both are bounded by one plan's size.
 */

/** A node's content as compared with what derivation copied (its source_snapshot). */
export const NODE_CONTENT_SQL = `jsonb_build_object('kind', kind, 'label', label, 'text', text, 'task', task)`;

export const PROVENANCE_SQL = `case when derived_from_node_id is null then 'LOCAL'
  when ${NODE_CONTENT_SQL} = source_snapshot then 'INHERITED' else 'ADAPTED' end`;

export async function refreshProvenance(em: EntityManager, nodeIds: string[]): Promise<void> {
  if (!nodeIds.length) return;
  await rows(em, `update plan_node set provenance = ${PROVENANCE_SQL} where id in (${nodeIds.map(() => '?').join(', ')})`, nodeIds);
}

/** Rewrites the roll-up row of a derived plan (no-op for plans without a parent). */
export async function refreshRollup(em: EntityManager, planId: string): Promise<void> {
  const plan = await one<{ parentPlanId: string | null }>(em, `select parent_plan_id as "parentPlanId" from plan where id = ?`, [planId]);
  if (!plan?.parentPlanId) return;
  const upstream = await upstreamState(em, planId);
  await rows(
    em,
    `insert into plan_rollup (plan_id, parent_plan_id, parent_series_id, lineage, unit_id, unit_path, province_id, inherited, adapted, local, omitted,
       parent_tasks, parent_tasks_covered, upstream_pending, upstream_declined, updated_at)
     select p.id, p.parent_plan_id, pp.series_id, array[pp.series_id] || coalesce((select lineage from plan_rollup x where x.plan_id = pp.id), '{}'),
       p.unit_id, p.unit_path, p.province_id,
       (select count(*) from plan_node n where n.plan_id = p.id and n.provenance = 'INHERITED'),
       (select count(*) from plan_node n where n.plan_id = p.id and n.provenance = 'ADAPTED'),
       (select count(*) from plan_node n where n.plan_id = p.id and n.provenance = 'LOCAL'),
       (select count(*) from plan_node pn where pn.plan_id = p.parent_plan_id
          and not exists (select 1 from plan_node cn where cn.plan_id = p.id and cn.derived_from_node_id = pn.id)),
       (select count(*) from plan_node pn where pn.plan_id = p.parent_plan_id and pn.task is not null),
       (select count(*) from plan_node pn where pn.plan_id = p.parent_plan_id and pn.task is not null
          and exists (select 1 from plan_node cn where cn.plan_id = p.id and cn.derived_from_node_id = pn.id)),
       ?, ?, now()
     from plan p join plan pp on pp.id = p.parent_plan_id where p.id = ?
     on conflict (plan_id) do update set parent_plan_id = excluded.parent_plan_id, parent_series_id = excluded.parent_series_id, lineage = excluded.lineage,
       inherited = excluded.inherited, adapted = excluded.adapted, local = excluded.local, omitted = excluded.omitted,
       parent_tasks = excluded.parent_tasks, parent_tasks_covered = excluded.parent_tasks_covered,
       upstream_pending = excluded.upstream_pending, upstream_declined = excluded.upstream_declined, updated_at = now()`,
    [upstream.pending, upstream.declined, planId],
  );
}

/** After a parent is amended and issued, every plan derived from the old version is behind. */
export async function refreshRollupsOfChildren(em: EntityManager, parentSeriesId: string): Promise<void> {
  const children = await rows<{ planId: string }>(em, `select plan_id as "planId" from plan_rollup where parent_series_id = ?`, [
    parentSeriesId,
  ]);
  for (const c of children) await refreshRollup(em, c.planId);
}
