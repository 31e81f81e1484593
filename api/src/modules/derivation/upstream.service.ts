import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthedCtx } from '../../core/context.js';
import { badInput, notFound } from '../../core/errors.js';
import { parseUuid } from '../../core/ids.js';
import { one, rows } from '../../core/sql.js';
import { optionalText } from '../../core/text.js';
import type { AgencyRef } from '../plans/plan-document.js';
import { auditPlan, getVisiblePlan, reloadPlan, touchPlan } from '../plans/plan.service.js';
import type { PlanNode } from '../plans/plan.types.js';
import { createAgencyMapper } from './agency-mapping.js';
import { lockEditableDerived } from './derivation.service.js';
import { NODE_CONTENT_SQL, PROVENANCE_SQL, refreshRollup } from './rollup.js';
import { upstreamState, type UpstreamChange, type UpstreamNode } from './upstream.js';
import { merge3, type MergeConflict } from './word-diff.js';

export async function listUpstreamChanges(ctx: AuthedCtx, planId: string) {
  const plan = await getVisiblePlan(ctx, planId, 'planId');
  const state = await upstreamState(ctx.em, plan.id);
  return { plan, state };
}

export interface TakeResult {
  plan: PlanNode;
  applied: boolean;
  conflicts: MergeConflict[];
}

interface ChildNode {
  id: string;
  parentId: string | null;
  position: number;
  kind: string;
  label: string | null;
  text: string;
  task: { lead?: AgencyRef[]; cooperating?: AgencyRef[]; timing?: unknown } | null;
  provenance: string;
  sourceSnapshot: { kind: string; label: string | null; text: string; task: unknown } | null;
}

async function findChange(
  em: EntityManager,
  planId: string,
  upstreamNodeId: string,
): Promise<UpstreamChange & { state: Awaited<ReturnType<typeof upstreamState>> }> {
  const state = await upstreamState(em, planId);
  const change = state.changes.find((c) => c.upstreamNodeId === upstreamNodeId);
  if (!change) throw notFound('Upstream change');
  return { ...change, state };
}

/**
 * Takes one upstream change into a derived draft. On an INHERITED node the new text replaces
 * the old; on an ADAPTED node it is merged word by word with the editor's changes, and a conflict
 * leaves the node untouched and is returned for the editor to resolve.
 */
export async function takeUpstreamChange(ctx: AuthedCtx, input: { planId: string; upstreamNodeId: string }): Promise<TakeResult> {
  const upstreamNodeId = parseUuid(input.upstreamNodeId, 'upstreamNodeId');
  return ctx.em.transactional(async (em) => {
    const plan = await lockEditableDerived(ctx, em, input.planId);
    const change = await findChange(em, plan.id, upstreamNodeId);
    if (change.decision) throw badInput(`This change was already ${change.decision.toLowerCase()}`, 'upstreamNodeId');
    const unit = (await ctx.loaders.unitById.load(plan.unitId))!;
    const parentUnitId = (await one<{ unitId: number }>(em, `select unit_id as "unitId" from plan where id = ?`, [plan.parentPlanId]))!
      .unitId;
    const mapper = await createAgencyMapper(em, parentUnitId, unit);
    const adapt = (n: UpstreamNode) => {
      const task = n.task as ChildNode['task'];
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
        const child = (await one<ChildNode>(
          em,
          `select id, kind, label, text, task, provenance, source_snapshot as "sourceSnapshot" from plan_node where id = ? for update`,
          [id],
        ))!;
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
        await rows(
          em,
          `update plan_node set kind = ?, label = ?, text = ?, task = ?::jsonb, derived_from_node_id = ?, version = version + 1, updated_at = now(),
             source_snapshot = jsonb_build_object('kind', ?::text, 'label', ?::text, 'text', ?::text, 'task', ?::jsonb) where id = ?`,
          [
            theirs.kind,
            theirs.label,
            text,
            task ? JSON.stringify(task) : null,
            change.newNode!.id,
            theirs.kind,
            theirs.label,
            theirs.text,
            theirs.task ? JSON.stringify(theirs.task) : null,
            id,
          ],
        );
        await rows(em, `update plan_node set provenance = ${PROVENANCE_SQL} where id = ?`, [id]);
      }
    } else if (change.kind === 'ADDED') {
      const n = change.newNode!;
      const content = adapt(n);
      // Place it under the counterpart of its parent, after the counterpart of its previous sibling.
      const counterpart = async (upstreamId: string | null) => {
        if (!upstreamId) return null;
        const origin = [...change.state.successorOf.entries()].find(([, latest]) => latest === upstreamId)?.[0] ?? upstreamId;
        return (
          (await one<{ id: string; position: number }>(
            em,
            `select id, position from plan_node where plan_id = ? and derived_from_node_id in (?, ?) limit 1`,
            [plan.id, origin, upstreamId],
          )) ?? null
        );
      };
      const parent = await counterpart(n.parentId);
      const prevSibling = await one<{ id: string }>(
        em,
        `select id from plan_node where plan_id = ? and parent_id is not distinct from ? and position < ? order by position desc limit 1`,
        [n.planId, n.parentId, n.position],
      );
      const after = prevSibling ? await counterpart(prevSibling.id) : null;
      const position = after ? after.position + 1 : 0;
      await rows(
        em,
        `update plan_node set position = position + 1 where plan_id = ? and parent_id is not distinct from ? and position >= ?`,
        [plan.id, parent?.id ?? null, position],
      );
      const id = crypto.randomUUID();
      await rows(
        em,
        `insert into plan_node (id, plan_id, province_id, parent_id, position, kind, label, text, task, derived_from_node_id, provenance)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, 'INHERITED')`,
        [
          id,
          plan.id,
          plan.provinceId,
          parent?.id ?? null,
          position,
          content.kind,
          content.label,
          content.text,
          content.task ? JSON.stringify(content.task) : null,
          n.id,
        ],
      );
      await rows(em, `update plan_node set source_snapshot = ${NODE_CONTENT_SQL} where id = ?`, [id]);
    } else {
      for (const id of change.childNodeIds) {
        const child = (await one<ChildNode>(
          em,
          `select id, parent_id as "parentId", position, provenance from plan_node where id = ? for update`,
          [id],
        ))!;
        if (child.provenance === 'ADAPTED') {
          conflicts.push({ base: change.baseNode!.text, ours: '(adapted by this unit)', theirs: '(removed upstream)' });
          continue;
        }
        await rows(em, `delete from plan_node where id = ?`, [id]);
        await rows(
          em,
          `update plan_node set position = position - 1 where plan_id = ? and parent_id is not distinct from ? and position > ?`,
          [plan.id, child.parentId, child.position],
        );
      }
    }
    if (conflicts.length) return { plan, applied: false, conflicts };
    await rows(em, `insert into plan_upstream_decision (plan_id, upstream_node_id, decision, decided_by) values (?, ?, 'TAKEN', ?)`, [
      plan.id,
      change.upstreamNodeId,
      deciderOf(ctx),
    ]);
    await auditPlan(ctx, em, plan, 'UPSTREAM_TAKE', undefined, { kind: change.kind, upstreamNodeId: change.upstreamNodeId });
    await rebaseIfDone(em, plan.id);
    await touchPlan(em, plan.id);
    await refreshRollup(em, plan.id);
    return { plan: await reloadPlan(em, plan.id), applied: true, conflicts: [] };
  });
}

