import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../core/idempotency.js';
import { TypeAccess } from '../../core/graphql/access.js';
import { Connection, PageArgs } from '../../core/graphql/pagination.js';

@ObjectType('Sector', { description: 'An entry of the shared sector catalogue.' })
@TypeAccess('PUBLIC')
export class SectorNode {
  @Field(() => String) code!: string;
  @Field(() => String) nameVi!: string;
  @Field(() => String) nameEn!: string;
}

@ObjectType('Agency', { description: 'A body that carries out tasks (cơ quan, đơn vị thực hiện), belonging to one unit.' })
@TypeAccess('SCOPED')
export class AgencyNode {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'Sector code from the catalogue (POLICE, HEALTH, …).' }) sector!: string;
  @Field(() => Boolean) disabled!: boolean;
  @Field(() => Int) version!: number;
  unitId!: number;
}
export const AgencyConnection = Connection(AgencyNode, 'Agency');

@ArgsType()
export class AgencyListArgs extends PageArgs {
  @Field(() => String, { nullable: true }) sector?: string;
  @Field(() => String, { nullable: true }) search?: string;
  @Field(() => Boolean, { nullable: true, description: 'Include disabled agencies.' }) includeDisabled?: boolean;
}

@ArgsType()
export class AgenciesArgs extends AgencyListArgs {
  @Field(() => ID) unitId!: string;
}

@InputType()
export class CreateAgencyInput {
  @Field(() => ID) unitId!: string;
  @Field(() => String) name!: string;
  @Field(() => String) sector!: string;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}

@InputType()
export class UpdateAgencyInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) sector?: string;
  @Field(() => Boolean, { nullable: true }) disabled?: boolean;
}

@ObjectType()
@TypeAccess('SCOPED')
export class AgencyPayload {
  @Field(() => AgencyNode) agency!: AgencyNode;
}
