import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../core/idempotency.js';
import { TypeAccess } from '../../core/graphql/access.js';
import { Connection, PageArgs } from '../../core/graphql/pagination.js';
import { LocalDate } from '../../core/graphql/scalars.js';
import { Comparators, DocumentTypes, MilestoneKinds, NodeKinds, Recurrences, TimingKinds } from './plan-document.js';
import type { Comparator, DocumentType, MilestoneKind, NodeKind, Recurrence, TimingKind } from './plan-document.js';
import { MaxItems, PlanScope } from '../../core/graphql/list-bounds.js';
import { PLAN_LIMITS } from './plan-limits.js';

export const PlanStatuses = ['DRAFT', 'IN_REVIEW', 'ISSUED', 'SUPERSEDED', 'REVOKED'] as const;
export type PlanStatus = (typeof PlanStatuses)[number];

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const PlanStatusEnum = enumOf(PlanStatuses);
registerEnumType(PlanStatusEnum, {
  name: 'PlanStatus',
  description: 'DRAFT (dự thảo) → IN_REVIEW → ISSUED (ban hành; immutable) → SUPERSEDED by an amendment; REVOKED.',
});
export const DocumentTypeEnum = enumOf(DocumentTypes);
registerEnumType(DocumentTypeEnum, {
  name: 'DocumentType',
  description: 'Kind of a cited document: Chỉ thị, Nghị quyết, Kết luận, Quyết định, Kế hoạch, Công văn, …',
});
export const NodeKindEnum = enumOf(NodeKinds);
registerEnumType(NodeKindEnum, {
  name: 'PlanNodeKind',
  description: 'SECTION "I.", ITEM "1."/"2.1.", POINT "a)", BULLET "-", PARAGRAPH (no label).',
});
export const TimingKindEnum = enumOf(TimingKinds);
registerEnumType(TimingKindEnum, { name: 'TimingKind' });
export const ComparatorEnum = enumOf(Comparators);
registerEnumType(ComparatorEnum, { name: 'Comparator', description: 'AT_LEAST (ít nhất), EXACT, AT_MOST (không quá).' });
export const MilestoneKindEnum = enumOf(MilestoneKinds);
registerEnumType(MilestoneKindEnum, { name: 'MilestoneKind' });
export const RecurrenceEnum = enumOf(Recurrences);
registerEnumType(RecurrenceEnum, {
  name: 'Recurrence',
  description:
    'A periodic report (báo cáo định kỳ): monthly, quarterly, half-yearly, yearly — periods cut off on the 14th (Decree 09/2019).',
});

/* ------------------------------------------------------------ output types */

// `simpleResolvers`: the types of a plan's body are plain data read by graphql-js's own property
// read, without type-graphql's wrapper per field (a 300-node body has ~7,500 fields; README, O3).
// A @FieldResolver on such a type (derivedFromNodeId) still runs.

@ObjectType('AgencyRef', {
  simpleResolvers: true,
  description: 'An agency as named in the plan, linked to an Agency of the unit when matched.',
})
@TypeAccess('SCOPED')
export class AgencyRefNode {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) sector!: string | null;
  @Field(() => ID, { nullable: true }) agencyId!: string | null;
  @Field(() => Boolean, { description: 'Means every subordinate People\'s Committee ("UBND các huyện", "UBND cấp xã").' })
  subordinateCommittees!: boolean;
  @Field(() => Boolean, { description: 'Derivation found no counterpart agency in this unit: the editor must resolve it.' })
  unmatched!: boolean;
}

@ObjectType('Timing', { simpleResolvers: true })
@TypeAccess('SCOPED')
export class TimingNode {
  @Field(() => TimingKindEnum) kind!: TimingKind;
  @Field(() => LocalDate, { nullable: true }) dueDate!: string | null;
  @Field(() => LocalDate, { nullable: true }) periodStart!: string | null;
  @Field(() => LocalDate, { nullable: true }) periodEnd!: string | null;
  @Field(() => ID, { nullable: true, description: 'Phase id for DURING_PHASE.' }) phaseId!: string | null;
  @Field(() => Boolean) recurring!: boolean;
  @Field(() => String) text!: string;
}

