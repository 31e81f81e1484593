import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../core/idempotency.js';
import { TypeAccess } from '../../core/graphql/access.js';
import { PlanNode } from '../plans/plan.types.js';

@InputType({ description: 'A .docx, .txt or .md file, base64-encoded (at most 8 MB decoded).' })
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

@ObjectType('ImportReport', { description: 'What the importer could not classify or match; nothing is dropped.' })
@TypeAccess('SCOPED')
export class ImportReportNode {
  @Field(() => [UnclassifiedTextNode]) unclassified!: UnclassifiedTextNode[];
  @Field(() => [String], { description: 'Agencies named in the document that match no agency of the unit.' }) unknownAgencies!: string[];
  @Field(() => [String]) warnings!: string[];
  @Field(() => Int) matchedAgencies!: number;
  @Field(() => ID, { nullable: true, description: 'A cited plan of a superior found in the system: the parent plan.' }) parentPlanId!:
    | string
    | null;
  @Field(() => Int, { description: "Nodes linked to the parent plan's nodes they reproduce." }) linkedNodes!: number;
}

@ObjectType()
@TypeAccess('SCOPED')
export class ImportPlanPayload {
  @Field(() => PlanNode) plan!: PlanNode;
  @Field(() => ImportReportNode) report!: ImportReportNode;
}
