import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IDEMPOTENCY_KEY_DESCRIPTION } from '../../core/idempotency.js';
import { TypeAccess } from '../../core/graphql/access.js';
import { Connection, PageArgs } from '../../core/graphql/pagination.js';
import { ApiKeyRoles, Roles, type ApiKeyRole, type Role } from './roles.js';

export const RoleEnum = Object.fromEntries(Roles.map((r) => [r, r])) as { [K in Role]: K };
registerEnumType(RoleEnum, {
  name: 'Role',
  description: 'ADMIN manages accounts and agencies; EDITOR drafts; APPROVER issues; VIEWER reads.',
});
export const ApiKeyRoleEnum = Object.fromEntries(ApiKeyRoles.map((r) => [r, r])) as { [K in ApiKeyRole]: K };
registerEnumType(ApiKeyRoleEnum, { name: 'ApiKeyRole' });

@ObjectType('User')
@TypeAccess('SCOPED')
export class UserNode {
  @Field(() => ID) id!: string;
  @Field(() => String) username!: string;
  @Field(() => String) displayName!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => Boolean) disabled!: boolean;
  @Field(() => Int, { description: 'Send back on update (optimistic locking).' }) version!: number;
  @Field(() => Date) createdAt!: Date;
  @Field(() => String, { nullable: true, description: 'Where notices are mailed (docs/NOTIFICATIONS.md).' }) email!: string | null;
  @Field(() => ID, {
    nullable: true,
    description: 'The agency of the unit the user works for: it writes that agency’s reports (docs/REPORTS.md, "Agencies").',
  })
  agencyId!: string | null;
  unitId!: number;
}
export const UserConnection = Connection(UserNode, 'User');

@ObjectType('ApiKey')
@TypeAccess('SCOPED')
export class ApiKeyNode {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'Public part of the key, to recognise it in logs.' }) prefix!: string;
  @Field(() => ApiKeyRoleEnum) role!: ApiKeyRole;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
  unitId!: number;
}
export const ApiKeyConnection = Connection(ApiKeyNode, 'ApiKey');

@ObjectType()
@TypeAccess('SCOPED')
export class Viewer {
  @Field(() => String, { description: 'USER or API_KEY' }) kind!: string;
  @Field(() => ID) id!: string;
  @Field(() => String) displayName!: string;
  @Field(() => String, { nullable: true }) username!: string | null;
  @Field(() => String) role!: string;
  @Field(() => ID, { nullable: true, description: 'The agency of the unit the caller works for, if any.' }) agencyId!: string | null;
  unitId!: number;
}

@InputType()
export class SignInInput {
  @Field(() => String) username!: string;
  @Field(() => String) password!: string;
}

@ObjectType()
@TypeAccess('PUBLIC')
export class SignInPayload {
  @Field(() => String) token!: string;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => Viewer) viewer!: Viewer;
}

@InputType()
export class CreateUserInput {
  @Field(() => ID) unitId!: string;
  @Field(() => String) username!: string;
  @Field(() => String) displayName!: string;
  @Field(() => RoleEnum) role!: Role;
  @Field(() => String) password!: string;
  @Field(() => String, { nullable: true, description: 'Where notices are mailed.' }) email?: string | null;
  @Field(() => ID, { nullable: true, description: 'An agency of the unit the user works for (writes its reports).' }) agencyId?:
    | string
    | null;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}

@InputType()
export class UpdateUserInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true }) displayName?: string;
  @Field(() => RoleEnum, { nullable: true }) role?: Role;
  @Field(() => Boolean, { nullable: true }) disabled?: boolean;
  @Field(() => String, { nullable: true, description: 'Set a new password for the user.' }) password?: string;
  @Field(() => String, { nullable: true, description: "Where notices are mailed; null or '' removes it." }) email?: string | null;
  @Field(() => ID, { nullable: true, description: "An agency of the user's unit; null or '' makes the user the unit's own staff." })
  agencyId?: string | null;
}

@InputType()
export class ChangePasswordInput {
  @Field(() => String) currentPassword!: string;
  @Field(() => String) newPassword!: string;
}

@ObjectType()
@TypeAccess('SCOPED')
export class UserPayload {
  @Field(() => UserNode) user!: UserNode;
}

@ArgsType()
export class UsersArgs extends PageArgs {
  @Field(() => ID) unitId!: string;
  @Field(() => Boolean, { nullable: true, description: 'Include users of every unit below.' }) includeDescendants?: boolean;
  @Field(() => String, { nullable: true }) search?: string;
}

@ArgsType()
export class ApiKeysArgs extends PageArgs {
  @Field(() => ID) unitId!: string;
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => ID) unitId!: string;
  @Field(() => String) name!: string;
  @Field(() => ApiKeyRoleEnum, { nullable: true, description: 'VIEWER (read-only) by default.' }) role?: ApiKeyRole;
  @Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey?: string | null;
}

@ObjectType()
@TypeAccess('SCOPED')
export class CreateApiKeyPayload {
  @Field(() => ApiKeyNode) apiKey!: ApiKeyNode;
  @Field(() => String, { description: 'The key itself, shown only this once; send as "Authorization: ApiKey <secret>".' })
  secret!: string;
}

@InputType()
export class RevokeApiKeyInput {
  @Field(() => ID) id!: string;
}

@ObjectType()
@TypeAccess('SCOPED')
export class ApiKeyPayload {
  @Field(() => ApiKeyNode) apiKey!: ApiKeyNode;
}
