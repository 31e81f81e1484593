import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlPublished } from '../../../core/access/policy.js';
import { pgArray, rows } from '../../../core/sql.js';
import { upstreamStates } from './upstream-state.js';

/**
 * Roll-ups kept on write (docs/ARCHITECTURE.md, "Derivation and the cascade"). Provenance is a
 * column of each node, recomputed when the node changes; the per-plan counts the cascade shows
 * live in plan_rollup, rewritten in the transaction of every change to a derived plan. Both are
 * bounded by one plan's size. Only the store's writes (write.ts, draft.ts, content.ts) use these.
 */

/** A node's content as compared with what derivation copied (its source_snapshot), from the columns of `alias` ('' for bare columns). */
export const nodeContentSql = (alias = '') =>
  `jsonb_build_object('kind', ${alias}kind, 'label', ${alias}label, 'text', ${alias}text, 'task', ${alias}task)`;
export const NODE_CONTENT_SQL = nodeContentSql();

/**
 * What a node is, from SQL expressions of its state (a write that changes a node computes it from
 * the values it writes): an OMITTED node stays OMITTED whatever changes it (only restoreNode ends
 * an omission, draft.ts); otherwise LOCAL, or INHERITED / ADAPTED against its snapshot.
 */
export const provenanceSql = (n: { provenance: string | null; derivedFrom: string; content: string; snapshot: string }) => {
  const byContent = `case when ${n.derivedFrom} is null then 'LOCAL' when ${n.content} = ${n.snapshot} then 'INHERITED' else 'ADAPTED' end`;
  return n.provenance === null ? byContent : `case when ${n.provenance} = 'OMITTED' then 'OMITTED' else ${byContent} end`;
};

/** What a node is by its content alone: LOCAL, or INHERITED / ADAPTED against its snapshot (a restored node becomes this again). */
export const CONTENT_PROVENANCE_SQL = provenanceSql({
  provenance: null,
  derivedFrom: 'derived_from_node_id',
  content: NODE_CONTENT_SQL,
  snapshot: 'source_snapshot',
});

/** A node's provenance from its stored columns. */
export const PROVENANCE_SQL = provenanceSql({
  provenance: 'provenance',
  derivedFrom: 'derived_from_node_id',
  content: NODE_CONTENT_SQL,
  snapshot: 'source_snapshot',
});

/**
 * Rewrites the roll-up rows of derived plans, all in one statement whatever their number. The
 * counts are computed by kh_refresh_rollup (migration 0008) with the owner's rights, so they do
 * not depend on what the caller may read (a revoked parent), for plans in the caller's subtree
 * only. Callers pass only plans that have a parent.
 *
 * A plan whose parent has no later published version has no upstream change to count (nothing
 * pending; declined: its DECLINED decisions, as upstreamStates counts them): its roll-up is
 * rewritten in that same statement, without reading the upstream state. Only the plans behind
 * their parent's latest version (an amendment issued since) go through upstreamStates, in a fixed
 * number of statements more.
 */
export async function refreshRollups(em: EntityManager, planIds: readonly string[]): Promise<void> {
  if (!planIds.length) return;
  // CASE evaluates its branch only for the rows it applies to: the roll-up of a plan behind its
  // parent is not written here.
  const found = await rows<{ id: string; behind: boolean }>(
    em,
    `select s.id, s.behind,
       case when not s.behind then (select 1 from kh_refresh_rollup(s.id, 0,
         (select count(*)::int from plan_upstream_decision d where d.plan_id = s.id and d.decision = 'DECLINED'))) end as refreshed
     from (select x.id, exists (select 1 from plan v where v.series_id = pp.series_id and v.version_no > pp.version_no
             and ${sqlPublished('v.status')}) as behind
           from unnest(?::uuid[]) as x(id) left join plan c on c.id = x.id left join plan pp on pp.id = c.parent_plan_id) s`,
    [pgArray([...planIds])],
  );
  await refreshRollupsWithUpstream(
    em,
    found.filter((f) => f.behind).map((f) => f.id),
  );
}

/** The roll-ups of plans that may be behind their parent: their upstream state, then kh_refresh_rollup. */
async function refreshRollupsWithUpstream(em: EntityManager, planIds: readonly string[]): Promise<void> {
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
  // Every one of them follows an earlier version than the one just issued.
  await refreshRollupsWithUpstream(
    em,
    children.map((c) => c.planId),
  );
}