@ObjectType('Task', { simpleResolvers: true, description: 'Task facts of a node: who leads, who cooperates, by when.' })
@TypeAccess('SCOPED')
export class TaskNode {
  @Field(() => [AgencyRefNode])
  @MaxItems(PLAN_LIMITS.agenciesPerTask, { perPlan: PLAN_LIMITS.agencyRefs })
  lead!: AgencyRefNode[];
  @Field(() => [AgencyRefNode])
  @MaxItems(PLAN_LIMITS.agenciesPerTask, { perPlan: PLAN_LIMITS.agencyRefs })
  cooperating!: AgencyRefNode[];
  @Field(() => TimingNode, { nullable: true }) timing!: TimingNode | null;
}

@ObjectType('NodeOmission', {
  simpleResolvers: true,
  description: 'Why, when and by whom a node that came from the parent plan was omitted.',
})
@TypeAccess('SCOPED')
export class NodeOmissionNode {
  @Field(() => String) reason!: string;
  @Field(() => Date) at!: Date;
  @Field(() => ID, { nullable: true, description: 'The user who omitted it (null for an API key).' }) by!: string | null;
}

/** A plan_node row as the store reads it back, served as the GraphQL type `PlanNode` (a document's node is DocNode, plan-document.ts). */
@ObjectType('PlanNode', { simpleResolvers: true, description: 'A numbered node of the plan body, in document order.' })
@TypeAccess('SCOPED')
export class PlanNodeRow {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) parentId!: string | null;
  @Field(() => Int, { description: 'Order among siblings.' }) position!: number;
  @Field(() => Int, { description: 'Depth in the tree, 0 for top-level nodes.' }) depth!: number;
  @Field(() => NodeKindEnum) kind!: NodeKind;
  @Field(() => String, { nullable: true, description: 'Printed label: "I.", "2.1.", "đ)", "-".' }) label!: string | null;
  @Field(() => String) text!: string;
  @Field(() => TaskNode, { nullable: true }) task!: TaskNode | null;
  @Field(() => ID, {
    nullable: true,
    description: "Node of the parent plan this one was derived from; null when the parent plan is out of the caller's sight.",
  })
  derivedFromNodeId!: string | null;
  @Field(() => String, {
    description:
      'INHERITED (unchanged from the parent), ADAPTED (changed), LOCAL (added here) or OMITTED (from the parent, left out with a reason: not printed, not checked; restoreNode brings it back).',
  })
  provenance!: string;
  @Field(() => NodeOmissionNode, {
    nullable: true,
    description:
      'The omission of an OMITTED node that came from the parent (null otherwise, and for an added node omitted with its section).',
  })
  omission!: NodeOmissionNode | null;
  @Field(() => Int, { description: 'Send back on edits (optimistic locking).' }) version!: number;
  planId!: string;
}

@ObjectType('LegalBasis', { description: 'A document the plan implements or cites (Thực hiện …, Căn cứ …).' })
@TypeAccess('SCOPED')
export class LegalBasisNode {
  @Field(() => ID) id!: string;
  @Field(() => DocumentTypeEnum) type!: DocumentType;
  @Field(() => String, { nullable: true, description: '"36-CT/TW", "45/KH-UBND".' }) number!: string | null;
  @Field(() => LocalDate, { nullable: true }) date!: string | null;
  @Field(() => String, { nullable: true }) issuer!: string | null;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => String) text!: string;
  @Field(() => ID, { nullable: true, description: "The cited plan when it is in the system and in the caller's sight." }) refPlanId!:
    | string
    | null;
}

@ObjectType('Phase', { description: 'Giai đoạn: a phase of the plan, or the campaign period.' })
@TypeAccess('SCOPED')
export class PhaseNode {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) nodeId!: string | null;
  @Field(() => Int) position!: number;
  @Field(() => String) name!: string;
  @Field(() => LocalDate, { nullable: true }) startDate!: string | null;
  @Field(() => LocalDate, { nullable: true }) endDate!: string | null;
  @Field(() => String, { nullable: true }) goal!: string | null;
  @Field(() => Int) version!: number;
}

@ObjectType('TargetAllocation')
@TypeAccess('SCOPED')
export class TargetAllocationNode {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'As written: "thành phố Lào Cai".' }) assignee!: string;
  @Field(() => ID, { nullable: true, description: "The child unit it names, when resolved and in the caller's sight." }) unitId!:
    | number
    | null;
  @Field(() => ID, { nullable: true }) agencyId!: string | null;
  @Field(() => Float) value!: number;
  targetId!: string;
}

