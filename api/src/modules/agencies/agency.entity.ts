import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const Agency = defineEntity({
  name: 'Agency',
  tableName: 'agency',
  properties: {
    id: p.uuid().primary(),
    unitId: p.integer(),
    provinceId: p.integer().nullable(),
    name: p.string().columnType('text'),
    sector: p.string().columnType('text'),
    disabledAt: p.datetime().nullable(),
    version: p.integer().version(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type Agency = InferEntity<typeof Agency>;
