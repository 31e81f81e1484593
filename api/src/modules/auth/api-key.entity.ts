import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const ApiKeyRoles = ['VIEWER', 'EDITOR'] as const;
export type ApiKeyRole = (typeof ApiKeyRoles)[number];

export const ApiKey = defineEntity({
  name: 'ApiKey',
  tableName: 'api_key',
  properties: {
    id: p.uuid().primary(),
    unitId: p.integer(),
    provinceId: p.integer().nullable(),
    name: p.string().columnType('text'),
    prefix: p.string().columnType('text'),
    secretHash: p.string().columnType('text').hidden(),
    role: p.string().columnType('text').$type<ApiKeyRole>(),
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type ApiKey = InferEntity<typeof ApiKey>;
