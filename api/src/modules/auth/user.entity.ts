import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const Roles = ['ADMIN', 'EDITOR', 'APPROVER', 'VIEWER'] as const;
export type Role = (typeof Roles)[number];

export const AppUser = defineEntity({
  name: 'AppUser',
  tableName: 'app_user',
  properties: {
    id: p.uuid().primary(),
    unitId: p.integer(),
    provinceId: p.integer().nullable(),
    username: p.string().columnType('text'),
    displayName: p.string().columnType('text'),
    passwordHash: p.string().columnType('text').hidden(),
    role: p.string().columnType('text').$type<Role>(),
    disabledAt: p.datetime().nullable(),
    version: p.integer().version(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type AppUser = InferEntity<typeof AppUser>;
