import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../core/idempotency.js';
import { TypeAccess } from '../../core/graphql/access.js';
import { PlanRow } from '../plans/plan.types.js';
import { MaxItems } from '../../core/graphql/list-bounds.js';
import { PLAN_LIMITS } from '../plans/plan-limits.js';

@InputType({ description: 'A .docx, .pdf (with a text layer), .txt or .md file, base64-encoded (at most 8 MB decoded).' })
export class ImportPlanInput {
  @Field(() => String) fileName!: string;
  @Field(() => String) contentBase64!: string;
  @Field(() => ID, { nullable: true, description: "The importing unit; the caller's unit by default." }) unitId?: string;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}

@ObjectType('UnclassifiedText')
@TypeAccess('SCOPED')
export class UnclassifiedTextNode {
  @Field(() => String) nodeKey!: string;
  @Field(() => String) text!: string;
  @Field(() => String) reason!: string;
}

/** The values of one warning given at most (HEADER_UNSURE's lines beyond it are in its message). */
export const WARNING_VALUES_MAX = 20;

@ObjectType('ImportWarning', { description: 'A warning of the importer with its stable code (README, "Import").' })
@TypeAccess('SCOPED')
export class ImportWarningNode {
  @Field(() => String, { description: 'NO_KIND_LINE, HEADER_UNSURE, HEADER_DATE_INVALID, ISSUED_BY_DECISION, SELF_CITATION, …' })
  code!: string;
  @Field(() => String, { description: 'In English, for logs; the portal words a warning by its code and values.' }) message!: string;
  @Field(() => [String], {
    description: 'The figures and quoted text of the message, in order (per code: README, "Import"), for the client\'s own wording.',
  })
  // A few figures or lines each (a header's stray lines at most): kept short, as every warning
  // weighs this maximum in the query cost.
  @MaxItems(WARNING_VALUES_MAX, { truncate: true })
  values!: string[];
}

@ObjectType('ImportReport', { description: 'What the importer could not classify or match; nothing is dropped.' })
@TypeAccess('SCOPED')
export class ImportReportNode {
  // At most one per node of an imported plan (which is within PLAN_LIMITS); the other two lists
  // are informational and cut at their maximum.
  @Field(() => [UnclassifiedTextNode]) @MaxItems(PLAN_LIMITS.nodes) unclassified!: UnclassifiedTextNode[];
  @Field(() => [String], { description: 'Agencies named in the document that match no agency of the unit.' })
  @MaxItems(PLAN_LIMITS.agencyRefs + PLAN_LIMITS.targets, { truncate: true })
  unknownAgencies!: string[];
  @Field(() => [String], { description: 'The messages of warningDetails.' })
  @MaxItems(PLAN_LIMITS.nodes + PLAN_LIMITS.targets, { truncate: true })
  warnings!: string[];
  @Field(() => [ImportWarningNode], { description: 'Each warning with its code: where the importer is not sure, it says so here.' })
  @MaxItems(PLAN_LIMITS.nodes + PLAN_LIMITS.targets, { truncate: true })
  warningDetails!: ImportWarningNode[];
  @Field(() => Int) matchedAgencies!: number;
  @Field(() => ID, { nullable: true, description: 'A cited plan of a superior found in the system: the parent plan.' }) parentPlanId!:
    | string
    | null;
  @Field(() => Int, { description: "Nodes linked to the parent plan's nodes they reproduce." }) linkedNodes!: number;
}

@ObjectType()
@TypeAccess('SCOPED')
export class ImportPlanPayload {
  @Field(() => PlanRow) plan!: PlanRow;
  @Field(() => ImportReportNode) report!: ImportReportNode;
}
