import type { EntityManager } from '@mikro-orm/postgresql';
import { one, pgArray, rows } from '../../core/sql.js';
import { taskOut } from '../plans/plan-store.js';

/**
 * Upstream changes (docs/DESIGN.md §4): a derived plan follows one version of its parent (its
 * parent_plan_id). When a later version of the parent is issued, every parent node is traced
 * to its successor through previous_version_node_id; nodes that changed, appeared or vanished
 * are the changes the child may take or decline — like pulling upstream into a fork.
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

// Tasks are compared in their normalised form: copies may spell absent flags differently.
const content = (n: UpstreamNode) => JSON.stringify([n.kind, n.label, n.text, canonical(taskOut(n.task as never))]);
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
  const child = await one<{ baseId: string | null; seriesId: string | null }>(
    em,
    `select c.parent_plan_id as "baseId", p.series_id as "seriesId" from plan c left join plan p on p.id = c.parent_plan_id where c.id = ?`,
    [childPlanId],
  );
  const declinedRow = await one<{ n: number }>(
    em,
    `select count(*)::int n from plan_upstream_decision where plan_id = ? and decision = 'DECLINED'`,
    [childPlanId],
  );
  const empty: UpstreamState = {
    baseParentId: child?.baseId ?? null,
    latestParentId: child?.baseId ?? null,
    changes: [],
    pending: 0,
    declined: declinedRow?.n ?? 0,
    successorOf: new Map(),
  };
  if (!child?.baseId || !child.seriesId) return empty;
  // The chain of versions from the base to the latest issued one.
  const versions = await rows<{ id: string; amendsPlanId: string | null; status: string; versionNo: number }>(
    em,
    `select id, amends_plan_id as "amendsPlanId", status, version_no as "versionNo" from plan where series_id = ? order by version_no`,
    [child.seriesId],
  );
  const base = versions.find((v) => v.id === child.baseId);
  const latest = [...versions].reverse().find((v) => v.status === 'ISSUED' || v.status === 'SUPERSEDED');
  if (!base || !latest || latest.versionNo <= base.versionNo) return empty;
  const chain = versions.filter((v) => v.versionNo >= base.versionNo && v.versionNo <= latest.versionNo).map((v) => v.id);
  const nodes = await rows<UpstreamNode>(
    em,
    `select id, plan_id as "planId", parent_id as "parentId", position, kind, label, text, task, previous_version_node_id as "previousVersionNodeId"
     from plan_node where plan_id = any(?::uuid[])`,
    [pgArray(chain)],
  );
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const originInBase = (n: UpstreamNode): UpstreamNode | null => {
    let cur: UpstreamNode | undefined = n;
    while (cur && cur.planId !== base.id) cur = cur.previousVersionNodeId ? byId.get(cur.previousVersionNodeId) : undefined;
    return cur ?? null;
  };
  const successorOf = new Map<string, string>();
  const latestNodes = nodes.filter((n) => n.planId === latest.id);
  const changes: UpstreamChange[] = [];
  for (const n of latestNodes) {
    const origin = originInBase(n);
    if (origin) {
      successorOf.set(origin.id, n.id);
      if (content(origin) !== content(n))
        changes.push({
          kind: 'MODIFIED',
          upstreamNodeId: n.id,
          baseNode: origin,
          newNode: n,
          decision: null,
          reason: null,
          childNodeIds: [],
        });
    } else {
      changes.push({ kind: 'ADDED', upstreamNodeId: n.id, baseNode: null, newNode: n, decision: null, reason: null, childNodeIds: [] });
    }
  }
  for (const n of nodes.filter((x) => x.planId === base.id)) {
    if (!successorOf.has(n.id))
      changes.push({ kind: 'REMOVED', upstreamNodeId: n.id, baseNode: n, newNode: null, decision: null, reason: null, childNodeIds: [] });
  }
  const decisions = await rows<{ upstreamNodeId: string; decision: 'TAKEN' | 'DECLINED'; reason: string | null }>(
    em,
    `select upstream_node_id as "upstreamNodeId", decision, reason from plan_upstream_decision where plan_id = ?`,
    [childPlanId],
  );
  const decisionOf = new Map(decisions.map((d) => [d.upstreamNodeId, d]));
  const childNodes = await rows<{ id: string; derivedFromNodeId: string }>(
    em,
    `select id, derived_from_node_id as "derivedFromNodeId" from plan_node where plan_id = ? and derived_from_node_id is not null`,
    [childPlanId],
  );
  for (const c of changes) {
    const d = decisionOf.get(c.upstreamNodeId);
    c.decision = d?.decision ?? null;
    c.reason = d?.reason ?? null;
    if (c.baseNode) c.childNodeIds = childNodes.filter((x) => x.derivedFromNodeId === c.baseNode!.id).map((x) => x.id);
  }
  return {
    baseParentId: base.id,
    latestParentId: latest.id,
    changes,
    pending: changes.filter((c) => !c.decision).length,
    declined: changes.filter((c) => c.decision === 'DECLINED').length,
    successorOf,
  };
}