@ObjectType('Target', { description: 'A quantitative target (chỉ tiêu) with its allocations (phân bổ).' })
@TypeAccess('SCOPED')
export class TargetNode {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) nodeId!: string | null;
  @Field(() => Int) position!: number;
  @Field(() => String) metric!: string;
  @Field(() => String) unitOfMeasure!: string;
  @Field(() => ComparatorEnum) comparator!: Comparator;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => LocalDate, { nullable: true }) periodStart!: string | null;
  @Field(() => LocalDate, { nullable: true }) periodEnd!: string | null;
  @Field(() => ID, { nullable: true }) phaseId!: string | null;
  @Field(() => Int, { nullable: true, description: 'Year of a roadmap step (lộ trình).' }) year!: number | null;
  @Field(() => AgencyRefNode, { nullable: true }) responsible!: AgencyRefNode | null;
  @Field(() => [TargetAllocationNode])
  @MaxItems(PLAN_LIMITS.allocationsPerTarget, { perPlan: PLAN_LIMITS.allocations })
  allocations!: TargetAllocationNode[];
  @Field(() => Float, { description: 'Sum of the allocations.' }) allocationSum!: number;
  @Field(() => Boolean, { nullable: true, description: 'Allocations add up to the total; null when there is no total or no allocation.' })
  allocationsMatch!: boolean | null;
  @Field(() => ID, {
    nullable: true,
    description: "Target of the parent plan this one was taken from; null when the parent plan is out of the caller's sight.",
  })
  derivedFromTargetId!: string | null;
  @Field(() => Int) version!: number;
  planId!: string;
}

@ObjectType('Milestone', { description: 'A reporting milestone (báo cáo kết quả, sơ kết, tổng kết) or the plan-submission deadline.' })
@TypeAccess('SCOPED')
export class MilestoneNode {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true }) nodeId!: string | null;
  @Field(() => Int) position!: number;
  @Field(() => MilestoneKindEnum) kind!: MilestoneKind;
  @Field(() => String) title!: string;
  @Field(() => LocalDate, { nullable: true }) dueDate!: string | null;
  @Field(() => String, { nullable: true }) recipient!: string | null;
  @Field(() => RecurrenceEnum, { nullable: true, description: 'A periodic report: one obligation per period of the plan.' })
  recurrence!: Recurrence | null;
  @Field(() => Int, { nullable: true, description: "A periodic report's due day, in each period's last month (1–31)." })
  dueDay!: number | null;
  @Field(() => Int) version!: number;
}

@ObjectType('Signature')
@TypeAccess('SCOPED')
export class SignatureNode {
  @Field(() => String, { nullable: true, description: '"TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH".' }) authority!: string | null;
  @Field(() => String, { nullable: true, description: '"CHỦ TỊCH", "PHÓ CHỦ TỊCH".' }) title!: string | null;
  @Field(() => String, { nullable: true }) signerName!: string | null;
}

/** A plan row as the store reads it back (PLAN_COLUMNS), served as the GraphQL type `Plan`. */
@ObjectType('Plan', { description: 'A plan (Kế hoạch): a legal document of one issuing unit.' })
@TypeAccess('SCOPED')
@PlanScope(1)
export class PlanRow {
  @Field(() => ID) id!: string;
  @Field(() => PlanStatusEnum) status!: PlanStatus;
  @Field(() => Int, { description: 'Optimistic-lock version of the header; send it back on header edits and transitions.' })
  version!: number;
  @Field(() => Int, { description: '1 for the original, 2… for amendments (sửa đổi, bổ sung).' }) versionNo!: number;
  @Field(() => ID) seriesId!: string;
  @Field(() => String, { nullable: true }) issuingBody!: string | null;
  @Field(() => String, { nullable: true, description: '"45"; null until issued.' }) number!: string | null;
  @Field(() => String) symbol!: string;
  @Field(() => String, { nullable: true }) place!: string | null;
  @Field(() => String, { nullable: true }) dateLine!: string | null;
  @Field(() => LocalDate, { nullable: true }) issuedDate!: string | null;
  @Field(() => String) documentKind!: string;
  @Field(() => String) title!: string;
  @Field(() => String) preamble!: string;
  @Field(() => LocalDate, { nullable: true }) periodStart!: string | null;
  @Field(() => LocalDate, { nullable: true }) periodEnd!: string | null;
  @Field(() => LocalDate, { nullable: true, description: 'Date by which subordinate units must submit their own plans.' })
  submissionDeadline!: string | null;
  @Field(() => [String]) @MaxItems(PLAN_LIMITS.recipients) recipients!: string[];
  @Field(() => SignatureNode) signature!: SignatureNode;
  @Field(() => String, { nullable: true }) revokedReason!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
  @Field(() => Date, { nullable: true }) issuedAt!: Date | null;
  unitId!: number;
  unitPath!: string;
  provinceId!: number | null;
  parentPlanId!: string | null;
  amendsPlanId!: string | null;
}
export const PlanConnection = Connection(PlanRow, 'Plan');