export async function declineUpstreamChange(
  ctx: AuthedCtx,
  input: { planId: string; upstreamNodeId: string; reason?: string | null },
): Promise<PlanNode> {
  const reason = optionalText(input.reason, 'reason', 2000);
  const upstreamNodeId = parseUuid(input.upstreamNodeId, 'upstreamNodeId');
  return ctx.em.transactional(async (em) => {
    const plan = await lockEditableDerived(ctx, em, input.planId);
    const change = await findChange(em, plan.id, upstreamNodeId);
    if (change.decision) throw badInput(`This change was already ${change.decision.toLowerCase()}`, 'upstreamNodeId');
    await rows(
      em,
      `insert into plan_upstream_decision (plan_id, upstream_node_id, decision, reason, decided_by) values (?, ?, 'DECLINED', ?, ?)`,
      [plan.id, change.upstreamNodeId, reason, deciderOf(ctx)],
    );
    await auditPlan(ctx, em, plan, 'UPSTREAM_DECLINE', undefined, { kind: change.kind, upstreamNodeId: change.upstreamNodeId, reason });
    await rebaseIfDone(em, plan.id);
    await refreshRollup(em, plan.id);
    return reloadPlan(em, plan.id);
  });
}

const deciderOf = (ctx: AuthedCtx) => (ctx.principal.kind === 'USER' ? ctx.principal.id : null);

/**
 * When every upstream change is decided, the plan follows the latest parent version: its parent
 * link, its first legal basis, its nodes' and omissions' sources move to the new version.
 */
async function rebaseIfDone(em: EntityManager, planId: string): Promise<void> {
  const state = await upstreamState(em, planId);
  if (state.pending > 0 || !state.latestParentId || state.latestParentId === state.baseParentId) return;
  for (const [base, latest] of state.successorOf) {
    await rows(em, `update plan_node set derived_from_node_id = ? where plan_id = ? and derived_from_node_id = ?`, [latest, planId, base]);
    await rows(em, `update plan_omission set source_node_id = ? where plan_id = ? and source_node_id = ?`, [latest, planId, base]);
  }
  await rows(
    em,
    `delete from plan_omission o where o.plan_id = ? and not exists (select 1 from plan_node n where n.id = o.source_node_id and n.plan_id = ?)`,
    [planId, state.latestParentId],
  );
  const latest = (await one<{ number: string | null; symbol: string; issuedDate: string | null }>(
    em,
    `select number, symbol, issued_date as "issuedDate" from plan where id = ?`,
    [state.latestParentId],
  ))!;
  await rows(em, `update plan_legal_basis set ref_plan_id = ?, number = ?, date = ? where plan_id = ? and ref_plan_id = ?`, [
    state.latestParentId,
    latest.number ? `${latest.number}/${latest.symbol}` : null,
    latest.issuedDate,
    planId,
    state.baseParentId,
  ]);
  await rows(em, `update plan set parent_plan_id = ? where id = ?`, [state.latestParentId, planId]);
}
