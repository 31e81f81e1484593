import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TypeAccess } from '../../core/graphql/access.js';
import { MaxItems } from '../../core/graphql/list-bounds.js';
import { Connection, PageArgs } from '../../core/graphql/pagination.js';
import { LocalDate } from '../../core/graphql/scalars.js';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../core/idempotency.js';
import { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import type { AgencyNode } from '../agencies/agency.types.js';
import { CascadeDepthEnum } from '../cascade/cascade.types.js';
import { PLAN_LIMITS } from '../plans/plan-limits.js';

/*
 * Progress reports in GraphQL (docs/REPORTS.md). Figures are read as numbers and written as
 * decimal text ("12", "12.5"), so that a wrong figure is refused with its field named.
 */

export const ReportStatuses = ['DRAFT', 'SUBMITTED', 'ACCEPTED', 'RETURNED', 'SUPERSEDED'] as const;
export type ReportStatus = (typeof ReportStatuses)[number];
export const ReportStatusEnum = Object.fromEntries(ReportStatuses.map((s) => [s, s])) as { [K in ReportStatus]: K };
registerEnumType(ReportStatusEnum, {
  name: 'ReportStatus',
  description:
    'DRAFT → SUBMITTED (approver of the unit) → ACCEPTED, or RETURNED with a reason (approver of the superior) and submitted again; SUPERSEDED: replaced by a submitted correction.',
});

export const ObligationStatuses = ['NONE', ...ReportStatuses] as const;
export const ObligationStatusEnum = Object.fromEntries(ObligationStatuses.map((s) => [s, s])) as Record<string, string>;
registerEnumType(ObligationStatusEnum, {
  name: 'ObligationReportStatus',
  description: 'The status of the report on an obligation as the caller sees it: NONE when there is none (or only a draft out of sight).',
});

export const ReportCompliances = ['PENDING', 'ON_TIME', 'LATE', 'MISSING', 'RETURNED', 'CLOSED'] as const;
export type ReportCompliance = (typeof ReportCompliances)[number];
export const ReportComplianceEnum = Object.fromEntries(ReportCompliances.map((s) => [s, s])) as { [K in ReportCompliance]: K };
registerEnumType(ReportComplianceEnum, {
  name: 'ReportCompliance',
  description:
    'ON_TIME / LATE: first submitted by / after the due date; RETURNED: returned by the superior, not yet submitted again; MISSING: due date passed, nothing submitted; PENDING: not submitted, not yet due (or no due date); CLOSED: the obligation was closed before anything was submitted (kept for history, out of the counts).',
});

export const ObligationStates = ['OPEN', 'CLOSED'] as const;
export const ObligationStateEnum = Object.fromEntries(ObligationStates.map((s) => [s, s])) as Record<string, string>;
registerEnumType(ObligationStateEnum, {
  name: 'ObligationState',
  description:
    'OPEN: owed; CLOSED: no longer owed (milestone removed by an amendment, unit dissolved before the due date), kept for history.',
});

export const ObligationClosedReasons = [
  'MILESTONE_REMOVED',
  'NO_LONGER_DUE',
  'UNIT_DISSOLVED',
  'AGENCY_WITHOUT_ACCOUNT',
  'AGENCY_DISABLED',
] as const;
export const ObligationClosedReasonEnum = Object.fromEntries(ObligationClosedReasons.map((s) => [s, s])) as Record<string, string>;
registerEnumType(ObligationClosedReasonEnum, {
  name: 'ObligationClosedReason',
  description:
    'MILESTONE_REMOVED: an amendment removed the milestone; UNIT_DISSOLVED: the unit ceased to exist before the due date; NO_LONGER_DUE: an amendment no longer asks it (a period outside the new span, a unit no longer expected); AGENCY_WITHOUT_ACCOUNT: the agency has no enabled account left to write it; AGENCY_DISABLED: the agency was disabled.',
});

export const TaskProgresses = ['COMPLETED', 'IN_PROGRESS', 'NOT_STARTED', 'NOT_APPLICABLE'] as const;
export type TaskProgress = (typeof TaskProgresses)[number];
export const TaskProgressEnum = Object.fromEntries(TaskProgresses.map((s) => [s, s])) as { [K in TaskProgress]: K };
registerEnumType(TaskProgressEnum, { name: 'ReportTaskStatus' });

export const ReportMilestoneKinds = ['RESULT_REPORT', 'INTERIM_REVIEW', 'FINAL_REVIEW'] as const;
export const ReportMilestoneKindEnum = Object.fromEntries(ReportMilestoneKinds.map((s) => [s, s])) as Record<string, string>;
registerEnumType(ReportMilestoneKindEnum, {
  name: 'ReportKind',
  description: 'One-month (or periodic) result report, phase review (sơ kết), final review (tổng kết).',
});

/** Versions of one report (corrections) kept and listed; a further correction is refused. */
export const MAX_REPORT_VERSIONS = 20;
/** Subordinates listed as not having reported (a district has at most a few dozen communes). */
export const MAX_SUBORDINATES = 1000;

@ObjectType('ReportingPeriod', {
  description: 'A period of a periodic report and its data window (Decree 09/2019: cut off on the 14th).',
  simpleResolvers: true,
})
@TypeAccess('SCOPED')
export class ReportingPeriodNode {
  @Field(() => String, { description: 'Its key, the `period` argument of the report queries: "MONTH-2024-09", "QUARTER-2024-03".' })
  key!: string;
  @Field(() => String, { description: 'MONTH, QUARTER, HALF_YEAR or YEAR.' }) kind!: string;
  @Field(() => Int) year!: number;
  @Field(() => Int, { description: 'Month 1–12, quarter 1–4, half 1–2; 1 for a year.' }) index!: number;
  @Field(() => String, { description: 'As the documents name it: "tháng 09/2024", "quý III/2024", "6 tháng đầu năm 2024", "năm 2024".' })
  label!: string;
  @Field(() => LocalDate, { description: 'First day of the data window.' }) start!: string;
  @Field(() => LocalDate, { description: 'Last day of the data window (the cut-off).' }) end!: string;
}

@ObjectType('ReportObligation', {
  description: 'A report a unit (or one of its agencies) owes on a reporting milestone of an issued plan.',
  // Plain fields read the row with GraphQL's own resolver: a page lists 50 of them (docs/REPORTS.md).
  simpleResolvers: true,
})
@TypeAccess('SCOPED')
export class ReportObligationNode {
  @Field(() => ID) id!: string;
  @Field(() => ID, { description: 'The issued plan whose milestone orders the report.' }) planId!: string;
  @Field(() => ID) milestoneId!: string;
  @Field(() => ReportMilestoneKindEnum) kind!: string;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) recipient!: string | null;
  @Field(() => LocalDate, { nullable: true }) dueDate!: string | null;
  unitId!: number;
  unitPath!: string;
  issuerUnitId!: number;
  /** The agency that owes it (its unit is the plan's issuer), or null for a unit's obligation. */
  agencyId!: string | null;
  planPeriodStart!: string | null;
  planPeriodEnd!: string | null;
  /** '' for a one-off report; see periods.ts periodKey. */
  periodKey!: string;
  periodStart!: string | null;
  periodEnd!: string | null;
  @Field(() => ObligationStateEnum) state!: string;
  @Field(() => LocalDate, { nullable: true, description: 'The day it was closed.' }) closedOn!: string | null;
  @Field(() => ObligationClosedReasonEnum, { nullable: true }) closedReason!: string | null;
  @Field(() => ID, { nullable: true, description: "The reporting unit's own obligation its figures roll into (when visible)." })
  parentObligationId!: string | null;
  @Field(() => Int, { description: '1 for the units directly below the plan’s issuer, 2 below them…' }) depth!: number;
  @Field(() => ObligationStatusEnum) status!: string;
  @Field(() => ReportComplianceEnum) compliance!: ReportCompliance;
  @Field(() => LocalDate, { nullable: true, description: 'The day the report was first submitted.' }) submittedOn!: string | null;
  reportId!: string | null;
  /*
   * Read with the row where a page reads them in its own statement (the roll-up page,
   * docs/REPORTS.md): then `unit`, `agency` and `report` resolve from here, without a loader.
   * Undefined: not read, the loaders answer.
   */
  unitRow?: AdminUnitNode;
  agencyRow?: AgencyNode | null;
  reportRow?: ReportNode | null;
}

