import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { AuthedCtx } from '../../core/context.js';
import { Access } from '../../core/graphql/access.js';
import { LocalDate } from '../../core/graphql/scalars.js';
import * as units from './admin-unit.service.js';
import {
  AdminUnitConnection,
  AdminUnitNode,
  UnitChildrenArgs,
  UnitDescendantsArgs,
  UNIT_LIMITS,
  UnitsArgs,
  UnitSuccession,
} from './admin-unit.types.js';
import { MaxItems } from '../../core/graphql/list-bounds.js';

@Resolver(() => AdminUnitNode)
export class AdminUnitResolver {
  @Query(() => AdminUnitNode, { description: 'A unit the caller may see (itself, above or below); NOT_FOUND otherwise.' })
  @Access('SIGNED_IN')
  unit(@Arg('id', () => ID) id: string, @Ctx() ctx: AuthedCtx): Promise<AdminUnitNode> {
    return units.findVisibleUnit(ctx, units.parseUnitId(id));
  }

  @Query(() => AdminUnitNode, { description: 'A unit by official code as of a date (codes were reused in 2025); today by default.' })
  @Access('SIGNED_IN')
  unitByCode(
    @Arg('code', () => String) code: string,
    @Arg('on', () => LocalDate, { nullable: true }) on: string | undefined,
    @Ctx() ctx: AuthedCtx,
  ): Promise<AdminUnitNode> {
    return units.findUnitByCode(ctx, code, on);
  }

  @Query(() => AdminUnitConnection, { description: 'Units visible to the caller, by code.' })
  @Access('SIGNED_IN')
  async units(@Args(() => UnitsArgs) args: UnitsArgs, @Ctx() ctx: AuthedCtx) {
    const f = args.filter ?? {};
    const page = await units.listUnits(
      ctx,
      {
        level: f.level,
        search: f.search,
        validOn: f.validOn,
        parentId: f.parentId !== undefined ? units.parseUnitId(f.parentId, 'parentId') : undefined,
        ancestorId: f.ancestorId !== undefined ? units.parseUnitId(f.ancestorId, 'ancestorId') : undefined,
      },
      args,
    );
    return new AdminUnitConnection(page);
  }

  @FieldResolver(() => AdminUnitNode, { nullable: true })
  async parent(@Root() unit: AdminUnitNode, @Ctx() ctx: AuthedCtx): Promise<AdminUnitNode | null> {
    return unit.parentId ? ((await ctx.loaders.unitById.load(unit.parentId)) ?? null) : null;
  }

  @FieldResolver(() => AdminUnitNode, { nullable: true, description: 'The province the unit belongs to (itself for a province).' })
  async province(@Root() unit: AdminUnitNode, @Ctx() ctx: AuthedCtx): Promise<AdminUnitNode | null> {
    return unit.provinceId ? ((await ctx.loaders.unitById.load(unit.provinceId)) ?? null) : null;
  }

  @FieldResolver(() => [AdminUnitNode], { description: 'From the root down to the parent.' })
  @MaxItems(UNIT_LIMITS.ancestors)
  ancestors(@Root() unit: AdminUnitNode, @Ctx() ctx: AuthedCtx): Promise<AdminUnitNode[]> {
    return ctx.loaders.ancestorsByPath.load(unit.path);
  }

  @FieldResolver(() => Int, {
    description: 'Number of direct children the caller may see (all eras): the totalCount of children without validOn.',
  })
  childCount(@Root() unit: AdminUnitNode, @Ctx() ctx: AuthedCtx): Promise<number> {
    // The count of what the caller can list, never of what exists (docs/ACCESS.md): a district
    // sees its province with one child, itself, not with its invisible siblings.
    return ctx.loaders.childTotals.load(`${unit.id}|`);
  }

  @FieldResolver(() => AdminUnitConnection)
  async children(@Root() unit: AdminUnitNode, @Args(() => UnitChildrenArgs) args: UnitChildrenArgs, @Ctx() ctx: AuthedCtx) {
    return new AdminUnitConnection(await units.childrenPage(ctx, unit, args));
  }

  @FieldResolver(() => AdminUnitConnection)
  async descendants(@Root() unit: AdminUnitNode, @Args(() => UnitDescendantsArgs) args: UnitDescendantsArgs, @Ctx() ctx: AuthedCtx) {
    return new AdminUnitConnection(
      await units.listUnits(ctx, { ancestorId: unit.id, level: args.level, search: args.search, validOn: args.validOn }, args),
    );
  }

  @FieldResolver(() => [UnitSuccession], { description: 'Units this one was merged into (after the 2025 reform).' })
  @MaxItems(UNIT_LIMITS.successors)
  successors(@Root() unit: AdminUnitNode, @Ctx() ctx: AuthedCtx) {
    return ctx.loaders.successors.load(unit.id);
  }

  @FieldResolver(() => [UnitSuccession], { description: 'Units merged into this one.' })
  @MaxItems(UNIT_LIMITS.predecessors)
  predecessors(@Root() unit: AdminUnitNode, @Ctx() ctx: AuthedCtx) {
    return ctx.loaders.predecessors.load(unit.id);
  }
}
