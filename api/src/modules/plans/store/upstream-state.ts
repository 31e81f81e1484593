import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray, rows } from '../../../core/sql.js';
import { isPublishedStatus } from '../../../core/access/policy.js';
import { taskOut } from './reads.js';

/**
 * Upstream changes (docs/DESIGN.md §4): a derived plan follows one version of its parent (its
 * parent_plan_id). When a later version of the parent is issued, every parent node is traced
 * to its successor through previous_version_node_id; nodes that changed, appeared or vanished
 * are the changes the child may take or decline — like pulling upstream into a fork. What the
 * parent omitted (OMITTED nodes of a derived parent) is no part of its versions; a change of a
 * node the child omitted is not offered.
 */
export interface UpstreamNode {
  id: string;
  planId: string;
  parentId: string | null;
  position: number;
  kind: string;
  label: string | null;
  text: string;
  task: unknown;
  previousVersionNodeId: string | null;
  /** Position of the phase a DURING_PHASE task names: phases are copied with new ids by every version. */
  phasePosition: number | null;
}

export type UpstreamChangeKind = 'MODIFIED' | 'ADDED' | 'REMOVED';

export interface UpstreamChange {
  kind: UpstreamChangeKind;
  /** The node of the latest parent version (MODIFIED, ADDED) or of the base version (REMOVED). */
  upstreamNodeId: string;
  baseNode: UpstreamNode | null;
  newNode: UpstreamNode | null;
  decision: 'TAKEN' | 'DECLINED' | null;
  reason: string | null;
  /** Nodes of the child derived from the base node. */
  childNodeIds: string[];
}

export interface UpstreamState {
  baseParentId: string | null;
  latestParentId: string | null;
  changes: UpstreamChange[];
  pending: number;
  declined: number;
  /** Base node id → node of the latest version (for rebasing). */
  successorOf: Map<string, string>;
}

// Tasks are compared in their normalised form: copies may spell absent flags differently, and a
// phase is the same phase in every version of the plan (its id is not: each version copies it).
const content = (n: UpstreamNode) => {
  const task = taskOut(n.task as never);
  if (task?.timing) task.timing.phaseId = n.phasePosition === null ? null : `phase#${n.phasePosition}`;
  return JSON.stringify([n.kind, n.label, n.text, canonical(task)]);
};
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, canonical(x)]),
    );
  return v ?? null;
}

export async function upstreamState(em: EntityManager, childPlanId: string): Promise<UpstreamState> {
  return (await upstreamStates(em, [childPlanId])).get(childPlanId)!;
}

/**
 * The upstream state of many derived plans at once (the roll-ups of every child of an amended
 * parent): a fixed number of statements whatever their number.
 */
