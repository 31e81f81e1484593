import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../core/idempotency.js';
import { TypeAccess } from '../../core/graphql/access.js';
import { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import { AgencyNode } from '../agencies/agency.types.js';
import { PlanRow, PlanNodeRow } from '../plans/plan.types.js';
import { MaxItems, PlanScope } from '../../core/graphql/list-bounds.js';
import { PLAN_LIMITS } from '../plans/plan-limits.js';
import { DIFF_LIMITS } from './word-diff.js';

/** Distinct agencies a plan can name: on its tasks, and as responsible for its targets. */
const AGENCY_NAMES = PLAN_LIMITS.agencyRefs + PLAN_LIMITS.targets;
/** Diff parts of one list of diffs: the shared budget, then two per coarse diff (word-diff.ts). */
export const DIFF_PARTS_PER_LIST = DIFF_LIMITS.partsPerList + 2 * 2 * PLAN_LIMITS.nodes;

export const ProvenanceEnum = { INHERITED: 'INHERITED', ADAPTED: 'ADAPTED', LOCAL: 'LOCAL', OMITTED: 'OMITTED' } as const;
registerEnumType(ProvenanceEnum, { name: 'Provenance', description: 'How a node of a derived plan relates to its parent plan.' });
export const DiffOpEnum = { EQUAL: 'EQUAL', INSERT: 'INSERT', DELETE: 'DELETE' } as const;
registerEnumType(DiffOpEnum, { name: 'DiffOp' });
export const UpstreamChangeKindEnum = { MODIFIED: 'MODIFIED', ADDED: 'ADDED', REMOVED: 'REMOVED' } as const;
registerEnumType(UpstreamChangeKindEnum, { name: 'UpstreamChangeKind' });

@ObjectType('AgencyMapping', { description: 'How an agency named in the parent plan maps to an agency of the deriving unit.' })
@TypeAccess('SCOPED')
export class AgencyMappingNode {
  @Field(() => String) fromName!: string;
  @Field(() => String, { nullable: true }) fromSector!: string | null;
  @Field(() => AgencyNode, { nullable: true, description: 'Null: no agency of this sector in the unit (to resolve by the editor).' })
  to!: AgencyNode | null;
  @Field(() => Int, { description: 'How many tasks and targets name it.' }) uses!: number;
}

@ObjectType('DerivedTargetPreview')
@TypeAccess('SCOPED')
export class DerivedTargetPreviewNode {
  @Field(() => ID) parentTargetId!: string;
  @Field(() => String) metric!: string;
  @Field(() => String) unitOfMeasure!: string;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => Boolean, { description: "The value is the parent's allocation to this unit." }) allocated!: boolean;
}

@ObjectType('DerivationPreview', { description: 'What derivePlan would create, shown before creating it.' })
@TypeAccess('SCOPED')
export class DerivationPreviewNode {
  @Field(() => PlanRow) parentPlan!: PlanRow;
  @Field(() => AdminUnitNode) unit!: AdminUnitNode;
  @Field(() => String) title!: string;
  @Field(() => String) preamble!: string;
  @Field(() => Int) nodeCount!: number;
  @Field(() => Int) taskCount!: number;
  // One mapping per distinct agency named on the parent's tasks and targets.
  @Field(() => [AgencyMappingNode]) @MaxItems(AGENCY_NAMES) agencyMapping!: AgencyMappingNode[];
  @Field(() => [String], { description: 'Agencies with no counterpart: the editor must resolve them.' })
  @MaxItems(AGENCY_NAMES)
  unmatchedAgencies!: string[];
  @Field(() => [DerivedTargetPreviewNode]) @MaxItems(PLAN_LIMITS.targets) targets!: DerivedTargetPreviewNode[];
  @Field(() => PlanRow, { nullable: true, description: 'The unit already derived a plan from this parent.' })
  existingPlan!: PlanRow | null;
}

@InputType()
export class DerivePlanInput {
  @Field(() => ID) parentPlanId!: string;
  @Field(() => ID, { nullable: true, description: "The deriving unit; the caller's unit by default." }) unitId?: string;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}

@ObjectType('DiffPart')
@TypeAccess('SCOPED')
export class DiffPartNode {
  @Field(() => DiffOpEnum) op!: string;
  @Field(() => String) text!: string;
}

