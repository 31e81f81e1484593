import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AuthedCtx } from '../../core/context.js';
import { Access } from '../../core/graphql/access.js';
import { MaxItems } from '../../core/graphql/list-bounds.js';
import { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import { AgencyNode } from '../agencies/agency.types.js';
import { PLAN_LIMITS } from '../plans/plan-limits.js';
import { periodLabel, periodOfKey } from './periods.js';
import { reportLoaders } from './report-loaders.js';
import * as reports from './reports.service.js';
import {
  CorrectReportInput,
  CountedFigureConnection,
  CountedFigureNode,
  ReportFiguresArgs,
  ReportTrendNode,
  CreateReportInput,
  MAX_REPORT_VERSIONS,
  ReportFigureNode,
  ReportFigurePayload,
  ReportNode,
  ReportObligationConnection,
  ReportObligationNode,
  ReportObligationsArgs,
  ReportPayload,
  ReportRollupArgs,
  ReportRollupConnection,
  ReportRollupSummaryNode,
  ReportingPeriodNode,
  ReportSubordinatesNode,
  ReportTaskNode,
  ReportTaskPayload,
  ReportTransitionInput,
  UpdateReportFigureInput,
  UpdateReportTaskInput,
  UpdateReportTextInput,
} from './report.types.js';

/** Progress reports (docs/REPORTS.md): thin resolvers over reports.service.ts. */
@Resolver(() => ReportNode)
export class ReportResolver {
  @Query(() => ReportObligationConnection, {
    description: 'Report obligations in the caller’s sight (its unit and below) of a plan, a unit or a milestone, with each unit’s status.',
  })
  @Access('SIGNED_IN')
  async reportObligations(@Args(() => ReportObligationsArgs) args: ReportObligationsArgs, @Ctx() ctx: AuthedCtx) {
    return new ReportObligationConnection(await reports.listObligations(ctx, args));
  }

  @Query(() => ReportRollupConnection, {
    description: 'Achieved against allocated per unit and target for a milestone’s obligations (at depth ALL, every level), with the gap.',
  })
  @Access('SIGNED_IN')
  async reportRollup(@Args(() => ReportRollupArgs) args: ReportRollupArgs, @Ctx() ctx: AuthedCtx) {
    return new ReportRollupConnection(await reports.rollupPage(ctx, args));
  }

  @Query(() => ReportRollupSummaryNode, {
    description:
      'A milestone’s obligations in the caller’s sight by compliance, and per target achieved against allocated, each figure counted once.',
  })
  @Access('SIGNED_IN')
  reportRollupSummary(
    @Arg('milestoneId', () => String) milestoneId: string,
    @Arg('period', () => String, {
      nullable: true,
      description: 'Of a periodic report, one period (ReportingPeriod.key); without it the figures of every period add up.',
    })
    period: string | null,
    @Ctx() ctx: AuthedCtx,
  ) {
    return reports.rollupSummary(ctx, milestoneId, period);
  }

  @Query(() => CountedFigureConnection, {
    description:
      'For integrators: the counted figures (submitted or accepted reports; else what the units below achieved, each once) per unit, target and reporting period, in the caller’s sight.',
  })
  @Access('SIGNED_IN')
  async reportFigures(@Args(() => ReportFiguresArgs) args: ReportFiguresArgs, @Ctx() ctx: AuthedCtx) {
    return new CountedFigureConnection(await reports.countedFigures(ctx, args));
  }

  @Query(() => ReportTrendNode, {
    description:
      'Per reporting period of a plan’s milestones, in order, per target the achieved total (each figure once) against the allocated, for the units in the caller’s sight.',
  })
  @Access('SIGNED_IN')
  reportTrend(
    @Arg('planId', () => String) planId: string,
    @Arg('targetId', () => String, { nullable: true }) targetId: string | null | undefined,
    @Ctx() ctx: AuthedCtx,
  ) {
    return reports.reportTrend(ctx, { planId, targetId });
  }

  @Query(() => ReportNode, { description: 'A report: the unit’s own in any status, a unit below’s once submitted.' })
  @Access('SIGNED_IN')
  report(@Arg('id', () => String) id: string, @Ctx() ctx: AuthedCtx) {
    return reports.getVisibleReport(ctx, id);
  }

  @FieldResolver(() => AdminUnitNode)
  async unit(@Root() r: ReportNode, @Ctx() ctx: AuthedCtx) {
    return (await ctx.loaders.unitById.load(r.unitId))!;
  }

  @FieldResolver(() => ReportObligationNode)
  async obligation(@Root() r: ReportNode, @Ctx() ctx: AuthedCtx) {
    return (await reportLoaders(ctx).obligation.load(r.obligationId))!;
  }

  @FieldResolver(() => [ReportTaskNode])
  @MaxItems(PLAN_LIMITS.nodes)
  tasks(@Root() r: ReportNode, @Ctx() ctx: AuthedCtx) {
    return reportLoaders(ctx).tasks.load(r.id);
  }

  @FieldResolver(() => [ReportFigureNode])
  @MaxItems(PLAN_LIMITS.targets)
  figures(@Root() r: ReportNode, @Ctx() ctx: AuthedCtx) {
    return reportLoaders(ctx).figures.load(r.id);
  }

  @FieldResolver(() => ReportSubordinatesNode, {
    description: 'The units below owing a report into this one, and those that have not submitted.',
  })
  subordinates(@Root() r: ReportNode, @Ctx() ctx: AuthedCtx) {
    return reports.subordinatesOf(ctx, r);
  }

  @FieldResolver(() => [ReportNode], { description: 'Every version of this report in the caller’s sight, newest first (corrections).' })
  @MaxItems(MAX_REPORT_VERSIONS)
  versions(@Root() r: ReportNode, @Ctx() ctx: AuthedCtx) {
    return reportLoaders(ctx).versions.load(r.obligationId);
  }

  @Mutation(() => ReportPayload, { description: 'Starts the report on an obligation of the caller’s unit, pre-filled (editors).' })
  @Access('WRITER')
  async createReport(@Arg('input', () => CreateReportInput) input: CreateReportInput, @Ctx() ctx: AuthedCtx) {
    return { report: await reports.createReport(ctx, input) };
  }

  @Mutation(() => ReportTaskPayload, { description: 'A task’s status and what was done (editors; draft or returned reports).' })
  @Access('WRITER')
  async updateReportTask(@Arg('input', () => UpdateReportTaskInput) input: UpdateReportTaskInput, @Ctx() ctx: AuthedCtx) {
    return { task: await reports.updateReportTask(ctx, input) };
  }

  @Mutation(() => ReportFigurePayload, {
    description: 'A target’s figures; differing from the sum from below needs overrideNote (editors).',
  })
  @Access('WRITER')
  async updateReportFigure(@Arg('input', () => UpdateReportFigureInput) input: UpdateReportFigureInput, @Ctx() ctx: AuthedCtx) {
    return { figure: await reports.updateReportFigure(ctx, input) };
  }

  @Mutation(() => ReportPayload, { description: 'Period, difficulties, proposals, recipients, signature (editors).' })
  @Access('WRITER')
  async updateReportText(@Arg('input', () => UpdateReportTextInput) input: UpdateReportTextInput, @Ctx() ctx: AuthedCtx) {
    return { report: await reports.updateReportText(ctx, input) };
  }

  @Mutation(() => ReportPayload, { description: 'DRAFT or RETURNED → SUBMITTED (approvers of the unit).' })
  @Access('USER')
  async submitReport(@Arg('input', () => ReportTransitionInput) input: ReportTransitionInput, @Ctx() ctx: AuthedCtx) {
    return { report: await reports.submitReport(ctx, input) };
  }

  @Mutation(() => ReportPayload, { description: 'SUBMITTED → ACCEPTED (approvers of the unit the report is owed to).' })
  @Access('USER')
  async acceptReport(@Arg('input', () => ReportTransitionInput) input: ReportTransitionInput, @Ctx() ctx: AuthedCtx) {
    return { report: await reports.decideReport(ctx, input, 'ACCEPTED') };
  }

  @Mutation(() => ReportPayload, { description: 'SUBMITTED → RETURNED with a reason (approvers of the unit the report is owed to).' })
  @Access('USER')
  async returnReport(@Arg('input', () => ReportTransitionInput) input: ReportTransitionInput, @Ctx() ctx: AuthedCtx) {
    return { report: await reports.decideReport(ctx, input, 'RETURNED') };
  }

  @Mutation(() => ReportPayload, { description: 'A correction: a new DRAFT version of a submitted or accepted report (editors).' })
  @Access('WRITER')
  async correctReport(@Arg('input', () => CorrectReportInput) input: CorrectReportInput, @Ctx() ctx: AuthedCtx) {
    return { report: await reports.correctReport(ctx, input) };
  }
}

@Resolver(() => CountedFigureNode)
export class CountedFigureResolver {
  @FieldResolver(() => AdminUnitNode, { description: 'The unit the figure is of.' })
  async unit(@Root() f: CountedFigureNode, @Ctx() ctx: AuthedCtx) {
    return (await ctx.loaders.unitById.load(f.unitId))!;
  }
}

@Resolver(() => ReportObligationNode)
export class ReportObligationResolver {
  // Not async: a row that carries its unit, agency or report (the roll-up page) answers at once,
  // with no promise and no loader per row (docs/REPORTS.md, "Superiors follow it").
  @FieldResolver(() => AdminUnitNode, { description: 'The unit that owes the report.' })
  unit(@Root() o: ReportObligationNode, @Ctx() ctx: AuthedCtx): AdminUnitNode | Promise<AdminUnitNode> {
    return o.unitRow ?? ctx.loaders.unitById.load(o.unitId).then((u) => u!);
  }

  @FieldResolver(() => AdminUnitNode, { description: 'The unit the report is owed to (the plan’s issuer).' })
  async issuerUnit(@Root() o: ReportObligationNode, @Ctx() ctx: AuthedCtx) {
    return (await ctx.loaders.unitById.load(o.issuerUnitId))!;
  }

  @FieldResolver(() => AgencyNode, {
    nullable: true,
    description: 'The agency of the unit that owes the report (an agency the plan names), or null for the unit’s own.',
  })
  agency(@Root() o: ReportObligationNode, @Ctx() ctx: AuthedCtx): AgencyNode | null | Promise<AgencyNode | null> {
    if (o.agencyRow !== undefined || !o.agencyId) return o.agencyRow ?? null;
    return ctx.loaders.agencyById.load(o.agencyId).then((g) => g ?? null);
  }

  @FieldResolver(() => ReportingPeriodNode, {
    nullable: true,
    description: 'The period of a periodic report and its data window (null for a one-off report).',
  })
  period(@Root() o: ReportObligationNode): ReportingPeriodNode | null {
    const p = periodOfKey(o.periodKey);
    return p ? { key: o.periodKey, kind: p.kind, year: p.year, index: p.index, label: periodLabel(p), start: p.from, end: p.to } : null;
  }

  @FieldResolver(() => ReportNode, {
    nullable: true,
    description: 'The report as the caller sees it (none, or a draft out of sight: null).',
  })
  report(@Root() o: ReportObligationNode, @Ctx() ctx: AuthedCtx): ReportNode | null | Promise<ReportNode | null> {
    if (o.reportRow !== undefined || !o.reportId) return o.reportRow ?? null;
    return reportLoaders(ctx)
      .report.load(o.reportId)
      .then((r) => r ?? null);
  }
}
