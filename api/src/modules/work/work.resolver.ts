import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { AuthedCtx } from '../../core/context.js';
import { Access } from '../../core/graphql/access.js';
import { visiblePlanOrNull } from '../plans/plan.service.js';
import { PlanRow } from '../plans/plan.types.js';
import * as work from './work.service.js';
import {
  MyWorkListArgs,
  MyWorkNode,
  MyWorkPlansNode,
  MyWorkReportsNode,
  MyWorkUpstreamNode,
  PlanBehindUpstreamNode,
} from './work.types.js';

/** The desk (docs/REPORTS.md, "The desk"): thin resolvers over work.service.ts. */
@Resolver(() => MyWorkNode)
export class MyWorkResolver {
  @Query(() => MyWorkNode, {
    description:
      'What waits for the signed-in official: plans to derive or approve, upstream changes, reports due or to accept. People only: an API key is refused.',
  })
  @Access('USER')
  myWork(): MyWorkNode {
    return work.myWork();
  }

  @FieldResolver(() => MyWorkPlansNode, {
    nullable: true,
    description: "Plans the unit's superior issued that the unit implements and has not derived its own from yet (editors).",
  })
  plansToDerive(@Args(() => MyWorkListArgs) args: MyWorkListArgs, @Ctx() ctx: AuthedCtx) {
    return work.toDerive(ctx, args.first);
  }

  @FieldResolver(() => MyWorkPlansNode, {
    nullable: true,
    description: "The unit's drafts submitted for review, to issue or return (approvers).",
  })
  plansToApprove(@Args(() => MyWorkListArgs) args: MyWorkListArgs, @Ctx() ctx: AuthedCtx) {
    return work.toApprove(ctx, args.first);
  }

  @FieldResolver(() => MyWorkUpstreamNode, {
    nullable: true,
    description: "The unit's plans whose parent was amended, with changes still to take or decline (editors).",
  })
  upstreamChanges(@Args(() => MyWorkListArgs) args: MyWorkListArgs, @Ctx() ctx: AuthedCtx) {
    return work.upstreamToDecide(ctx, args.first);
  }

  @FieldResolver(() => MyWorkReportsNode, {
    nullable: true,
    description: "The unit's reports not yet submitted, due by `dueBy` or overdue, of plans in force (editors and approvers).",
  })
  reportsDue(@Root() root: MyWorkNode, @Args(() => MyWorkListArgs) args: MyWorkListArgs, @Ctx() ctx: AuthedCtx) {
    return work.reportsDue(ctx, root, args.first);
  }

  @FieldResolver(() => MyWorkReportsNode, {
    nullable: true,
    description: 'Reports the units below submitted to the unit, waiting to be accepted or returned (approvers).',
  })
  reportsToAccept(@Args(() => MyWorkListArgs) args: MyWorkListArgs, @Ctx() ctx: AuthedCtx) {
    return work.reportsToAccept(ctx, args.first);
  }
}

@Resolver(() => PlanBehindUpstreamNode)
export class PlanBehindUpstreamResolver {
  @FieldResolver(() => PlanRow, { nullable: true, description: "The parent's latest issued version, whose changes are to decide." })
  amendment(@Root() item: PlanBehindUpstreamNode, @Ctx() ctx: AuthedCtx) {
    return visiblePlanOrNull(ctx, item.amendmentId);
  }
}
