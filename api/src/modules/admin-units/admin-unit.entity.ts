import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const UnitLevels = ['CENTRAL', 'PROVINCE', 'DISTRICT', 'COMMUNE'] as const;
export type UnitLevel = (typeof UnitLevels)[number];

/** The tenant. Read paths use SQL rows (see admin-unit.service); the entity exists for writes. */
export const AdminUnit = defineEntity({
  name: 'AdminUnit',
  tableName: 'admin_unit',
  properties: {
    id: p.integer().primary(),
    code: p.string().columnType('text'),
    name: p.string().columnType('text'),
    kind: p.string().columnType('text'),
    level: p.string().columnType('text').$type<UnitLevel>(),
    parentId: p.integer().nullable(),
    provinceId: p.integer().nullable(),
    path: p.string().columnType('ltree'),
    validFrom: p.string().columnType('date').nullable(),
    validTo: p.string().columnType('date').nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type AdminUnit = InferEntity<typeof AdminUnit>;