@ObjectType('ReportSignature', { simpleResolvers: true })
@TypeAccess('SCOPED')
export class ReportSignatureNode {
  @Field(() => String, { nullable: true }) authority!: string | null;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => String, { nullable: true }) signerName!: string | null;
}

@ObjectType('ReportTask', { description: 'A task of the unit’s plan and what was done.' })
@TypeAccess('SCOPED')
export class ReportTaskNode {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true, description: 'The plan node of the task (null once deleted from the plan).' }) nodeId!: string | null;
  @Field(() => String, { nullable: true }) label!: string | null;
  @Field(() => String) text!: string;
  @Field(() => TaskProgressEnum) status!: TaskProgress;
  @Field(() => String) done!: string;
  @Field(() => Int) version!: number;
}

@ObjectType('ReportFigure', { description: 'A target: the figure achieved against the unit’s allocated value.' })
@TypeAccess('SCOPED')
export class ReportFigureNode {
  @Field(() => ID) id!: string;
  @Field(() => ID) targetId!: string;
  @Field(() => String) metric!: string;
  @Field(() => String) unitOfMeasure!: string;
  @Field(() => Float, { nullable: true }) allocated!: number | null;
  @Field(() => Float, { nullable: true, description: 'Achieved in the period.' }) periodValue!: number | null;
  @Field(() => Float, { nullable: true, description: 'Achieved since the plan began.' }) cumulativeValue!: number | null;
  @Field(() => Float, { nullable: true, description: 'What the units below submitted for this target in the period, counted once.' })
  sumFromBelow!: number | null;
  @Field(() => Float, { nullable: true }) cumulativeFromBelow!: number | null;
  @Field(() => Int, { description: 'Units below whose figures make sumFromBelow.' }) unitsBelow!: number;
  @Field(() => Float, { nullable: true, description: 'periodValue − sumFromBelow (an override stays visible).' }) difference!:
    | number
    | null;
  @Field(() => String, { nullable: true, description: 'Why the figure differs from the sum from below.' }) overrideNote!: string | null;
  @Field(() => Float, { nullable: true, description: 'cumulativeValue (else periodValue) − allocated.' }) gap!: number | null;
  @Field(() => Int) version!: number;
}

