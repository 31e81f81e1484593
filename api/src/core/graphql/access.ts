import 'reflect-metadata';
import { Extensions, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import type { Ctx } from '../context.js';
import { forbidden, unauthenticated } from '../errors.js';

/**
 * The default-deny marker (docs/DESIGN.md §6). Every root field and every object type declares who may
 * reach it; a schema test fails when one does not. Row-level decisions (which unit, which plan)
 * are taken by core/access/policy.ts inside the services.
 *  - PUBLIC: anyone (sign-in).
 *  - SIGNED_IN: a user or an API key.
 *  - USER: a signed-in person, not an API key (account management, writes that need a human).
 *  - WRITER: a user, or an API key with the EDITOR role.
 *  - SCOPED (types only): instances are reachable only through fields that already applied the policy.
 */
export type AccessRule = 'PUBLIC' | 'SIGNED_IN' | 'USER' | 'WRITER';
export type TypeAccessRule = 'SCOPED' | 'PUBLIC';

function guard(rule: AccessRule): MiddlewareFn<Ctx> {
  return async ({ context }, next) => {
    const p = context.principal;
    if (rule !== 'PUBLIC' && !p) throw unauthenticated();
    if (rule === 'USER' && p?.kind !== 'USER') throw forbidden('Requires a signed-in user');
    if (rule === 'WRITER' && p?.kind === 'API_KEY' && p.role !== 'EDITOR') throw forbidden('This API key is read-only');
    return next();
  };
}

export function Access(rule: AccessRule): MethodDecorator {
  return (target, key, descriptor) => {
    Extensions({ access: rule })(target, key, descriptor);
    UseMiddleware(guard(rule))(target, key, descriptor);
  };
}

export function TypeAccess(rule: TypeAccessRule): ClassDecorator {
  return (target) => {
    Extensions({ access: rule })(target);
  };
}
