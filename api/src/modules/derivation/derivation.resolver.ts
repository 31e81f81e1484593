import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AuthedCtx } from '../../core/context.js';
import { Access } from '../../core/graphql/access.js';
import { PlanRow, PlanPayload } from '../plans/plan.types.js';
import { visiblePlanOrNull } from '../plans/plan.service.js';
import * as derivation from './derivation.service.js';
import { planDiff } from './plan-diff.service.js';
import * as upstream from './upstream.service.js';
import { upstreamState } from '../plans/store/index.js';
import { diffBudget, diffWords } from './word-diff.js';
import {
  DerivationPreviewNode,
  DerivePlanInput,
  PlanDiffNode,
  SetOmissionReasonInput,
  TakeUpstreamPayload,
  UpstreamChangeNode,
  UpstreamDecisionInput,
} from './derivation.types.js';
import { MaxItems } from '../../core/graphql/list-bounds.js';
import { PLAN_LIMITS } from '../plans/plan-limits.js';

@Resolver(() => PlanRow)
export class DerivationResolver {
  @Query(() => DerivationPreviewNode, { description: 'Preview of derivePlan: agency mapping, unmatched agencies, targets taken over.' })
  @Access('SIGNED_IN')
  async derivationPreview(
    @Arg('parentPlanId', () => String) parentPlanId: string,
    @Arg('unitId', () => String, { nullable: true }) unitId: string | undefined,
    @Ctx() ctx: AuthedCtx,
  ): Promise<DerivationPreviewNode> {
    const o = await derivation.outlineDerivation(ctx, ctx.em, parentPlanId, unitId);
    const agencies = o.mapping.filter((m) => m.to).map((m) => m.to!.agencyId);
    const agencyRows = agencies.length
      ? await ctx.em.execute(
          `select g.id, g.name, g.sector, g.disabled_at is not null as disabled, g.version, g.unit_id as "unitId" from agency g where g.id in (${agencies.map(() => '?').join(', ')})`,
          agencies,
        )
      : [];
    const byId = new Map((agencyRows as { id: string }[]).map((a) => [a.id, a]));
    return {
      parentPlan: o.parent,
      unit: o.unit,
      title: o.document.header.title,
      preamble: o.document.preamble,
      nodeCount: o.document.nodes.length,
      taskCount: o.document.nodes.filter((n) => n.task).length,
      agencyMapping: o.mapping.map((m) => ({
        fromName: m.from.name,
        fromSector: m.from.sector,
        to: m.to ? ((byId.get(m.to.agencyId) as never) ?? null) : null,
        uses: m.uses,
      })),
      unmatchedAgencies: o.mapping.filter((m) => !m.to).map((m) => m.from.name),
      targets: o.takenTargets,
      existingPlan: await visiblePlanOrNull(ctx, o.existingPlanId),
    };
  }

  @Mutation(() => PlanPayload, { description: "Creates the unit's DRAFT from an issued parent plan, in one transaction." })
  @Access('WRITER')
  async derivePlan(@Arg('input', () => DerivePlanInput) input: DerivePlanInput, @Ctx() ctx: AuthedCtx) {
    return { plan: await derivation.derivePlan(ctx, input) };
  }

  @Query(() => PlanDiffNode, {
    description: 'The derived plan against its parent: inherited, adapted (word diff), local, omitted (with reasons).',
  })
  @Access('SIGNED_IN')
  async planDiff(@Arg('planId', () => String) planId: string, @Ctx() ctx: AuthedCtx) {
    const d = await planDiff(ctx, planId);
    return {
      plan: d.plan,
      parentPlan: d.parentPlan,
      counts: { inherited: d.counts.INHERITED, adapted: d.counts.ADAPTED, local: d.counts.LOCAL, omitted: d.counts.OMITTED },
      entries: d.entries,
    };
  }

  @Mutation(() => PlanPayload)
  @Access('WRITER')
  async setOmissionReason(@Arg('input', () => SetOmissionReasonInput) input: SetOmissionReasonInput, @Ctx() ctx: AuthedCtx) {
    return { plan: await derivation.setOmissionReason(ctx, input) };
  }

  @FieldResolver(() => [UpstreamChangeNode], { description: 'Changes in newer issued versions of the parent plan, node by node.' })
  // Every node of the latest parent version (modified or added) and of the base (removed).
  @MaxItems(2 * PLAN_LIMITS.nodes)
  async upstreamChanges(@Root() plan: PlanRow, @Ctx() ctx: AuthedCtx): Promise<UpstreamChangeNode[]> {
    const state = await upstreamState(ctx.em, plan.id);
    const budget = diffBudget();
    return state.changes.map((c) => ({
      kind: c.kind,
      upstreamNodeId: c.upstreamNodeId,
      baseLabel: c.baseNode?.label ?? null,
      baseText: c.baseNode?.text ?? null,
      newLabel: c.newNode?.label ?? null,
      newText: c.newNode?.text ?? null,
      textDiff: diffWords(c.baseNode?.text ?? '', c.newNode?.text ?? '', budget),
      decision: c.decision,
      reason: c.reason,
      childNodeIds: c.childNodeIds,
    }));
  }

  @Mutation(() => TakeUpstreamPayload, { description: 'Takes one upstream change (a three-way merge on adapted nodes).' })
  @Access('WRITER')
  takeUpstreamChange(@Arg('input', () => UpstreamDecisionInput) input: UpstreamDecisionInput, @Ctx() ctx: AuthedCtx) {
    return upstream.takeUpstreamChange(ctx, input);
  }

  @Mutation(() => PlanPayload, { description: 'Declines one upstream change; the decision stays visible to superiors.' })
  @Access('WRITER')
  async declineUpstreamChange(@Arg('input', () => UpstreamDecisionInput) input: UpstreamDecisionInput, @Ctx() ctx: AuthedCtx) {
    return { plan: await upstream.declineUpstreamChange(ctx, input) };
  }
}
