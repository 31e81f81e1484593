import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import { TypeAccess } from '../../core/graphql/access.js';
import { MaxItems } from '../../core/graphql/list-bounds.js';
import { LocalDate } from '../../core/graphql/scalars.js';
import { PlanRow } from '../plans/plan.types.js';
import { ReportObligationNode } from '../reports/report.types.js';

/*
 * "What's on my desk" (issue 11; docs/REPORTS.md, "The desk"): one query, a list per kind of
 * work, each the first `first` items and the total. A list is null for a role that does not act on
 * it (a viewer's desk is empty), so the portal shows exactly what the API decided.
 */

/** Items a list of the desk returns at most; the total says how many there are. */
export const MY_WORK_MAX = 50;
export const MY_WORK_DEFAULT = 5;
/** Reports due within this many days (and every overdue one) are on the desk. */
export const DUE_WITHIN_DAYS = 7;

@ArgsType()
export class MyWorkListArgs {
  @Field(() => Int, { nullable: true, description: `Items to return, 0–${MY_WORK_MAX} (default ${MY_WORK_DEFAULT}).` })
  first?: number;
}

@ObjectType('MyWork', {
  description:
    'What waits for the signed-in official, for their unit (docs/REPORTS.md, "The desk"); a list is null when the caller\'s role does not act on it.',
})
@TypeAccess('SCOPED')
export class MyWorkNode {
  @Field(() => LocalDate, { description: 'The day (Vietnam) the lists are computed for.' }) today!: string;
  @Field(() => LocalDate, { description: `Reports due on or before this day (today + ${DUE_WITHIN_DAYS}) are listed as due.` })
  dueBy!: string;
}

@ObjectType('MyWorkPlans')
@TypeAccess('SCOPED')
export class MyWorkPlansNode {
  @Field(() => Int) totalCount!: number;
  @Field(() => [PlanRow])
  @MaxItems('PAGE')
  nodes!: PlanRow[];
}

@ObjectType('PlanBehindUpstream', { description: 'A plan of the unit whose parent was amended since, with changes still to decide.' })
@TypeAccess('SCOPED')
export class PlanBehindUpstreamNode {
  @Field(() => PlanRow) plan!: PlanRow;
  @Field(() => Int, { description: 'Changes of the parent not yet taken or declined.' }) pendingChanges!: number;
  amendmentId!: string | null;
}

@ObjectType('MyWorkUpstream')
@TypeAccess('SCOPED')
export class MyWorkUpstreamNode {
  @Field(() => Int) totalCount!: number;
  @Field(() => [PlanBehindUpstreamNode])
  @MaxItems('PAGE')
  nodes!: PlanBehindUpstreamNode[];
}

@ObjectType('MyWorkReports')
@TypeAccess('SCOPED')
export class MyWorkReportsNode {
  @Field(() => Int) totalCount!: number;
  @Field(() => [ReportObligationNode])
  @MaxItems('PAGE')
  nodes!: ReportObligationNode[];
}
