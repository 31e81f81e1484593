import type { AuthedCtx } from '../../core/context.js';
import { invalidState } from '../../core/errors.js';
import { diffFacts, loadNodes, omittedSubtrees, taskOut } from '../plans/store/index.js';
import { getVisiblePlan, visiblePlanOrNull } from '../plans/plan.service.js';
import type { PlanRow, PlanNodeRow } from '../plans/plan.types.js';
import { diffBudget, diffWords, type DiffPart } from './word-diff.js';

export type Provenance = 'INHERITED' | 'ADAPTED' | 'LOCAL' | 'OMITTED';

export interface DiffEntry {
  status: Provenance;
  /** The child's node (null for a parent node the child has no counterpart of: omitted by deleting it, before omission kept the node). */
  node: PlanNodeRow | null;
  /** The parent's node it came from (null for LOCAL). */
  parentNode: PlanNodeRow | null;
  /** Word-level changes from the parent's text to the child's (ADAPTED only). */
  textDiff: DiffPart[] | null;
  taskChanged: boolean;
  omissionReason: string | null;
}

export interface PlanDiff {
  plan: PlanRow;
  parentPlan: PlanRow | null;
  entries: DiffEntry[];
  counts: Record<Provenance, number>;
}

const sameTask = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The child against its parent, node by node, in the child's document order with omitted parent
 * nodes placed where the parent had them. Reads go through the access rules: the parent plan is
 * visible to whoever may read the child (it is issued and above it).
 */
export async function planDiff(ctx: AuthedCtx, planId: string): Promise<PlanDiff> {
  const plan = await getVisiblePlan(ctx, planId, 'planId');
  if (!plan.parentPlanId) throw invalidState('The plan is not derived from a parent plan');
  const parentPlan = await visiblePlanOrNull(ctx, plan.parentPlanId);
  const ids = parentPlan ? [plan.id, parentPlan.id] : [plan.id];
  const nodes = await loadNodes(ctx.em, ids);
  // The snapshot is what derivation produced (agencies already mapped, names adapted): the unit's
  // own changes are measured against it, not against the parent's wording.
  const { nodes: provenance, omissions } = await diffFacts(ctx.em, plan.id);
  const provOf = new Map(provenance.map((p) => [p.id, p.provenance as Provenance]));
  const snapshotOf = new Map(provenance.map((p) => [p.id, p.snapshot]));
  const reasonOf = new Map(omissions.map((o) => [o.sourceNodeId, o.reason]));
  const childNodes = nodes.get(plan.id)!;
  // What the parent omitted itself is no part of its plan: the child neither has nor omits it.
  const parentAll = parentPlan ? nodes.get(parentPlan.id)! : [];
  const parentLeft = omittedSubtrees(parentAll);
  const parentNodes = parentAll.filter((n) => !parentLeft.has(n.id));
  const parentById = new Map(parentNodes.map((n) => [n.id, n]));
  const covered = new Set(childNodes.map((n) => n.derivedFromNodeId).filter(Boolean));

  const entries: DiffEntry[] = [];
  const budget = diffBudget();
  const emitted = new Set<string>();
  // Omitted parent nodes appear just before the first child node derived from a later parent node.
  const parentIndex = new Map(parentNodes.map((n, i) => [n.id, i]));
  let nextParent = 0;
  const flushOmittedUpTo = (limit: number) => {
    for (; nextParent < limit; nextParent++) {
      const p = parentNodes[nextParent];
      if (!covered.has(p.id) && !emitted.has(p.id)) {
        emitted.add(p.id);
        entries.push({
          status: 'OMITTED',
          node: null,
          parentNode: p,
          textDiff: null,
          taskChanged: false,
          omissionReason: reasonOf.get(p.id) ?? null,
        });
      }
    }
  };
  for (const n of childNodes) {
    const source = n.derivedFromNodeId ? parentById.get(n.derivedFromNodeId) : undefined;
    if (source) flushOmittedUpTo(parentIndex.get(source.id)!);
    const status = (provOf.get(n.id) ?? 'LOCAL') as Provenance;
    const base = snapshotOf.get(n.id) ?? (source ? { label: source.label, text: source.text, task: source.task } : null);
    entries.push({
      status,
      node: n,
      parentNode: source ?? null,
      textDiff:
        status === 'ADAPTED' && base
          ? diffWords(`${base.label ?? ''} ${base.text}`.trim(), `${n.label ?? ''} ${n.text}`.trim(), budget)
          : null,
      taskChanged: status === 'ADAPTED' && !!base && !sameTask(taskOut(base.task as never), n.task),
      // An omitted node stays in its place in the child's document, with the reason recorded against its source.
      omissionReason: status === 'OMITTED' && n.derivedFromNodeId ? (reasonOf.get(n.derivedFromNodeId) ?? null) : null,
    });
  }
  flushOmittedUpTo(parentNodes.length);
  const counts: Record<Provenance, number> = { INHERITED: 0, ADAPTED: 0, LOCAL: 0, OMITTED: 0 };
  for (const e of entries) counts[e.status]++;
  return { plan, parentPlan, entries, counts };
}
