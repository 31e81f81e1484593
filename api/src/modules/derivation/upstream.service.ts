import type { AuthedCtx } from '../../core/context.js';
import { badInput, notFound } from '../../core/errors.js';
import { parseUuid } from '../../core/ids.js';
import { optionalText } from '../../core/text.js';
import type { AgencyRef } from '../plans/plan-document.js';
import { getVisiblePlan } from '../plans/plan.service.js';
import type { PlanRow } from '../plans/plan.types.js';
import * as store from '../plans/store/index.js';
import type { PlanWrite, UpstreamChange, UpstreamNode } from '../plans/store/index.js';
import { createAgencyMapper } from './agency-mapping.js';
import { merge3, type MergeConflict } from './word-diff.js';

export async function listUpstreamChanges(ctx: AuthedCtx, planId: string) {
  const plan = await getVisiblePlan(ctx, planId, 'planId');
  const state = await store.upstreamState(ctx.em, plan.id);
  return { plan, state };
}

export interface TakeResult {
  plan: PlanRow;
  applied: boolean;
  conflicts: MergeConflict[];
}

type Task = { lead?: AgencyRef[]; cooperating?: AgencyRef[]; timing?: unknown } | null;

/** The pending change of a derived draft named by the parent node it concerns. */
async function pendingChange({ em, plan }: PlanWrite, upstreamNodeId: string) {
  const state = await store.upstreamState(em, plan.id);
  const change = state.changes.find((c) => c.upstreamNodeId === upstreamNodeId);
  if (!change) throw notFound('Upstream change');
  if (change.decision) throw badInput(`This change was already ${change.decision.toLowerCase()}`, 'upstreamNodeId');
  return { change, state };
}

const deciderOf = (ctx: AuthedCtx) => (ctx.principal.kind === 'USER' ? ctx.principal.id : null);

/**
 * Takes one upstream change into a derived draft. On an INHERITED node the new text replaces
 * the old; on an ADAPTED node it is merged word by word with the editor's changes, and a conflict
 * leaves the node untouched and is returned for the editor to resolve. The merge is built here;
 * the store writes it (editDraft: lock, nodes, decision, roll-up, audit).
 */
export function takeUpstreamChange(ctx: AuthedCtx, input: { planId: string; upstreamNodeId: string }): Promise<TakeResult> {
  const upstreamNodeId = parseUuid(input.upstreamNodeId, 'upstreamNodeId');
  return store.editDraft<TakeResult>(ctx, { planId: input.planId, derivedOnly: true }, async (w) => {
    const { em, plan } = w;
    const { change, state } = await pendingChange(w, upstreamNodeId);
    const unit = (await ctx.loaders.unitById.load(plan.unitId))!;
    const mapper = await createAgencyMapper(em, await store.unitOfPlan(em, plan.parentPlanId!), unit);
    const adapt = (n: UpstreamNode): store.NodeContent => {
      const task = n.task as Task;
      const mappedTask = task
        ? {
            lead: (task.lead ?? []).map((a) => mapper.map(a)),
            cooperating: (task.cooperating ?? []).map((a) => mapper.map(a)),
            timing: task.timing ?? null,
          }
        : null;
      return { kind: n.kind, label: n.label, text: mapper.rewriteText(n.text), task: mappedTask };
    };

    const conflicts: MergeConflict[] = [];
    if (change.kind === 'MODIFIED') {
      const theirs = adapt(change.newNode!);
      for (const id of change.childNodeIds) {
        const child = (await store.readNode(em, id, { lock: true }))!;
        let text = theirs.text;
        let task: unknown = theirs.task;
        if (child.provenance === 'ADAPTED' && child.sourceSnapshot) {
          const merged = merge3(child.sourceSnapshot.text, child.text, theirs.text);
          if (!merged.clean) {
            conflicts.push(...merged.conflicts);
            continue;
          }
          text = merged.text;
          // The task follows the same rule: keep the editor's task if only they changed it.
          if (JSON.stringify(child.task) !== JSON.stringify(child.sourceSnapshot.task)) task = child.task;
        }
        await store.updateNodeContent(em, id, { ...theirs, text, task }, { derivedFromNodeId: change.newNode!.id, snapshot: theirs });
      }
    } else if (change.kind === 'ADDED') {
      const n = change.newNode!;
      // Place it under the counterpart of its parent, after the counterpart of its previous sibling.
      const counterpart = (upstreamId: string | null) => {
        if (!upstreamId) return Promise.resolve(null);
        const origin = [...state.successorOf.entries()].find(([, latest]) => latest === upstreamId)?.[0] ?? upstreamId;
        return store.nodeDerivedFrom(em, plan.id, [origin, upstreamId]);
      };
      const parent = await counterpart(n.parentId);
      const prevSibling = await store.previousSibling(em, n);
      const after = prevSibling ? await counterpart(prevSibling.id) : null;
      const position = after ? after.position + 1 : 0;
      await store.shiftSiblings(em, plan.id, parent?.id ?? null, { atOrAfter: position }, 1);
      await store.insertNode(em, plan, { parentId: parent?.id ?? null, position }, adapt(n), n.id);
    } else {
      for (const id of change.childNodeIds) {
        const child = (await store.readNode(em, id, { lock: true }))!;
        if (child.provenance === 'ADAPTED') {
          conflicts.push({ base: change.baseNode!.text, ours: '(adapted by this unit)', theirs: '(removed upstream)' });
          continue;
        }
        await store.deleteNodeRow(em, id);
        await store.shiftSiblings(em, plan.id, child.parentId, { after: child.position }, -1);
      }
    }
    // Not applied: no decision, no epilogue (the editor resolves the conflict by hand).
    if (conflicts.length) return { result: { plan, applied: false, conflicts }, skip: true };
    await store.recordUpstreamDecision(em, plan.id, change.upstreamNodeId, 'TAKEN', null, deciderOf(ctx));
    await rebaseIfDone(w);
    return {
      result: undefined as never,
      rollup: true,
      reload: async () => ({ plan: await store.reloadPlan(em, plan.id), applied: true, conflicts: [] }),
      audit: { action: 'UPSTREAM_TAKE', after: { kind: change.kind, upstreamNodeId: change.upstreamNodeId } },
    };
  });
}

export function declineUpstreamChange(
  ctx: AuthedCtx,
  input: { planId: string; upstreamNodeId: string; reason?: string | null },
): Promise<PlanRow> {
  const reason = optionalText(input.reason, 'reason', 2000);
  const upstreamNodeId = parseUuid(input.upstreamNodeId, 'upstreamNodeId');
  return store.editDraft(ctx, { planId: input.planId, derivedOnly: true }, async (w) => {
    const { change } = await pendingChange(w, upstreamNodeId);
    await store.recordUpstreamDecision(w.em, w.plan.id, change.upstreamNodeId, 'DECLINED', reason, deciderOf(ctx));
    await rebaseIfDone(w);
    return {
      result: undefined as never,
      touch: false,
      rollup: true,
      reload: () => store.reloadPlan(w.em, w.plan.id),
      audit: { action: 'UPSTREAM_DECLINE', after: { kind: change.kind, upstreamNodeId: change.upstreamNodeId, reason } },
    };
  });
}

/** When every upstream change is decided, the plan follows the latest parent version. */
async function rebaseIfDone({ em, plan }: PlanWrite): Promise<void> {
  const state = await store.upstreamState(em, plan.id);
  if (state.pending > 0 || !state.latestParentId || state.latestParentId === state.baseParentId) return;
  await store.rebaseOnParent(em, plan.id, state.baseParentId!, state.latestParentId, state.successorOf);
}

export type { UpstreamChange };
