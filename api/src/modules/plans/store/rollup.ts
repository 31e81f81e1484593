import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray, rows } from '../../../core/sql.js';
import { upstreamStates } from './upstream-state.js';

/**
 * Roll-ups kept on write (docs/ARCHITECTURE.md, "Derivation and the cascade"). Provenance is a
 * column of each node, recomputed when the node changes; the per-plan counts the cascade shows
 * live in plan_rollup, rewritten in the transaction of every change to a derived plan. Both are
 * bounded by one plan's size. Only the store's write path (write.ts) calls these.
 */

/** A node's content as compared with what derivation copied (its source_snapshot). */
export const NODE_CONTENT_SQL = `jsonb_build_object('kind', kind, 'label', label, 'text', text, 'task', task)`;

/** What a node is by its content alone: LOCAL, or INHERITED / ADAPTED against its snapshot (a restored node becomes this again). */
export const CONTENT_PROVENANCE_SQL = `case when derived_from_node_id is null then 'LOCAL'
  when ${NODE_CONTENT_SQL} = source_snapshot then 'INHERITED' else 'ADAPTED' end`;

/** An OMITTED node stays OMITTED whatever changes it (only restoreNode ends an omission, draft.ts). */
export const PROVENANCE_SQL = `case when provenance = 'OMITTED' then 'OMITTED' else ${CONTENT_PROVENANCE_SQL} end`;

export async function refreshProvenance(em: EntityManager, nodeIds: readonly string[]): Promise<void> {
  if (!nodeIds.length) return;
  await rows(em, `update plan_node set provenance = ${PROVENANCE_SQL} where id = any(?::uuid[])`, [pgArray([...nodeIds])]);
}

/**
 * Rewrites the roll-up rows of derived plans, all in one statement whatever their number. The
 * counts are computed by kh_refresh_rollup (migration 0008) with the owner's rights, so they do
 * not depend on what the caller may read (a revoked parent), for plans in the caller's subtree
 * only. Callers pass only plans that have a parent.
 */
export async function refreshRollups(em: EntityManager, planIds: readonly string[]): Promise<void> {
  if (!planIds.length) return;
  const states = await upstreamStates(em, planIds);
  const ids = [...planIds];
  await rows(
    em,
    `select kh_refresh_rollup(x.id, x.pending, x.declined)
     from unnest(?::uuid[], ?::int[], ?::int[]) as x(id, pending, declined)`,
    [pgArray(ids), pgArray(ids.map((id) => String(states.get(id)!.pending))), pgArray(ids.map((id) => String(states.get(id)!.declined)))],
  );
}

/**
 * After a parent is amended and issued, every plan derived from the old version is behind: the
 * issuing unit rewrites the roll-ups of plans of units below it, together — the one write of a
 * unit into other units' rows, allowed by kh_refresh_rollup for plans in the caller's subtree.
 */
export async function refreshRollupsOfChildren(em: EntityManager, parentSeriesId: string): Promise<void> {
  const children = await rows<{ planId: string }>(em, `select plan_id as "planId" from plan_rollup where parent_series_id = ?`, [
    parentSeriesId,
  ]);
  await refreshRollups(
    em,
    children.map((c) => c.planId),
  );
}