@ObjectType('Report', {
  description: '"Báo cáo kết quả thực hiện Kế hoạch": one version of a unit’s report on an obligation.',
  simpleResolvers: true,
})
@TypeAccess('SCOPED')
export class ReportNode {
  @Field(() => ID) id!: string;
  @Field(() => ID) obligationId!: string;
  unitId!: number;
  unitPath!: string;
  /** An agency's report (docs/REPORTS.md, "Agencies"): its editors write it. */
  agencyId!: string | null;
  @Field(() => Int, { description: '1, then 2… for each correction.' }) versionNo!: number;
  @Field(() => ID, { nullable: true }) correctsReportId!: string | null;
  @Field(() => ReportStatusEnum) status!: ReportStatus;
  @Field(() => LocalDate, { nullable: true }) periodStart!: string | null;
  @Field(() => LocalDate, { nullable: true }) periodEnd!: string | null;
  @Field(() => String) difficulties!: string;
  @Field(() => String) proposals!: string;
  @Field(() => [String]) @MaxItems(PLAN_LIMITS.recipients) recipients!: string[];
  @Field(() => ReportSignatureNode) signature!: ReportSignatureNode;
  @Field(() => String, { nullable: true }) returnedReason!: string | null;
  @Field(() => Date, { nullable: true }) submittedAt!: Date | null;
  @Field(() => LocalDate, { nullable: true }) firstSubmittedOn!: string | null;
  @Field(() => Int, { description: 'Optimistic lock of the report (text and transitions).' }) version!: number;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType('ReportSubordinates', { description: 'The units below that owe their own report into this one.' })
@TypeAccess('SCOPED')
export class ReportSubordinatesNode {
  @Field(() => Int) expected!: number;
  @Field(() => Int, { description: 'Submitted or accepted.' }) reported!: number;
  @Field(() => [AdminUnitNode], { description: 'Units that have not submitted (drafts count as not submitted).' })
  @MaxItems(MAX_SUBORDINATES)
  missing!: AdminUnitNode[];
}

@ObjectType('ReportRollupCell', { description: 'One target of one unit: achieved against allocated.', simpleResolvers: true })
@TypeAccess('SCOPED')
export class ReportRollupCellNode {
  @Field(() => ID) targetId!: string;
  @Field(() => String) metric!: string;
  @Field(() => String) unitOfMeasure!: string;
  @Field(() => Float, { nullable: true }) allocated!: number | null;
  @Field(() => Float, { nullable: true, description: 'Achieved in the period, counted once at the nearest level that reported it.' })
  achieved!: number | null;
  @Field(() => Float, { nullable: true }) achievedCumulative!: number | null;
  @Field(() => Boolean, { description: 'The unit reported the figure itself (else it is the sum of the units below).' })
  reportedByUnit!: boolean;
  @Field(() => Float, { nullable: true, description: 'achievedCumulative (else achieved) − allocated.' }) gap!: number | null;
}

@ObjectType('ReportRollupRow', { simpleResolvers: true })
@TypeAccess('SCOPED')
export class ReportRollupRowNode {
  @Field(() => ReportObligationNode) obligation!: ReportObligationNode;
  @Field(() => [ReportRollupCellNode]) @MaxItems(PLAN_LIMITS.targets) targets!: ReportRollupCellNode[];
}

@ObjectType('ReportComplianceCount')
@TypeAccess('SCOPED')
export class ReportComplianceCountNode {
  @Field(() => ReportComplianceEnum) compliance!: ReportCompliance;
  @Field(() => Int) count!: number;
}

@ObjectType('ReportRollupTotal', { description: 'One target of the plan over the units directly below: achieved against allocated.' })
@TypeAccess('SCOPED')
export class ReportRollupTotalNode {
  @Field(() => ID) targetId!: string;
  @Field(() => String) metric!: string;
  @Field(() => String) unitOfMeasure!: string;
  @Field(() => Float, {
    nullable: true,
    description: 'What the plan allocated to the units in sight: their shares summed; for a rate (%), their mean.',
  })
  allocated!: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Achieved in the period by the units in sight, each figure counted once: summed; for a rate (%), the mean of the units reporting.',
  })
  achieved!: number | null;
  @Field(() => Float, { nullable: true }) achievedCumulative!: number | null;
  @Field(() => Int, { description: 'Units whose figure (their own, or their subordinates’) makes the sum.' }) unitsReporting!: number;
  @Field(() => Float, { nullable: true, description: 'achievedCumulative (else achieved) − allocated.' }) gap!: number | null;
}