/** The plan linter's finding (rule enum and figures) lives beside the linter. */
export { PlanCheckFindingNode } from './plan-checks.types.js';

@ObjectType('AuditEvent')
@TypeAccess('SCOPED')
export class AuditEventNode {
  @Field(() => ID) id!: string;
  @Field(() => Date) occurredAt!: Date;
  @Field(() => String) entityType!: string;
  @Field(() => ID) entityId!: string;
  @Field(() => String) action!: string;
  @Field(() => String, { nullable: true }) actorName!: string | null;
  @Field(() => String, { nullable: true, description: 'USER or API_KEY.' }) actorKind!: string | null;
  @Field(() => String, { nullable: true, description: 'State before, as JSON.' }) before!: string | null;
  @Field(() => String, { nullable: true, description: 'State after, as JSON.' }) after!: string | null;
}
export const AuditEventConnection = Connection(AuditEventNode, 'AuditEvent');

/* ------------------------------------------------------------- inputs */

export const PlanScopes = ['ALL', 'OWN', 'FROM_ABOVE', 'FROM_BELOW'] as const;
export type PlanScope = (typeof PlanScopes)[number];
export const PlanScopeEnum = enumOf(PlanScopes);
registerEnumType(PlanScopeEnum, {
  name: 'PlanScope',
  description: 'OWN: issued by my unit; FROM_ABOVE: issued by ancestors; FROM_BELOW: by descendants.',
});

@InputType()
export class PlanFilter {
  @Field(() => PlanScopeEnum, { nullable: true }) scope?: PlanScope;
  @Field(() => [PlanStatusEnum], { nullable: true }) statuses?: PlanStatus[];
  @Field(() => ID, { nullable: true, description: 'Only plans issued by this unit.' }) unitId?: string;
  @Field(() => String, { nullable: true, description: 'Accent-insensitive search on title, number and body text.' }) search?: string;
  @Field(() => Int, { nullable: true, description: 'Year of issue (or of creation for drafts).' }) year?: number;
}

@ArgsType()
export class PlansArgs extends PageArgs {
  @Field(() => PlanFilter, { nullable: true }) filter?: PlanFilter;
}

@InputType()
export class AgencyRefInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) sector?: string | null;
  @Field(() => ID, { nullable: true }) agencyId?: string | null;
  @Field(() => Boolean, { nullable: true }) subordinateCommittees?: boolean | null;
  @Field(() => Boolean, { nullable: true }) unmatched?: boolean | null;
}

@InputType()
export class TimingInput {
  @Field(() => TimingKindEnum) kind!: TimingKind;
  @Field(() => LocalDate, { nullable: true }) dueDate?: string | null;
  @Field(() => LocalDate, { nullable: true }) periodStart?: string | null;
  @Field(() => LocalDate, { nullable: true }) periodEnd?: string | null;
  @Field(() => ID, { nullable: true }) phaseId?: string | null;
  @Field(() => Boolean, { nullable: true }) recurring?: boolean | null;
  @Field(() => String, { nullable: true }) text?: string | null;
}

@InputType()
export class TaskInput {
  @Field(() => [AgencyRefInput], { nullable: true }) lead?: AgencyRefInput[];
  @Field(() => [AgencyRefInput], { nullable: true }) cooperating?: AgencyRefInput[];
  @Field(() => TimingInput, { nullable: true }) timing?: TimingInput | null;
}

@InputType()
export class CreatePlanInput {
  @Field(() => ID, { nullable: true, description: "Issuing unit; the caller's unit by default." }) unitId?: string;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) symbol?: string;
  @Field(() => String, { nullable: true }) place?: string;
  @Field(() => String, { nullable: true }) preamble?: string;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}