@ObjectType('PlanDiffEntry')
@TypeAccess('SCOPED')
export class PlanDiffEntryNode {
  @Field(() => ProvenanceEnum) status!: string;
  @Field(() => PlanNodeRow, { nullable: true }) node!: PlanNodeRow | null;
  @Field(() => PlanNodeRow, { nullable: true }) parentNode!: PlanNodeRow | null;
  @Field(() => [DiffPartNode], { nullable: true, description: 'Word-level changes from the parent text (ADAPTED).' })
  @MaxItems(DIFF_LIMITS.partsPerDiff, { perPlan: DIFF_PARTS_PER_LIST })
  textDiff!: DiffPartNode[] | null;
  @Field(() => Boolean) taskChanged!: boolean;
  @Field(() => String, { nullable: true }) omissionReason!: string | null;
}

@ObjectType('ProvenanceCounts')
@TypeAccess('SCOPED')
export class ProvenanceCountsNode {
  @Field(() => Int) inherited!: number;
  @Field(() => Int) adapted!: number;
  @Field(() => Int) local!: number;
  @Field(() => Int) omitted!: number;
}

@ObjectType('PlanDiff', { description: 'A derived plan against its parent, node by node.' })
@TypeAccess('SCOPED')
@PlanScope(2)
export class PlanDiffNode {
  @Field(() => PlanRow) plan!: PlanRow;
  @Field(() => PlanRow, { nullable: true }) parentPlan!: PlanRow | null;
  @Field(() => ProvenanceCountsNode) counts!: ProvenanceCountsNode;
  /** The child's nodes and the parent's omitted ones. */
  @Field(() => [PlanDiffEntryNode]) @MaxItems(2 * PLAN_LIMITS.nodes) entries!: PlanDiffEntryNode[];
}

@InputType()
export class SetOmissionReasonInput {
  @Field(() => ID) planId!: string;
  @Field(() => ID, { description: 'The omitted node of the parent plan.' }) sourceNodeId!: string;
  @Field(() => String) reason!: string;
}

@ObjectType('UpstreamChange', { description: 'A change in a newer issued version of the parent plan.' })
@TypeAccess('SCOPED')
export class UpstreamChangeNode {
  @Field(() => UpstreamChangeKindEnum) kind!: string;
  @Field(() => ID) upstreamNodeId!: string;
  @Field(() => String, { nullable: true }) baseLabel!: string | null;
  @Field(() => String, { nullable: true, description: "The parent's text this plan was derived from." }) baseText!: string | null;
  @Field(() => String, { nullable: true }) newLabel!: string | null;
  @Field(() => String, { nullable: true, description: "The parent's new text." }) newText!: string | null;
  @Field(() => [DiffPartNode], { description: 'Word changes from the base text to the new text.' })
  @MaxItems(DIFF_LIMITS.partsPerDiff, { perPlan: DIFF_PARTS_PER_LIST })
  textDiff!: DiffPartNode[];
  @Field(() => String, { nullable: true, description: 'TAKEN, DECLINED, or null while pending.' }) decision!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
  // Each node of the plan is derived from one parent node: all changes together name each at most once.
  @Field(() => [ID], { description: 'Nodes of this plan derived from the changed node.' })
  @MaxItems(PLAN_LIMITS.nodes, { perPlan: PLAN_LIMITS.nodes })
  childNodeIds!: string[];
}

@InputType()
export class UpstreamDecisionInput {
  @Field(() => ID) planId!: string;
  @Field(() => ID) upstreamNodeId!: string;
  @Field(() => String, { nullable: true }) reason?: string | null;
}

@ObjectType('MergeConflict')
@TypeAccess('SCOPED')
export class MergeConflictNode {
  @Field(() => String) base!: string;
  @Field(() => String) ours!: string;
  @Field(() => String) theirs!: string;
}

@ObjectType()
@TypeAccess('SCOPED')
export class TakeUpstreamPayload {
  @Field(() => PlanRow) plan!: PlanRow;
  @Field(() => Boolean, { description: 'False when the merge met conflicts: nothing was changed.' }) applied!: boolean;
  /** The first conflicts; one is enough to refuse the merge. */
  @Field(() => [MergeConflictNode]) @MaxItems(200, { truncate: true }) conflicts!: MergeConflictNode[];
}