@ObjectType('ReportRollupSummary', {
  description: 'A milestone’s obligations in the caller’s sight: counts by compliance and totals per target.',
})
@TypeAccess('SCOPED')
export class ReportRollupSummaryNode {
  @Field(() => Int, { description: 'Units directly below owing the report (in the caller’s sight).' }) units!: number;
  @Field(() => [ReportComplianceCountNode]) @MaxItems(ReportCompliances.length) byCompliance!: ReportComplianceCountNode[];
  @Field(() => [ReportRollupTotalNode]) @MaxItems(PLAN_LIMITS.targets) targets!: ReportRollupTotalNode[];
}

/* ------------------------------------------------- figures for integrators */

@ObjectType('CountedFigure', {
  description:
    'What counts for one unit, target and reporting period: its own figure from its current submitted or accepted report, else what the units below it achieved — each figure counted once.',
})
@TypeAccess('SCOPED')
export class CountedFigureNode {
  @Field(() => ID) obligationId!: string;
  @Field(() => ID, { description: 'The issued plan whose milestone orders the report.' }) planId!: string;
  @Field(() => ID) milestoneId!: string;
  @Field(() => ReportMilestoneKindEnum) kind!: string;
  @Field(() => LocalDate, { nullable: true }) dueDate!: string | null;
  @Field(() => LocalDate, { nullable: true, description: 'The reporting period: from the plan’s start…' }) periodStart!: string | null;
  @Field(() => LocalDate, { nullable: true, description: '…to the due date, within the plan’s period.' }) periodEnd!: string | null;
  unitId!: number;
  @Field(() => ID, { description: 'A target of the plan.' }) targetId!: string;
  @Field(() => String) metric!: string;
  @Field(() => String) unitOfMeasure!: string;
  @Field(() => Float, { nullable: true, description: 'The unit’s share: its allocation, else its own plan’s target.' }) allocated!:
    | number
    | null;
  @Field(() => Float, { nullable: true, description: 'Achieved in the period.' }) achieved!: number | null;
  @Field(() => Float, { nullable: true, description: 'Achieved since the plan began.' }) achievedCumulative!: number | null;
  @Field(() => Boolean, { description: 'The unit reported the figure itself (else it is the sum of the units below).' })
  reportedByUnit!: boolean;
  @Field(() => Int, { description: 'Units below whose figures are summed in it when the unit did not report it itself.' })
  unitsBelow!: number;
  @Field(() => Float, { nullable: true, description: 'achievedCumulative (else achieved) − allocated.' }) gap!: number | null;
  @Field(() => ID, { nullable: true, description: 'The unit’s counted report on the obligation (submitted or accepted), if any.' })
  reportId!: string | null;
}

