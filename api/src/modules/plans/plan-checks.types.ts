import { Field, Float, ID, ObjectType, registerEnumType } from 'type-graphql';
import { TypeAccess } from '../../core/graphql/access.js';
import { MaxItems } from '../../core/graphql/list-bounds.js';
import { LocalDate } from '../../core/graphql/scalars.js';

/**
 * The rules of the plan linter (plan-checks.ts) with the English sentence of each. Clients word a
 * finding from its rule and its figures (the fields of PlanCheckFinding), never from its message.
 */
export const CHECK_RULES = {
  TASK_NO_LEAD: 'A task names no lead agency ("4 rõ": rõ người, rõ trách nhiệm)',
  TASK_NO_TIMING: 'A task has no completion time ("4 rõ": rõ thời gian hoàn thành)',
  ALLOCATION_SUM_MISMATCH: 'Allocations do not add up to the stated total',
  DEADLINE_OUTSIDE_PERIOD: "A deadline falls outside the plan's period",
  DEADLINE_AFTER_MILESTONE: 'A deadline falls after the report it feeds',
  CITATION_INCONSISTENT: 'The same document is cited with different numbers or dates',
  REPORT_BEFORE_PERIOD: 'A report is due before the period it reports on',
  PHASE_OUTSIDE_PERIOD: "A phase lies outside the plan's period",
} as const;
export type CheckRule = keyof typeof CHECK_RULES;
export const CheckRuleEnum = Object.fromEntries(Object.keys(CHECK_RULES).map((r) => [r, r])) as { [K in CheckRule]: K };
registerEnumType(CheckRuleEnum, {
  name: 'PlanCheckRule',
  description: 'A rule of the plan checks; each finding carries the figures of its rule as fields of PlanCheckFinding.',
  valuesConfig: Object.fromEntries(Object.entries(CHECK_RULES).map(([rule, description]) => [rule, { description }])),
});

export const CheckSeverities = ['ERROR', 'WARNING'] as const;
export type CheckSeverity = (typeof CheckSeverities)[number];
export const CheckSeverityEnum = { ERROR: 'ERROR', WARNING: 'WARNING' } as const;
registerEnumType(CheckSeverityEnum, { name: 'PlanCheckSeverity', description: 'ERROR: the plan breaks a rule; WARNING: worth a look.' });

@ObjectType('CitedAs', { description: 'One way a document is cited in the plan (CITATION_INCONSISTENT).' })
@TypeAccess('SCOPED')
export class CitedAsNode {
  @Field(() => String, { description: 'The kind as written: "Chỉ thị", "Kế hoạch", …' }) documentType!: string;
  @Field(() => String, { description: 'The number as written: "36-CT/TW".' }) number!: string;
  @Field(() => LocalDate) date!: string;
}

@ObjectType('PlanCheckFinding', {
  description:
    'A finding of the plan linter ("4 rõ", sums, dates, citations): its rule, where it is, and its figures as fields (null where the rule has none).',
})
@TypeAccess('SCOPED')
export class PlanCheckFindingNode {
  @Field(() => CheckRuleEnum) rule!: CheckRule;
  @Field(() => CheckSeverityEnum) severity!: CheckSeverity;
  @Field(() => ID, { nullable: true }) nodeId!: string | null;
  @Field(() => String, { nullable: true, description: 'Label of the node, for display.' }) nodeLabel!: string | null;
  @Field(() => ID, { nullable: true }) targetId!: string | null;
  @Field(() => String, { description: 'The finding in English, for logs and integrators; clients word it from rule and figures.' })
  message!: string;
  @Field(() => LocalDate, {
    nullable: true,
    description: 'The date at fault: a task deadline (DEADLINE_*), a report due date (REPORT_BEFORE_PERIOD, DEADLINE_AFTER_MILESTONE).',
  })
  date!: string | null;
  @Field(() => LocalDate, {
    nullable: true,
    description: 'The date it crosses: the report it feeds (DEADLINE_AFTER_MILESTONE), the start of the period (REPORT_BEFORE_PERIOD).',
  })
  limitDate!: string | null;
  @Field(() => LocalDate, {
    nullable: true,
    description: "The plan's period (DEADLINE_OUTSIDE_PERIOD, PHASE_OUTSIDE_PERIOD, REPORT_BEFORE_PERIOD).",
  })
  periodStart!: string | null;
  @Field(() => LocalDate, { nullable: true }) periodEnd!: string | null;
  @Field(() => Float, { nullable: true, description: 'ALLOCATION_SUM_MISMATCH: the sum of the allocations.' }) allocated!: number | null;
  @Field(() => Float, { nullable: true, description: 'ALLOCATION_SUM_MISMATCH: the stated total.' }) total!: number | null;
  @Field(() => String, { nullable: true, description: 'ALLOCATION_SUM_MISMATCH: the unit of measure ("vụ").' }) unitOfMeasure!:
    | string
    | null;
  @Field(() => String, { nullable: true, description: 'PHASE_OUTSIDE_PERIOD: the name of the phase.' }) phaseName!: string | null;
  @Field(() => [CitedAsNode], { description: 'CITATION_INCONSISTENT: the two ways the document is cited; empty otherwise.' })
  @MaxItems(2)
  citedAs!: CitedAsNode[];
}

export type CheckFigures = Pick<
  PlanCheckFindingNode,
  'date' | 'limitDate' | 'periodStart' | 'periodEnd' | 'allocated' | 'total' | 'unitOfMeasure' | 'phaseName' | 'citedAs'
>;

/** The figures of a finding, all absent by default. */
export const NO_FIGURES: CheckFigures = {
  date: null,
  limitDate: null,
  periodStart: null,
  periodEnd: null,
  allocated: null,
  total: null,
  unitOfMeasure: null,
  phaseName: null,
  citedAs: [],
};
