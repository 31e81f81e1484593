import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TypeAccess } from '../../core/graphql/access.js';
import { Connection, PageArgs } from '../../core/graphql/pagination.js';
import { LocalDate } from '../../core/graphql/scalars.js';

/** The levels of admin_unit.level, as migration 0001 checks them. */
export const UnitLevels = ['CENTRAL', 'PROVINCE', 'DISTRICT', 'COMMUNE'] as const;
export type UnitLevel = (typeof UnitLevels)[number];

export const UnitLevelEnum = Object.fromEntries(UnitLevels.map((l) => [l, l])) as { [K in UnitLevel]: K };
registerEnumType(UnitLevelEnum, {
  name: 'UnitLevel',
  description:
    'CENTRAL (national root), PROVINCE (tỉnh/thành phố), DISTRICT (huyện/quận/thị xã/thành phố thuộc tỉnh, until 30/06/2025), COMMUNE (xã/phường/thị trấn/đặc khu).',
});

/**
 * Lists of a unit, bounded by the shape of the reference data (api/data/admin-units): the tree
 * has four levels, so at most three ancestors; across the whole country a unit has at most 41
 * predecessors (Thành phố Hồ Chí Minh from 2025: three provinces and their districts) and 5
 * successors (a commune split between new communes).
 */
export const UNIT_LIMITS = { ancestors: UnitLevels.length - 1, predecessors: 60, successors: 10 } as const;

/** A row of admin_unit as the read paths return it. */
@ObjectType('AdminUnit', { description: 'An administrative unit (đơn vị hành chính): the tenant.' })
@TypeAccess('SCOPED')
export class AdminUnitNode {
  @Field(() => ID) id!: number;
  @Field(() => String, { description: 'Official GSO code; reused across the 2025 reform, so unique only with the validity period.' })
  code!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'The Vietnamese kind: tỉnh, thành phố, huyện, thị xã, quận, xã, phường, thị trấn, đặc khu.' })
  kind!: string;
  @Field(() => UnitLevelEnum) level!: UnitLevel;
  @Field(() => LocalDate, { nullable: true }) validFrom!: string | null;
  @Field(() => LocalDate, { nullable: true, description: 'Last day of existence; null while the unit exists.' })
  validTo!: string | null;
  parentId!: number | null;
  provinceId!: number | null;
  path!: string;
}

export const AdminUnitConnection = Connection(AdminUnitNode, 'AdminUnit');

@InputType()
export class UnitFilter {
  @Field(() => UnitLevelEnum, { nullable: true }) level?: UnitLevel;
  @Field(() => ID, { nullable: true, description: 'Only direct children of this unit.' }) parentId?: string;
  @Field(() => ID, { nullable: true, description: 'Only units below this one (any depth).' }) ancestorId?: string;
  @Field(() => String, { nullable: true, description: 'Accent-insensitive name search ("Hoà"/"Hòa", "Đ"/"D").' })
  search?: string;
  @Field(() => LocalDate, { nullable: true, description: 'Only units that existed on this date.' }) validOn?: string;
}

@ArgsType()
export class UnitsArgs extends PageArgs {
  @Field(() => UnitFilter, { nullable: true }) filter?: UnitFilter;
}

@ArgsType()
export class UnitChildrenArgs extends PageArgs {
  @Field(() => LocalDate, { nullable: true }) validOn?: string;
}

@ArgsType()
export class UnitDescendantsArgs extends PageArgs {
  @Field(() => UnitLevelEnum, { nullable: true }) level?: UnitLevel;
  @Field(() => String, { nullable: true }) search?: string;
  @Field(() => LocalDate, { nullable: true }) validOn?: string;
}

@ObjectType()
@TypeAccess('SCOPED')
export class UnitSuccession {
  @Field(() => AdminUnitNode) unit!: AdminUnitNode;
  @Field(() => String, { description: 'FULL: the whole unit went there; PARTIAL: part of it.' }) kind!: string;
}

export { Int };