export const CountedFigureConnection = Connection(CountedFigureNode, 'CountedFigure');
export type CountedFigureConnection = InstanceType<typeof CountedFigureConnection>;

@InputType()
export class ReportFiguresFilter {
  @Field(() => String, { nullable: true, description: 'Figures on the obligations of this plan’s milestones.' }) planId?: string | null;
  @Field(() => String, { nullable: true, description: 'Figures of this unit.' }) unitId?: string | null;
  @Field(() => String, { nullable: true, description: 'Figures on this target of a plan.' }) targetId?: string | null;
  @Field(() => String, { nullable: true, description: 'Figures on this milestone’s obligations.' }) milestoneId?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: reporting periods ending on or after this day.' }) from?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: reporting periods ending on or before this day.' }) to?: string | null;
}

@ArgsType()
export class ReportFiguresArgs extends PageArgs {
  @Field(() => ReportFiguresFilter, { description: 'At least one of planId, unitId, targetId, milestoneId.' })
  filter!: ReportFiguresFilter;
}

/** Reporting periods a trend lists (one per reporting milestone of a plan today, at most PLAN_LIMITS.milestones). */
export const MAX_TREND_PERIODS = PLAN_LIMITS.milestones;

@ObjectType('ReportTrendPeriod', {
  description: 'A reporting period of a plan: a reporting milestone’s obligations in the caller’s sight.',
})
@TypeAccess('SCOPED')
export class ReportTrendPeriodNode {
  @Field(() => ID) milestoneId!: string;
  @Field(() => ReportMilestoneKindEnum) kind!: string;
  @Field(() => String) title!: string;
  @Field(() => LocalDate, { nullable: true }) dueDate!: string | null;
  @Field(() => LocalDate, { nullable: true }) periodStart!: string | null;
  @Field(() => LocalDate, { nullable: true }) periodEnd!: string | null;
  @Field(() => Int, { description: 'Units in sight owing the report.' }) units!: number;
  @Field(() => Int, { description: 'Of them, those whose report is submitted or accepted.' }) reported!: number;
}

@ObjectType('ReportTrendPoint', { description: 'One target in one reporting period: the units’ achieved figures summed, each once.' })
@TypeAccess('SCOPED')
export class ReportTrendPointNode {
  @Field(() => Float, { nullable: true, description: 'Achieved in the period; for a rate (%), the mean of the units reporting.' })
  achieved!: number | null;
  @Field(() => Float, { nullable: true, description: 'Achieved since the plan began, as of the period.' }) achievedCumulative!:
    | number
    | null;
  @Field(() => Int, { description: 'Units whose figure (their own, or their subordinates’) makes the sum.' }) unitsReporting!: number;
  @Field(() => Float, { nullable: true, description: 'achievedCumulative (else achieved) − allocated.' }) gap!: number | null;
}

@ObjectType('ReportTrendTarget', { description: 'A target of the plan across its reporting periods.' })
@TypeAccess('SCOPED')
export class ReportTrendTargetNode {
  @Field(() => ID) targetId!: string;
  @Field(() => String) metric!: string;
  @Field(() => String) unitOfMeasure!: string;
  @Field(() => Float, { nullable: true, description: 'Allocated to the units in sight: their shares summed; for a rate (%), their mean.' })
  allocated!: number | null;
  @Field(() => [ReportTrendPointNode], { description: 'One point per period, in the order of `periods`.' })
  @MaxItems(MAX_TREND_PERIODS)
  points!: ReportTrendPointNode[];
}

@ObjectType('ReportTrend', { description: 'Achieved against allocated per target across the reporting periods of a plan.' })
@TypeAccess('SCOPED')
export class ReportTrendNode {
  @Field(() => ID) planId!: string;
  @Field(() => [ReportTrendPeriodNode], { description: 'The plan’s reporting periods in order of due date.' })
  @MaxItems(MAX_TREND_PERIODS)
  periods!: ReportTrendPeriodNode[];
  @Field(() => [ReportTrendTargetNode]) @MaxItems(PLAN_LIMITS.targets) targets!: ReportTrendTargetNode[];
}

export const ReportObligationConnection = Connection(ReportObligationNode, 'ReportObligation');
export type ReportObligationConnection = InstanceType<typeof ReportObligationConnection>;
export const ReportRollupConnection = Connection(ReportRollupRowNode, 'ReportRollup');
export type ReportRollupConnection = InstanceType<typeof ReportRollupConnection>;

