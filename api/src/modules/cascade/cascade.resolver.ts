import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { AuthedCtx } from '../../core/context.js';
import { PlanRow } from '../plans/plan.types.js';
import * as cascade from '../plans/store/index.js';
import { ReportObligationNode } from '../reports/report.types.js';
import { cascadeRowObligation } from '../reports/reports.service.js';
import {
  CascadeArgs,
  CascadeRowNode,
  CascadeRowConnection,
  CascadeSummaryArgs,
  CascadeSummaryNode,
  CoverageMatrixArgs,
  CoverageMatrixNode,
} from './cascade.types.js';

/** Cascade views hang off a plan the caller can already read (the plan field applied the policy). */
@Resolver(() => PlanRow)
export class CascadeResolver {
  @FieldResolver(() => CascadeRowConnection, {
    description: 'Subordinate units with their derived plans, compliance, coverage and targets.',
  })
  async cascade(@Root() plan: PlanRow, @Args(() => CascadeArgs) args: CascadeArgs, @Ctx() ctx: AuthedCtx) {
    return new CascadeRowConnection(await cascade.cascadePage(ctx, plan, args.filter ?? {}, args));
  }

  @FieldResolver(() => CascadeSummaryNode, { description: 'Counts by status and compliance, coverage and target sums over the cascade.' })
  cascadeSummary(@Root() plan: PlanRow, @Args(() => CascadeSummaryArgs) args: CascadeSummaryArgs, @Ctx() ctx: AuthedCtx) {
    return cascade.cascadeSummary(ctx, plan, args.depth);
  }

  @FieldResolver(() => CoverageMatrixNode, { description: 'Parent tasks × subordinate units (a page of units).' })
  coverageMatrix(@Root() plan: PlanRow, @Args(() => CoverageMatrixArgs) args: CoverageMatrixArgs, @Ctx() ctx: AuthedCtx) {
    return cascade.coverageMatrix(ctx, plan, args.depth, args);
  }
}

/**
 * Plan and report status side by side (docs/REPORTS.md, "The cascade"): each row's report on a
 * reporting milestone of the plan followed, read for the whole page at once.
 */
@Resolver(() => CascadeRowNode)
export class CascadeRowResolver {
  @FieldResolver(() => ReportObligationNode, {
    nullable: true,
    description:
      'The report the unit owes on this reporting milestone of the plan (at depth ALL, on the milestone derived from it below), with its status and compliance; null when it owes none or it is out of the caller’s sight.',
  })
  reportObligation(@Root() row: CascadeRowNode, @Arg('milestoneId', () => String) milestoneId: string, @Ctx() ctx: AuthedCtx) {
    return cascadeRowObligation(ctx, milestoneId, row.unit.id);
  }
}