export async function upstreamStates(em: EntityManager, childPlanIds: readonly string[]): Promise<Map<string, UpstreamState>> {
  const out = new Map<string, UpstreamState>();
  if (!childPlanIds.length) return out;
  const ids = pgArray([...childPlanIds]);
  const children = await rows<{ id: string; baseId: string | null; seriesId: string | null }>(
    em,
    `select c.id, c.parent_plan_id as "baseId", p.series_id as "seriesId" from plan c left join plan p on p.id = c.parent_plan_id
     where c.id = any(?::uuid[])`,
    [ids],
  );
  const decisions = await rows<{ planId: string; upstreamNodeId: string; decision: 'TAKEN' | 'DECLINED'; reason: string | null }>(
    em,
    `select plan_id as "planId", upstream_node_id as "upstreamNodeId", decision, reason from plan_upstream_decision where plan_id = any(?::uuid[])`,
    [ids],
  );
  const empty = (id: string, baseId: string | null): UpstreamState => ({
    baseParentId: baseId,
    latestParentId: baseId,
    changes: [],
    pending: 0,
    declined: decisions.filter((d) => d.planId === id && d.decision === 'DECLINED').length,
    successorOf: new Map(),
  });
  for (const id of childPlanIds) out.set(id, empty(id, children.find((c) => c.id === id)?.baseId ?? null));
  const following = children.filter((c) => c.baseId && c.seriesId);
  if (!following.length) return out;
  // The chain of versions of each parent series, from the base to the latest issued one.
  const versions = await rows<{ id: string; seriesId: string; status: string; versionNo: number }>(
    em,
    `select id, series_id as "seriesId", status, version_no as "versionNo" from plan where series_id = any(?::uuid[]) order by version_no`,
    [pgArray([...new Set(following.map((c) => c.seriesId!))])],
  );
  const chains = new Map<string, { base: string; latest: string; chain: string[] }>();
  for (const c of following) {
    const series = versions.filter((v) => v.seriesId === c.seriesId);
    const base = series.find((v) => v.id === c.baseId);
    const latest = [...series].reverse().find((v) => isPublishedStatus(v.status));
    if (!base || !latest || latest.versionNo <= base.versionNo) continue;
    const chain = series.filter((v) => v.versionNo >= base.versionNo && v.versionNo <= latest.versionNo).map((v) => v.id);
    chains.set(c.id, { base: base.id, latest: latest.id, chain });
  }
  if (!chains.size) return out;
  const nodes = await rows<UpstreamNode>(
    em,
    `select n.id, n.plan_id as "planId", n.parent_id as "parentId", n.position, n.kind, n.label, n.text, n.task,
       n.previous_version_node_id as "previousVersionNodeId", f.position as "phasePosition"
     from plan_node n left join plan_phase f on f.id = (n.task->'timing'->>'phaseId')::uuid and f.plan_id = n.plan_id
     where n.plan_id = any(?::uuid[]) and n.provenance <> 'OMITTED'`,
    [pgArray([...new Set([...chains.values()].flatMap((c) => c.chain))])],
  );
  // The child's nodes from the parent, and the parent nodes it omitted (an OMITTED node, or an
  // omission recorded when omitting deleted the node): a change of an omitted node is not offered.
  const childRows = await rows<{ planId: string; id: string | null; derivedFromNodeId: string; omitted: boolean }>(
    em,
    `select plan_id as "planId", id, derived_from_node_id as "derivedFromNodeId", provenance = 'OMITTED' as omitted from plan_node
     where plan_id = any(?::uuid[]) and derived_from_node_id is not null
     union all
     select plan_id, null, source_node_id, true from plan_omission where plan_id = any(?::uuid[])`,
    [pgArray([...chains.keys()]), pgArray([...chains.keys()])],
  );
  const childNodes = childRows.filter((r) => !r.omitted) as { planId: string; id: string; derivedFromNodeId: string }[];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const [childId, { base, latest }] of chains) {
    const originInBase = (n: UpstreamNode): UpstreamNode | null => {
      let cur: UpstreamNode | undefined = n;
      while (cur && cur.planId !== base) cur = cur.previousVersionNodeId ? byId.get(cur.previousVersionNodeId) : undefined;
      return cur ?? null;
    };
    const successorOf = new Map<string, string>();
    const changes: UpstreamChange[] = [];
    const change = (kind: UpstreamChangeKind, upstreamNodeId: string, baseNode: UpstreamNode | null, newNode: UpstreamNode | null) =>
      changes.push({ kind, upstreamNodeId, baseNode, newNode, decision: null, reason: null, childNodeIds: [] });
    for (const n of nodes.filter((x) => x.planId === latest)) {
      const origin = originInBase(n);
      if (!origin) change('ADDED', n.id, null, n);
      else {
        successorOf.set(origin.id, n.id);
        if (content(origin) !== content(n)) change('MODIFIED', n.id, origin, n);
      }
    }
    for (const n of nodes.filter((x) => x.planId === base)) if (!successorOf.has(n.id)) change('REMOVED', n.id, n, null);
    const omitted = new Set(childRows.filter((r) => r.planId === childId && r.omitted).map((r) => r.derivedFromNodeId));
    for (let i = changes.length - 1; i >= 0; i--) if (changes[i].baseNode && omitted.has(changes[i].baseNode!.id)) changes.splice(i, 1);
    const decisionOf = new Map(decisions.filter((d) => d.planId === childId).map((d) => [d.upstreamNodeId, d]));
    const mine = childNodes.filter((x) => x.planId === childId);
    for (const c of changes) {
      const d = decisionOf.get(c.upstreamNodeId);
      c.decision = d?.decision ?? null;
      c.reason = d?.reason ?? null;
      // The unit's nodes from the base node, or — once the change is taken — from the new one.
      const sources = new Set([c.baseNode?.id, c.newNode?.id].filter(Boolean));
      c.childNodeIds = mine.filter((x) => sources.has(x.derivedFromNodeId)).map((x) => x.id);
    }
    out.set(childId, {
      baseParentId: base,
      latestParentId: latest,
      changes,
      pending: changes.filter((c) => !c.decision).length,
      declined: changes.filter((c) => c.decision === 'DECLINED').length,
      successorOf,
    });
  }
  return out;
}