@InputType()
export class SignatureInput {
  @Field(() => String, { nullable: true }) authority?: string | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) signerName?: string | null;
}

@InputType({ description: 'Header fields to change; omitted fields stay as they are.' })
export class UpdatePlanHeaderInput {
  @Field(() => ID) planId!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true }) title?: string;
  @Field(() => String, { nullable: true }) issuingBody?: string | null;
  @Field(() => String, { nullable: true }) symbol?: string;
  @Field(() => String, { nullable: true }) place?: string | null;
  @Field(() => String, { nullable: true }) dateLine?: string | null;
  @Field(() => String, { nullable: true }) documentKind?: string;
  @Field(() => String, { nullable: true }) preamble?: string;
  @Field(() => LocalDate, { nullable: true }) periodStart?: string | null;
  @Field(() => LocalDate, { nullable: true }) periodEnd?: string | null;
  @Field(() => LocalDate, { nullable: true }) submissionDeadline?: string | null;
  @Field(() => [String], { nullable: true }) recipients?: string[];
  @Field(() => SignatureInput, { nullable: true }) signature?: SignatureInput;
}

@InputType()
export class LegalBasisInput {
  @Field(() => DocumentTypeEnum) type!: DocumentType;
  @Field(() => String, { nullable: true }) number?: string | null;
  @Field(() => LocalDate, { nullable: true }) date?: string | null;
  @Field(() => String, { nullable: true }) issuer?: string | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true, description: 'Citation as printed; composed from the fields when omitted.' }) text?: string | null;
  @Field(() => ID, { nullable: true }) refPlanId?: string | null;
}

@InputType({ description: 'Replaces the list of legal bases (a short list, edited as a whole).' })
export class SetLegalBasesInput {
  @Field(() => ID) planId!: string;
  @Field(() => Int) version!: number;
  @Field(() => [LegalBasisInput]) legalBases!: LegalBasisInput[];
}

@InputType()
export class AddNodeInput {
  @Field(() => ID) planId!: string;
  @Field(() => ID, { nullable: true, description: 'Parent node; top level when null.' }) parentId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Insert after this sibling; first when null.' }) afterNodeId?: string | null;
  @Field(() => NodeKindEnum) kind!: NodeKind;
  @Field(() => String, { nullable: true }) label?: string | null;
  @Field(() => String) text!: string;
  @Field(() => TaskInput, { nullable: true }) task?: TaskInput | null;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}

@InputType()
export class UpdateNodeInput {
  @Field(() => ID) nodeId!: string;
  @Field(() => Int) version!: number;
  @Field(() => NodeKindEnum, { nullable: true }) kind?: NodeKind;
  @Field(() => String, { nullable: true }) label?: string | null;
  @Field(() => String, { nullable: true }) text?: string;
  @Field(() => TaskInput, { nullable: true, description: 'Replaces the task facts; send clearTask to make the node a plain node.' })
  task?: TaskInput | null;
  @Field(() => Boolean, { nullable: true }) clearTask?: boolean;
}

@InputType()
export class MoveNodeInput {
  @Field(() => ID) nodeId!: string;
  @Field(() => Int) version!: number;
  @Field(() => ID, { nullable: true }) parentId?: string | null;
  @Field(() => ID, { nullable: true }) afterNodeId?: string | null;
}

@InputType()
export class DeleteNodeInput {
  @Field(() => ID) nodeId!: string;
  @Field(() => Int) version!: number;
}

@InputType({ description: 'Omits a node that came from the parent plan (with its subtree) from a derived draft.' })
export class OmitNodeInput {
  @Field(() => ID) nodeId!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, {
    nullable: true,
    description: 'Why the unit leaves it out: required (missing or blank is BAD_USER_INPUT on `reason`), at most 2,000 characters.',
  })
  reason?: string | null;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}

@InputType({ description: 'Brings an omitted node (with its subtree) back to what it was.' })
export class RestoreNodeInput {
  @Field(() => ID) nodeId!: string;
  @Field(() => Int) version!: number;
}

@InputType()
export class AllocationInput {
  @Field(() => String) assignee!: string;
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field(() => ID, { nullable: true }) agencyId?: string | null;
  @Field(() => Float) value!: number;
}

