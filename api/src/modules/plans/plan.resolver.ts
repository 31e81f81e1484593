import { numberSymbol } from './plan-document.js';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { canReadPlan, isOnChain } from '../../core/access/policy.js';
import type { AuthedCtx } from '../../core/context.js';
import { Access } from '../../core/graphql/access.js';
import { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import { runPlanChecks } from './plan-checks.js';
import * as editing from './plan-editing.service.js';
import * as lifecycle from './plan-lifecycle.service.js';
import * as plans from './plan.service.js';
import {
  AddNodeInput,
  AmendPlanInput,
  AuditEventConnection,
  CreatePlanInput,
  DeleteNodeInput,
  DeletePayload,
  DeletePlanPartInput,
  HistoryArgs,
  IssuePlanInput,
  LegalBasisNode,
  MilestoneNode,
  MilestonePayload,
  MoveNodeInput,
  NodePayload,
  OmitNodeInput,
  PhaseNode,
  PhasePayload,
  PlanCheckFindingNode,
  PlanConnection,
  PlanRow,
  PlanNodeRow,
  PlanPayload,
  PlansArgs,
  PlanTransitionInput,
  RestoreNodeInput,
  SaveMilestoneInput,
  SavePhaseInput,
  SaveTargetInput,
  SetLegalBasesInput,
  TargetAllocationNode,
  TargetNode,
  TargetPayload,
  UpdateNodeInput,
  UpdatePlanHeaderInput,
} from './plan.types.js';
import { MaxItems } from '../../core/graphql/list-bounds.js';
import { MAX_FINDINGS, PLAN_LIMITS } from './plan-limits.js';

@Resolver(() => PlanRow)
export class PlanResolver {
  /* -------------------------------------------------------------- queries */

  @Query(() => PlanRow, { description: 'A plan the caller may read (own unit and below: any status; above: issued).' })
  @Access('SIGNED_IN')
  plan(@Arg('id', () => String) id: string, @Ctx() ctx: AuthedCtx) {
    return plans.getVisiblePlan(ctx, id);
  }

  @Query(() => PlanConnection, { description: 'Plans visible to the caller, newest first.' })
  @Access('SIGNED_IN')
  async plans(@Args(() => PlansArgs) args: PlansArgs, @Ctx() ctx: AuthedCtx) {
    return new PlanConnection(await plans.listPlans(ctx, args.filter ?? {}, args));
  }

  @Query(() => [PlanCheckFindingNode], { description: 'Runs the plan checks ("4 rõ", sums, dates, citations) on demand.' })
  @Access('SIGNED_IN')
  @MaxItems(MAX_FINDINGS, { truncate: true })
  async planChecks(@Arg('planId', () => String) planId: string, @Ctx() ctx: AuthedCtx) {
    return this.checks(await plans.getVisiblePlan(ctx, planId, 'planId'), ctx);
  }

  /* --------------------------------------------------------------- fields */

  @FieldResolver(() => AdminUnitNode, { description: 'The issuing unit.' })
  async unit(@Root() plan: PlanRow, @Ctx() ctx: AuthedCtx) {
    return (await ctx.loaders.unitById.load(plan.unitId))!;
  }

  @FieldResolver(() => String, { nullable: true, description: '"45/KH-UBND", a Party plan "125-KH/TU"; null until issued.' })
  numberSymbol(@Root() plan: PlanRow): string | null {
    return numberSymbol(plan.number, plan.symbol);
  }

  @FieldResolver(() => PlanRow, { nullable: true, description: "The superior's plan this one implements (when visible)." })
  parentPlan(@Root() plan: PlanRow, @Ctx() ctx: AuthedCtx) {
    return plans.visiblePlanOrNull(ctx, plan.parentPlanId);
  }

  @FieldResolver(() => PlanRow, { nullable: true, description: 'The version this amendment replaces.' })
  amendsPlan(@Root() plan: PlanRow, @Ctx() ctx: AuthedCtx) {
    return plans.visiblePlanOrNull(ctx, plan.amendsPlanId);
  }

  @FieldResolver(() => [LegalBasisNode])
  @MaxItems(PLAN_LIMITS.legalBases)
  legalBases(@Root() plan: PlanRow, @Ctx() ctx: AuthedCtx) {
    return ctx.loaders.planLegalBases.load(plan.id);
  }

  @FieldResolver(() => [PlanNodeRow], { description: 'The whole body in document order (depth-first), with depth.' })
  @MaxItems(PLAN_LIMITS.nodes)
  async nodes(@Root() plan: PlanRow, @Ctx() ctx: AuthedCtx, @Info() info: GraphQLResolveInfo) {
    const nodes = await plans.planBody(ctx, plan);
    // Decided once for the whole list, so that each node's link below is answered without a promise.
    if (plan.parentPlanId && selects(info, 'derivedFromNodeId')) await parentReadable(ctx, plan.id);
    return nodes;
  }

  @FieldResolver(() => [PhaseNode])
  @MaxItems(PLAN_LIMITS.phases)
  phases(@Root() plan: PlanRow, @Ctx() ctx: AuthedCtx) {
    return ctx.loaders.planPhases.load(plan.id);
  }

  @FieldResolver(() => [TargetNode])
  @MaxItems(PLAN_LIMITS.targets)
  targets(@Root() plan: PlanRow, @Ctx() ctx: AuthedCtx) {
    return ctx.loaders.planTargets.load(plan.id);
  }

  @FieldResolver(() => [MilestoneNode])
  @MaxItems(PLAN_LIMITS.milestones)
  milestones(@Root() plan: PlanRow, @Ctx() ctx: AuthedCtx) {
    return ctx.loaders.planMilestones.load(plan.id);
  }

  @FieldResolver(() => [PlanCheckFindingNode], { description: 'Same as the planChecks query.' })
  @MaxItems(MAX_FINDINGS, { truncate: true })
  async checks(@Root() plan: PlanRow, @Ctx() ctx: AuthedCtx) {
    const [nodes, bases, phases, targets, milestones] = await Promise.all([
      plans.planBody(ctx, plan),
      ctx.loaders.planLegalBases.load(plan.id),
      ctx.loaders.planPhases.load(plan.id),
      ctx.loaders.planTargets.load(plan.id),
      ctx.loaders.planMilestones.load(plan.id),
    ]);
    return runPlanChecks({ plan, nodes, bases, phases, targets, milestones });
  }

  @FieldResolver(() => AuditEventConnection, { description: 'Audit trail: every change, who and when, before and after.' })
  async history(@Root() plan: PlanRow, @Args(() => HistoryArgs) args: HistoryArgs, @Ctx() ctx: AuthedCtx) {
    return new AuditEventConnection(await plans.planHistory(ctx, plan, args));
  }

  /* ------------------------------------------------------------ mutations */

  @Mutation(() => PlanPayload)
  @Access('WRITER')
  async createPlan(@Arg('input', () => CreatePlanInput) input: CreatePlanInput, @Ctx() ctx: AuthedCtx) {
    return { plan: await plans.createPlan(ctx, input) };
  }

  @Mutation(() => PlanPayload)
  @Access('WRITER')
  async updatePlanHeader(@Arg('input', () => UpdatePlanHeaderInput) input: UpdatePlanHeaderInput, @Ctx() ctx: AuthedCtx) {
    return { plan: await plans.updatePlanHeader(ctx, input) };
  }

  @Mutation(() => PlanPayload)
  @Access('WRITER')
  async setLegalBases(@Arg('input', () => SetLegalBasesInput) input: SetLegalBasesInput, @Ctx() ctx: AuthedCtx) {
    return { plan: await plans.setLegalBases(ctx, input) };
  }

  @Mutation(() => NodePayload)
  @Access('WRITER')
  addNode(@Arg('input', () => AddNodeInput) input: AddNodeInput, @Ctx() ctx: AuthedCtx) {
    return editing.addNode(ctx, input);
  }

  @Mutation(() => NodePayload)
  @Access('WRITER')
  updateNode(@Arg('input', () => UpdateNodeInput) input: UpdateNodeInput, @Ctx() ctx: AuthedCtx) {
    return editing.updateNode(ctx, input);
  }

  @Mutation(() => NodePayload)
  @Access('WRITER')
  moveNode(@Arg('input', () => MoveNodeInput) input: MoveNodeInput, @Ctx() ctx: AuthedCtx) {
    return editing.moveNode(ctx, input);
  }

  @Mutation(() => DeletePayload, {
    description: "Deletes one of the unit's own nodes with its subtree; a node from the parent plan is omitted instead (omitNode).",
  })
  @Access('WRITER')
  deleteNode(@Arg('input', () => DeleteNodeInput) input: DeleteNodeInput, @Ctx() ctx: AuthedCtx) {
    return editing.deleteNode(ctx, input);
  }

  @Mutation(() => NodePayload, {
    description:
      'Omits a node that came from the parent plan (with its subtree) from a derived draft, with a reason: it stays in the document as OMITTED.',
  })
  @Access('WRITER')
  omitNode(@Arg('input', () => OmitNodeInput) input: OmitNodeInput, @Ctx() ctx: AuthedCtx) {
    return editing.omitNode(ctx, input);
  }

  @Mutation(() => NodePayload, { description: 'Restores an omitted node (with its subtree) to what it was.' })
  @Access('WRITER')
  restoreNode(@Arg('input', () => RestoreNodeInput) input: RestoreNodeInput, @Ctx() ctx: AuthedCtx) {
    return editing.restoreNode(ctx, input);
  }

  @Mutation(() => TargetPayload)
  @Access('WRITER')
  async saveTarget(@Arg('input', () => SaveTargetInput) input: SaveTargetInput, @Ctx() ctx: AuthedCtx) {
    return { target: await editing.saveTarget(ctx, input) };
  }

  @Mutation(() => DeletePayload)
  @Access('WRITER')
  deleteTarget(@Arg('input', () => DeletePlanPartInput) input: DeletePlanPartInput, @Ctx() ctx: AuthedCtx) {
    return editing.deletePlanPart(ctx, 'Target', input);
  }

  @Mutation(() => PhasePayload)
  @Access('WRITER')
  async savePhase(@Arg('input', () => SavePhaseInput) input: SavePhaseInput, @Ctx() ctx: AuthedCtx) {
    return { phase: await editing.savePhase(ctx, input) };
  }

  @Mutation(() => DeletePayload)
  @Access('WRITER')
  deletePhase(@Arg('input', () => DeletePlanPartInput) input: DeletePlanPartInput, @Ctx() ctx: AuthedCtx) {
    return editing.deletePlanPart(ctx, 'Phase', input);
  }

  @Mutation(() => MilestonePayload)
  @Access('WRITER')
  async saveMilestone(@Arg('input', () => SaveMilestoneInput) input: SaveMilestoneInput, @Ctx() ctx: AuthedCtx) {
    return { milestone: await editing.saveMilestone(ctx, input) };
  }

  @Mutation(() => DeletePayload)
  @Access('WRITER')
  deleteMilestone(@Arg('input', () => DeletePlanPartInput) input: DeletePlanPartInput, @Ctx() ctx: AuthedCtx) {
    return editing.deletePlanPart(ctx, 'Milestone', input);
  }

  @Mutation(() => PlanPayload, { description: 'DRAFT → IN_REVIEW (editors).' })
  @Access('WRITER')
  async submitPlanForReview(@Arg('input', () => PlanTransitionInput) input: PlanTransitionInput, @Ctx() ctx: AuthedCtx) {
    return { plan: await lifecycle.submitForReview(ctx, input) };
  }

  @Mutation(() => PlanPayload, { description: 'IN_REVIEW → DRAFT (approvers return it, editors withdraw it).' })
  @Access('WRITER')
  async returnPlanToDraft(@Arg('input', () => PlanTransitionInput) input: PlanTransitionInput, @Ctx() ctx: AuthedCtx) {
    return { plan: await lifecycle.returnToDraft(ctx, input) };
  }

  @Mutation(() => PlanPayload, { description: 'IN_REVIEW → ISSUED (approvers): assigns the number, fixes date and signer.' })
  @Access('USER')
  async issuePlan(@Arg('input', () => IssuePlanInput) input: IssuePlanInput, @Ctx() ctx: AuthedCtx) {
    return { plan: await lifecycle.issuePlan(ctx, input) };
  }

  @Mutation(() => PlanPayload, { description: 'ISSUED → REVOKED with a reason (approvers).' })
  @Access('USER')
  async revokePlan(@Arg('input', () => PlanTransitionInput) input: PlanTransitionInput, @Ctx() ctx: AuthedCtx) {
    return { plan: await lifecycle.revokePlan(ctx, input) };
  }

  @Mutation(() => PlanPayload, { description: 'Starts an amendment: a new DRAFT version; issuing it supersedes this one.' })
  @Access('WRITER')
  async amendPlan(@Arg('input', () => AmendPlanInput) input: AmendPlanInput, @Ctx() ctx: AuthedCtx) {
    return { plan: await lifecycle.amendPlan(ctx, input) };
  }
}

/**
 * Links out of a plan's content (the parent node a node came from, the cited plan, the unit an
 * allocation names) are ids of other rows: handed out only when the caller may see that row, null
 * otherwise, so that no answer names something invisible (docs/ACCESS.md). A derived plan whose
 * parent was revoked, or an issued province plan allocating to a sibling district, would otherwise
 * hand out ids that the API then denies exist. Loaders batch the look-ups for a whole response.
 */
@Resolver(() => PlanNodeRow)
export class PlanNodeLinksResolver {
  @FieldResolver(() => ID, { nullable: true })
  derivedFromNodeId(@Root() node: PlanNodeRow, @Ctx() ctx: AuthedCtx): string | null | Promise<string | null> {
    if (!node.derivedFromNodeId) return null;
    const readable = parentReadable(ctx, node.planId);
    return typeof readable === 'boolean'
      ? readable
        ? node.derivedFromNodeId
        : null
      : readable.then((r) => (r ? node.derivedFromNodeId : null));
  }
}

@Resolver(() => TargetNode)
export class TargetLinksResolver {
  @FieldResolver(() => ID, { nullable: true })
  async derivedFromTargetId(@Root() target: TargetNode, @Ctx() ctx: AuthedCtx): Promise<string | null> {
    return target.derivedFromTargetId && (await parentReadable(ctx, target.planId)) ? target.derivedFromTargetId : null;
  }
}

@Resolver(() => LegalBasisNode)
export class LegalBasisLinksResolver {
  @FieldResolver(() => ID, { nullable: true })
  async refPlanId(@Root() basis: LegalBasisNode, @Ctx() ctx: AuthedCtx): Promise<string | null> {
    if (!basis.refPlanId) return null;
    const plan = await ctx.loaders.planById.load(basis.refPlanId);
    return plan && canReadPlan(ctx.principal, plan) ? basis.refPlanId : null;
  }
}

@Resolver(() => TargetAllocationNode)
export class AllocationLinksResolver {
  @FieldResolver(() => ID, { nullable: true })
  async unitId(@Root() allocation: TargetAllocationNode, @Ctx() ctx: AuthedCtx): Promise<number | null> {
    if (allocation.unitId === null || allocation.unitId === undefined) return null;
    const unit = await ctx.loaders.unitById.load(Number(allocation.unitId));
    return unit && isOnChain(ctx.principal, unit.path) ? allocation.unitId : null;
  }
}

/**
 * May the caller see the plan that `planId` was derived from? Decided once per plan and request:
 * a boolean once known (a plan's 300 nodes then ask without 300 promises), a promise until then.
 */
const parentReadableOf = new WeakMap<AuthedCtx, Map<string, boolean | Promise<boolean>>>();
function parentReadable(ctx: AuthedCtx, planId: string): boolean | Promise<boolean> {
  let known = parentReadableOf.get(ctx);
  if (!known) parentReadableOf.set(ctx, (known = new Map()));
  const seen = known.get(planId);
  if (seen !== undefined) return seen;
  const decided = (async () => {
    const plan = await ctx.loaders.planById.load(planId);
    const readable = !!plan?.parentPlanId && (await plans.visiblePlanOrNull(ctx, plan.parentPlanId)) !== null;
    known.set(planId, readable);
    return readable;
  })();
  known.set(planId, decided);
  return decided;
}

/** Does the field's selection name `field` (directly or through fragments)? */
function selects(info: GraphQLResolveInfo, field: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((s) =>
      s.kind === Kind.FIELD
        ? s.name.value === field
        : s.kind === Kind.INLINE_FRAGMENT
          ? visit(s.selectionSet)
          : visit(info.fragments[s.name.value]?.selectionSet),
    );
  return info.fieldNodes.some((n) => visit(n.selectionSet));
}
