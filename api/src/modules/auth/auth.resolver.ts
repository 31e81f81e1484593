import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AuthedCtx, Ctx as Context } from '../../core/context.js';
import { Access } from '../../core/graphql/access.js';
import { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import { AgencyNode } from '../agencies/agency.types.js';
import * as apiKeys from './api-key.service.js';
import {
  ApiKeyConnection,
  ApiKeyNode,
  ApiKeyPayload,
  ApiKeysArgs,
  RevokeApiKeyInput,
  ChangePasswordInput,
  CreateApiKeyInput,
  CreateApiKeyPayload,
  CreateUserInput,
  SignInInput,
  SignInPayload,
  UpdateUserInput,
  UserConnection,
  UserNode,
  UserPayload,
  UsersArgs,
  Viewer,
} from './auth.types.js';
import { createSignInThrottle, type SignInThrottleSettings } from './sign-in-throttle.js';
import type { TokenSigner } from './tokens.js';
import * as users from './user.service.js';

export interface AuthDeps {
  signer: TokenSigner;
  /** Limits on failed sign-ins; the defaults when absent. */
  signInThrottle?: SignInThrottleSettings;
}

export function createAuthResolvers(deps: AuthDeps) {
  const throttle = createSignInThrottle(deps.signInThrottle);

  @Resolver()
  class AuthResolver {
    @Mutation(() => SignInPayload, { description: 'Exchanges a username and password for a short-lived access token.' })
    @Access('PUBLIC')
    signIn(@Arg('input', () => SignInInput) input: SignInInput, @Ctx() ctx: Context): Promise<SignInPayload> {
      return users.signIn(ctx, deps.signer, throttle, input.username, input.password);
    }

    @Query(() => Viewer, { description: 'Who is calling, and for which unit.' })
    @Access('SIGNED_IN')
    me(@Ctx() ctx: AuthedCtx) {
      return users.viewerOf(ctx);
    }

    @Mutation(() => Boolean)
    @Access('USER')
    changePassword(@Arg('input', () => ChangePasswordInput) input: ChangePasswordInput, @Ctx() ctx: AuthedCtx) {
      return users.changeOwnPassword(ctx, input.currentPassword, input.newPassword);
    }

    @Query(() => UserConnection, { description: 'Accounts of a unit (administrators of the unit or above).' })
    @Access('USER')
    async users(@Args(() => UsersArgs) args: UsersArgs, @Ctx() ctx: AuthedCtx) {
      return new UserConnection(await users.listUsers(ctx, args));
    }

    @Mutation(() => UserPayload)
    @Access('USER')
    async createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: AuthedCtx) {
      return { user: await users.createUser(ctx, input) };
    }

    @Mutation(() => UserPayload, { description: 'Rename, change role, disable/enable or reset the password; carries the version read.' })
    @Access('USER')
    async updateUser(@Arg('input', () => UpdateUserInput) input: UpdateUserInput, @Ctx() ctx: AuthedCtx) {
      return { user: await users.updateUser(ctx, input) };
    }

    @Query(() => ApiKeyConnection)
    @Access('USER')
    async apiKeys(@Args(() => ApiKeysArgs) args: ApiKeysArgs, @Ctx() ctx: AuthedCtx) {
      return new ApiKeyConnection(await apiKeys.listApiKeys(ctx, args));
    }

    @Mutation(() => CreateApiKeyPayload)
    @Access('USER')
    createApiKey(@Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() ctx: AuthedCtx) {
      return apiKeys.createApiKey(ctx, input);
    }

    @Mutation(() => ApiKeyPayload)
    @Access('USER')
    async revokeApiKey(@Arg('input', () => RevokeApiKeyInput) input: RevokeApiKeyInput, @Ctx() ctx: AuthedCtx) {
      return { apiKey: await apiKeys.revokeApiKey(ctx, input.id) };
    }
  }

  @Resolver(() => Viewer)
  class ViewerResolver {
    @FieldResolver(() => AdminUnitNode, { description: 'The unit the caller acts for.' })
    async unit(@Root() viewer: Viewer, @Ctx() ctx: AuthedCtx) {
      return (await ctx.loaders.unitById.load(viewer.unitId))!;
    }
  }

  @Resolver(() => UserNode)
  class UserFieldsResolver {
    @FieldResolver(() => AdminUnitNode)
    async unit(@Root() user: UserNode, @Ctx() ctx: AuthedCtx) {
      return (await ctx.loaders.unitById.load(user.unitId))!;
    }

    @FieldResolver(() => AgencyNode, { nullable: true, description: 'The agency of the unit the user works for.' })
    async agency(@Root() user: UserNode, @Ctx() ctx: AuthedCtx) {
      return user.agencyId ? ((await ctx.loaders.agencyById.load(user.agencyId)) ?? null) : null;
    }
  }

  @Resolver(() => ApiKeyNode)
  class ApiKeyFieldsResolver {
    @FieldResolver(() => AdminUnitNode)
    async unit(@Root() key: ApiKeyNode, @Ctx() ctx: AuthedCtx) {
      return (await ctx.loaders.unitById.load(key.unitId))!;
    }
  }

  return [AuthResolver, ViewerResolver, UserFieldsResolver, ApiKeyFieldsResolver] as const;
}