@ArgsType()
export class ReportObligationsArgs extends PageArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Obligations made by this plan’s milestones (units below its issuer in the caller’s sight).',
  })
  planId?: string;
  @Field(() => String, { nullable: true, description: 'Obligations this unit owes.' }) unitId?: string;
  @Field(() => String, { nullable: true, description: 'Only this milestone’s.' }) milestoneId?: string;
  @Field(() => String, { nullable: true, description: 'Obligations owed to this unit (the plan’s issuer): its subordinates’ reports.' })
  owedToUnitId?: string;
  @Field(() => [ObligationStatusEnum], {
    nullable: true,
    description: 'Only obligations whose report (as the caller sees it) has one of these statuses.',
  })
  @MaxItems(ObligationStatuses.length)
  statuses?: string[];
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD: only obligations due on or before this day (overdue and due soon).' })
  dueBy?: string;
  @Field(() => Boolean, { nullable: true, description: 'Closed obligations too (kept for history); open ones only by default.' })
  includeClosed?: boolean;
  @Field(() => String, { nullable: true, description: 'Only those of this period of a periodic report (ReportingPeriod.key).' })
  period?: string;
}

@ArgsType()
export class ReportRollupArgs extends PageArgs {
  @Field(() => String, { description: 'The milestone of the plan followed (its obligations are the rows).' }) milestoneId!: string;
  @Field(() => CascadeDepthEnum, { nullable: true, description: 'CHILDREN (default): the units directly below; ALL: every level.' })
  depth?: 'CHILDREN' | 'ALL';
  @Field(() => String, {
    nullable: true,
    description: 'Of a periodic report, one period (ReportingPeriod.key); without it every period, each its own row.',
  })
  period?: string;
}

@InputType()
export class CreateReportInput {
  @Field(() => String) obligationId!: string;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}

@InputType()
export class UpdateReportTaskInput {
  @Field(() => String) taskId!: string;
  @Field(() => Int, { description: 'The version of the task row edited.' }) version!: number;
  @Field(() => TaskProgressEnum, { nullable: true }) status?: TaskProgress | null;
  @Field(() => String, { nullable: true }) done?: string | null;
}

@InputType()
export class UpdateReportFigureInput {
  @Field(() => String) reportId!: string;
  @Field(() => String) targetId!: string;
  @Field(() => Int, { description: 'The version of the figure row edited.' }) version!: number;
  @Field(() => String, { nullable: true, description: 'Decimal text, 0–10^12 ("12", "12.5"); empty clears it.' }) periodValue?:
    | string
    | null;
  @Field(() => String, { nullable: true, description: 'Decimal text, 0–10^12; empty clears it.' }) cumulativeValue?: string | null;
  @Field(() => String, { nullable: true, description: 'Required when a figure differs from the sum from below.' }) overrideNote?:
    | string
    | null;
}

@InputType()
export class ReportSignatureInput {
  @Field(() => String, { nullable: true }) authority?: string | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) signerName?: string | null;
}

@InputType()
export class UpdateReportTextInput {
  @Field(() => String) reportId!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, within the plan’s period.' }) periodStart?: string | null;
  @Field(() => String, { nullable: true }) periodEnd?: string | null;
  @Field(() => String, { nullable: true }) difficulties?: string | null;
  @Field(() => String, { nullable: true }) proposals?: string | null;
  @Field(() => [String], { nullable: true }) @MaxItems(PLAN_LIMITS.recipients) recipients?: string[] | null;
  @Field(() => ReportSignatureInput, { nullable: true }) signature?: ReportSignatureInput | null;
}

@InputType()
export class ReportTransitionInput {
  @Field(() => String) reportId!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true, description: 'Required to return a report.' }) reason?: string | null;
}

@InputType()
export class CorrectReportInput {
  @Field(() => String) reportId!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}

@ObjectType('ReportPayload')
@TypeAccess('SCOPED')
export class ReportPayload {
  @Field(() => ReportNode) report!: ReportNode;
}

@ObjectType('ReportTaskPayload')
@TypeAccess('SCOPED')
export class ReportTaskPayload {
  @Field(() => ReportTaskNode) task!: ReportTaskNode;
}

@ObjectType('ReportFigurePayload')
@TypeAccess('SCOPED')
export class ReportFigurePayload {
  @Field(() => ReportFigureNode) figure!: ReportFigureNode;
}
