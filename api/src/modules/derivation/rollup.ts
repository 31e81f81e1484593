import type { EntityManager } from '@mikro-orm/postgresql';
import { one, rows } from '../../core/sql.js';
import { upstreamState } from './upstream.js';

/**
 * Roll-ups kept on write (docs/DESIGN.md §10). Provenance is a column of each node, recomputed when the
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

/**
 * Rewrites the roll-up row of a derived plan (no-op for plans without a parent). The counts are
 * computed by kh_refresh_rollup (migration 0008) with the owner's rights, so they do not depend on
 * what the caller may read (a revoked parent), for plans in the caller's subtree only.
 */
export async function refreshRollup(em: EntityManager, planId: string): Promise<void> {
  const plan = await one<{ parentPlanId: string | null }>(em, `select parent_plan_id as "parentPlanId" from plan where id = ?`, [planId]);
  if (!plan?.parentPlanId) return;
  const upstream = await upstreamState(em, planId);
  await rows(em, `select kh_refresh_rollup(?::uuid, ?::int, ?::int)`, [planId, upstream.pending, upstream.declined]);
}

/**
 * After a parent is amended and issued, every plan derived from the old version is behind: the
 * issuing unit rewrites the roll-ups of plans of units below it — the one write of a unit into
 * other units' rows, allowed by kh_refresh_rollup for plans in the caller's subtree.
 */
export async function refreshRollupsOfChildren(em: EntityManager, parentSeriesId: string): Promise<void> {
  const children = await rows<{ planId: string }>(em, `select plan_id as "planId" from plan_rollup where parent_series_id = ?`, [
    parentSeriesId,
  ]);
  for (const c of children) await refreshRollup(em, c.planId);
}
