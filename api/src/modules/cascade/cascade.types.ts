import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TypeAccess } from '../../core/graphql/access.js';
import { Connection, PageArgs } from '../../core/graphql/pagination.js';
import { LocalDate } from '../../core/graphql/scalars.js';
import { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import { PlanRow, PlanNodeRow, TargetNode } from '../plans/plan.types.js';
import { MaxItems } from '../../core/graphql/list-bounds.js';
import { PLAN_LIMITS } from '../plans/plan-limits.js';

export const Compliances = ['ON_TIME', 'LATE', 'MISSING', 'PENDING'] as const;
export type Compliance = (typeof Compliances)[number];
export const ComplianceEnum = Object.fromEntries(Compliances.map((c) => [c, c])) as { [K in Compliance]: K };
registerEnumType(ComplianceEnum, {
  name: 'Compliance',
  description:
    'ON_TIME / LATE: issued by / after the submission deadline; MISSING: deadline passed, not issued; PENDING: not issued, deadline not passed (or none).',
});
export const CascadeDepthEnum = { CHILDREN: 'CHILDREN', ALL: 'ALL' } as const;
registerEnumType(CascadeDepthEnum, {
  name: 'CascadeDepth',
  description: 'CHILDREN: direct subordinate units; ALL: every unit below, any depth.',
});
/** Status of a row: the plan's status, or NONE when the unit has no plan in this cascade. */
export const CascadeStatusEnum = {
  NONE: 'NONE',
  DRAFT: 'DRAFT',
  IN_REVIEW: 'IN_REVIEW',
  ISSUED: 'ISSUED',
  SUPERSEDED: 'SUPERSEDED',
} as const;
registerEnumType(CascadeStatusEnum, { name: 'CascadeStatus' });
export const CoverageStatusEnum = {
  INHERITED: 'INHERITED',
  ADAPTED: 'ADAPTED',
  OMITTED: 'OMITTED',
  MISSING: 'MISSING',
  NO_PLAN: 'NO_PLAN',
} as const;
registerEnumType(CoverageStatusEnum, { name: 'CoverageStatus', description: 'What a subordinate plan did with a parent task.' });

/** Cells of one coverage matrix page (tasks × units); a larger page is refused. */
export const MAX_MATRIX_CELLS = 20_000;

@ObjectType('CascadeCoverage')
@TypeAccess('SCOPED')
export class CascadeCoverageNode {
  @Field(() => Int) inherited!: number;
  @Field(() => Int) adapted!: number;
  @Field(() => Int) local!: number;
  @Field(() => Int) omitted!: number;
  @Field(() => Int, { description: 'Tasks of the parent plan.' }) parentTasks!: number;
  @Field(() => Int, { description: 'Parent tasks kept (inherited or adapted).' }) parentTasksCovered!: number;
  @Field(() => Float, { nullable: true, description: 'parentTasksCovered / parentTasks.' }) share!: number | null;
}

@ObjectType('CascadeTarget', { description: 'A parent target as it reached one subordinate unit.' })
@TypeAccess('SCOPED')
export class CascadeTargetNode {
  @Field(() => ID) parentTargetId!: string;
  @Field(() => String) metric!: string;
  @Field(() => String) unitOfMeasure!: string;
  @Field(() => Float, { nullable: true, description: 'What the parent allocated to this unit.' }) allocated!: number | null;
  @Field(() => Float, { nullable: true, description: "The unit's own target derived from it." }) own!: number | null;
  @Field(() => Float, { nullable: true, description: 'own − allocated.' }) gap!: number | null;
}

@ObjectType('CascadeRow', { description: 'One subordinate unit in the cascade of a plan.' })
@TypeAccess('SCOPED')
export class CascadeRowNode {
  @Field(() => AdminUnitNode) unit!: AdminUnitNode;
  @Field(() => Int, { description: '1 for direct children.' }) depth!: number;
  @Field(() => PlanRow, { nullable: true }) plan!: PlanRow | null;
  @Field(() => CascadeStatusEnum) status!: string;
  @Field(() => LocalDate, { nullable: true }) issuedDate!: string | null;
  @Field(() => LocalDate, { nullable: true }) deadline!: string | null;
  @Field(() => ComplianceEnum) compliance!: Compliance;
  @Field(() => CascadeCoverageNode, { nullable: true }) coverage!: CascadeCoverageNode | null;
  @Field(() => Int) upstreamPending!: number;
  @Field(() => Int) upstreamDeclined!: number;
  @Field(() => [CascadeTargetNode]) @MaxItems(PLAN_LIMITS.targets) targets!: CascadeTargetNode[];
}
export const CascadeRowConnection = Connection(CascadeRowNode, 'CascadeRow');

@InputType()
export class CascadeFilter {
  @Field(() => CascadeDepthEnum, { nullable: true }) depth?: 'CHILDREN' | 'ALL';
  @Field(() => [CascadeStatusEnum], { nullable: true }) statuses?: string[];
  @Field(() => [ComplianceEnum], { nullable: true }) compliance?: Compliance[];
  @Field(() => String, { nullable: true, description: 'Accent-insensitive unit name search.' }) search?: string;
}

@ArgsType()
export class CascadeArgs extends PageArgs {
  @Field(() => CascadeFilter, { nullable: true }) filter?: CascadeFilter;
}

@ArgsType()
export class CascadeSummaryArgs {
  @Field(() => CascadeDepthEnum, { nullable: true }) depth?: 'CHILDREN' | 'ALL';
}

@ObjectType('StatusCount')
@TypeAccess('SCOPED')
export class StatusCountNode {
  @Field(() => CascadeStatusEnum) status!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('ComplianceCount')
@TypeAccess('SCOPED')
export class ComplianceCountNode {
  @Field(() => ComplianceEnum) compliance!: Compliance;
  @Field(() => Int) count!: number;
}

@ObjectType('TargetRollup', { description: 'A target of the plan against what its subordinates took on.' })
@TypeAccess('SCOPED')
export class TargetRollupNode {
  @Field(() => TargetNode) target!: TargetNode;
  @Field(() => Float, { nullable: true }) total!: number | null;
  @Field(() => Float) allocatedSum!: number;
  @Field(() => Boolean, { nullable: true }) allocationsMatch!: boolean | null;
  @Field(() => Float, { description: "Sum of the subordinates' own targets derived from it." }) ownSum!: number;
  @Field(() => Int) unitsWithTarget!: number;
}

@ObjectType('CascadeSummary', { description: 'Aggregates over the whole cascade (within what the caller may see).' })
@TypeAccess('SCOPED')
export class CascadeSummaryNode {
  @Field(() => Int) units!: number;
  @Field(() => Int) withPlan!: number;
  @Field(() => [StatusCountNode]) @MaxItems(Object.keys(CascadeStatusEnum).length) byStatus!: StatusCountNode[];
  @Field(() => [ComplianceCountNode]) @MaxItems(Compliances.length) byCompliance!: ComplianceCountNode[];
  @Field(() => CascadeCoverageNode) coverage!: CascadeCoverageNode;
  @Field(() => Int) upstreamPending!: number;
  @Field(() => Int) upstreamDeclined!: number;
  @Field(() => [TargetRollupNode]) @MaxItems(PLAN_LIMITS.targets) targets!: TargetRollupNode[];
}

@ObjectType('CoverageCell')
@TypeAccess('SCOPED')
export class CoverageCellNode {
  @Field(() => ID) taskId!: string;
  @Field(() => ID) unitId!: number;
  @Field(() => CoverageStatusEnum) status!: string;
}

@ObjectType('CoverageMatrix', { description: 'Parent tasks × subordinate units.' })
@TypeAccess('SCOPED')
export class CoverageMatrixNode {
  @Field(() => [PlanNodeRow]) @MaxItems(PLAN_LIMITS.nodes) tasks!: PlanNodeRow[];
  @Field(() => [AdminUnitNode]) @MaxItems('PAGE') units!: AdminUnitNode[];
  @Field(() => [CoverageCellNode]) @MaxItems(MAX_MATRIX_CELLS) cells!: CoverageCellNode[];
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field(() => Int) totalUnits!: number;
}

@ArgsType()
export class CoverageMatrixArgs extends PageArgs {
  @Field(() => CascadeDepthEnum, { nullable: true }) depth?: 'CHILDREN' | 'ALL';
  @Field(() => Boolean, { nullable: true, description: 'Only units that have a plan in this cascade.' }) onlyWithPlan?: boolean;
}
