import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AuthedCtx } from '../../core/context.js';
import { Access } from '../../core/graphql/access.js';
import { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import { PlanRow } from '../plans/plan.types.js';
import { reportLoaders } from '../reports/report-loaders.js';
import { ReportNode, ReportObligationNode } from '../reports/report.types.js';
import * as notifications from './notification.service.js';
import {
  MarkNotificationsReadInput,
  MarkNotificationsReadPayload,
  NotificationConnection,
  NotificationNode,
  NotificationsArgs,
} from './notification.types.js';

@Resolver(() => NotificationNode)
export class NotificationResolver {
  @Query(() => NotificationConnection, { description: "Notices to the caller's unit, newest first (none for an API key)." })
  @Access('SIGNED_IN')
  async notifications(@Args(() => NotificationsArgs) args: NotificationsArgs, @Ctx() ctx: AuthedCtx) {
    return new NotificationConnection(await notifications.listNotifications(ctx, args));
  }

  @Query(() => Int, { description: "Notices of the caller's unit the caller has not read." })
  @Access('SIGNED_IN')
  unreadNotificationCount(@Ctx() ctx: AuthedCtx): Promise<number> {
    return notifications.unreadCount(ctx);
  }

  @Mutation(() => MarkNotificationsReadPayload)
  @Access('USER')
  markNotificationsRead(@Arg('input', () => MarkNotificationsReadInput) input: MarkNotificationsReadInput, @Ctx() ctx: AuthedCtx) {
    return notifications.markNotificationsRead(ctx, input.ids);
  }

  @FieldResolver(() => PlanRow, { nullable: true, description: 'The plan the notice is about (null if it is no longer visible).' })
  async plan(@Root() n: NotificationNode, @Ctx() ctx: AuthedCtx) {
    return (await ctx.loaders.planById.load(n.planId)) ?? null;
  }

  @FieldResolver(() => AdminUnitNode, { nullable: true, description: 'The unit whose act the notice reports.' })
  async fromUnit(@Root() n: NotificationNode, @Ctx() ctx: AuthedCtx) {
    return (await ctx.loaders.unitById.load(n.fromUnitId)) ?? null;
  }

  @FieldResolver(() => ReportObligationNode, {
    nullable: true,
    description: 'For a report notice: the obligation (the report owed, its due date and status); null for a plan notice.',
  })
  async obligation(@Root() n: NotificationNode, @Ctx() ctx: AuthedCtx) {
    return n.obligationId ? ((await reportLoaders(ctx).obligation.load(n.obligationId)) ?? null) : null;
  }

  @FieldResolver(() => ReportNode, {
    nullable: true,
    description: 'For a returned or submitted report: the report (the version returned or submitted), when visible.',
  })
  async report(@Root() n: NotificationNode, @Ctx() ctx: AuthedCtx) {
    return n.reportId ? ((await reportLoaders(ctx).report.load(n.reportId)) ?? null) : null;
  }
}