@InputType({ description: 'Creates a target (no targetId) or replaces one (targetId + version).' })
export class SaveTargetInput {
  @Field(() => ID) planId!: string;
  @Field(() => ID, { nullable: true }) targetId?: string | null;
  @Field(() => Int, { nullable: true }) version?: number | null;
  @Field(() => ID, { nullable: true }) nodeId?: string | null;
  @Field(() => String) metric!: string;
  @Field(() => String) unitOfMeasure!: string;
  @Field(() => ComparatorEnum, { nullable: true }) comparator?: Comparator;
  @Field(() => Float, { nullable: true }) value?: number | null;
  @Field(() => LocalDate, { nullable: true }) periodStart?: string | null;
  @Field(() => LocalDate, { nullable: true }) periodEnd?: string | null;
  @Field(() => ID, { nullable: true }) phaseId?: string | null;
  @Field(() => Int, { nullable: true }) year?: number | null;
  @Field(() => AgencyRefInput, { nullable: true }) responsible?: AgencyRefInput | null;
  @Field(() => [AllocationInput], { nullable: true }) allocations?: AllocationInput[];
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}

@InputType()
export class SavePhaseInput {
  @Field(() => ID) planId!: string;
  @Field(() => ID, { nullable: true }) phaseId?: string | null;
  @Field(() => Int, { nullable: true }) version?: number | null;
  @Field(() => ID, { nullable: true }) nodeId?: string | null;
  @Field(() => String) name!: string;
  @Field(() => LocalDate, { nullable: true }) startDate?: string | null;
  @Field(() => LocalDate, { nullable: true }) endDate?: string | null;
  @Field(() => String, { nullable: true }) goal?: string | null;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}

@InputType()
export class SaveMilestoneInput {
  @Field(() => ID) planId!: string;
  @Field(() => ID, { nullable: true }) milestoneId?: string | null;
  @Field(() => Int, { nullable: true }) version?: number | null;
  @Field(() => ID, { nullable: true }) nodeId?: string | null;
  @Field(() => MilestoneKindEnum) kind!: MilestoneKind;
  @Field(() => String) title!: string;
  @Field(() => LocalDate, { nullable: true }) dueDate?: string | null;
  @Field(() => String, { nullable: true }) recipient?: string | null;
  @Field(() => RecurrenceEnum, { nullable: true, description: 'Makes a reporting milestone periodic (null: a one-off report).' })
  recurrence?: Recurrence | null;
  @Field(() => Int, { nullable: true, description: 'With a recurrence: the day of each period’s last month the report is due.' })
  dueDay?: number | null;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}

@InputType()
export class DeletePlanPartInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
}

@InputType()
export class PlanTransitionInput {
  @Field(() => ID) planId!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true, description: 'Why (returning to draft, revoking).' }) reason?: string | null;
}

@InputType()
export class IssuePlanInput {
  @Field(() => ID) planId!: string;
  @Field(() => Int) version!: number;
  @Field(() => LocalDate, { nullable: true, description: 'Date of issue; today (Vietnam time) by default.' }) issuedDate?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Number to record for a document already issued on paper; the next in sequence otherwise.',
  })
  number?: string | null;
  @Field(() => SignatureInput, { nullable: true }) signature?: SignatureInput | null;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}

@InputType()
export class AmendPlanInput {
  @Field(() => ID) planId!: string;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}

@ArgsType()
export class HistoryArgs extends PageArgs {}

@ObjectType()
@TypeAccess('SCOPED')
export class PlanPayload {
  @Field(() => PlanRow) plan!: PlanRow;
}

@ObjectType()
@TypeAccess('SCOPED')
export class NodePayload {
  @Field(() => PlanNodeRow) node!: PlanNodeRow;
  @Field(() => PlanRow) plan!: PlanRow;
}

@ObjectType()
@TypeAccess('SCOPED')
export class DeletePayload {
  @Field(() => ID) deletedId!: string;
  @Field(() => PlanRow) plan!: PlanRow;
}

@ObjectType()
@TypeAccess('SCOPED')
export class TargetPayload {
  @Field(() => TargetNode) target!: TargetNode;
}

@ObjectType()
@TypeAccess('SCOPED')
export class PhasePayload {
  @Field(() => PhaseNode) phase!: PhaseNode;
}

@ObjectType()
@TypeAccess('SCOPED')
export class MilestonePayload {
  @Field(() => MilestoneNode) milestone!: MilestoneNode;
}
