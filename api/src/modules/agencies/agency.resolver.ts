import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AuthedCtx } from '../../core/context.js';
import { Access } from '../../core/graphql/access.js';
import { AdminUnitNode } from '../admin-units/admin-unit.types.js';
import { parseUnitId } from '../admin-units/admin-unit.service.js';
import * as agencies from './agency.service.js';
import {
  AgenciesArgs,
  AgencyConnection,
  AgencyListArgs,
  AgencyNode,
  AgencyPayload,
  CreateAgencyInput,
  SectorNode,
  UpdateAgencyInput,
} from './agency.types.js';
import { SECTORS } from './sectors.js';
import { MaxItems } from '../../core/graphql/list-bounds.js';

@Resolver(() => AgencyNode)
export class AgencyResolver {
  @Query(() => [SectorNode], { description: 'The shared sector catalogue.' })
  @Access('SIGNED_IN')
  @MaxItems(SECTORS.length)
  sectors(): SectorNode[] {
    return SECTORS.map((s) => ({ code: s.code, nameVi: s.vi, nameEn: s.en }));
  }

  @Query(() => AgencyConnection, { description: "Agencies of a unit on the caller's chain (itself, above or below)." })
  @Access('SIGNED_IN')
  async agencies(@Args(() => AgenciesArgs) args: AgenciesArgs, @Ctx() ctx: AuthedCtx) {
    return new AgencyConnection(await agencies.listAgencies(ctx, parseUnitId(args.unitId, 'unitId'), args));
  }

  @Mutation(() => AgencyPayload)
  @Access('USER')
  async createAgency(@Arg('input', () => CreateAgencyInput) input: CreateAgencyInput, @Ctx() ctx: AuthedCtx) {
    return { agency: await agencies.createAgency(ctx, input) };
  }

  @Mutation(() => AgencyPayload)
  @Access('USER')
  async updateAgency(@Arg('input', () => UpdateAgencyInput) input: UpdateAgencyInput, @Ctx() ctx: AuthedCtx) {
    return { agency: await agencies.updateAgency(ctx, input) };
  }

  @FieldResolver(() => AdminUnitNode)
  async unit(@Root() agency: AgencyNode, @Ctx() ctx: AuthedCtx) {
    return (await ctx.loaders.unitById.load(agency.unitId))!;
  }
}

@Resolver(() => AdminUnitNode)
export class UnitAgenciesResolver {
  @FieldResolver(() => AgencyConnection)
  async agencies(@Root() unit: AdminUnitNode, @Args(() => AgencyListArgs) args: AgencyListArgs, @Ctx() ctx: AuthedCtx) {
    return new AgencyConnection(await agencies.unitAgenciesPage(ctx, unit, args));
  }
}
