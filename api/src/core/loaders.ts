import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from './context.js';

/**
 * Request-scoped batch loaders: nested fields (a unit's parent, a plan's unit…) are resolved
 * in one query per field per request, never one per row. Loaders do not check access: callers
 * only load ids reached through rows that already passed the policy.
 *
 * Core knows no loader of its own: each module declares its loaders into this interface
 * (`declare module '…/core/loaders.js'`, e.g. modules/admin-units/admin-unit.loaders.ts) and
 * hands their factory to the composition root (api/src/app.ts), which composes them
 * (docs/ARCHITECTURE.md, "Layers").
 */
export interface Loaders {}

/** A module's loaders for one request, on the request's EntityManager (its one transaction). */
export type LoaderFactory<L extends Partial<Loaders> = Partial<Loaders>> = (em: EntityManager, principal: Principal | null) => L;

/** Every module's loaders of one request, as `ctx.loaders`. */
export type CreateLoaders = (em: EntityManager, principal?: Principal | null) => Loaders;

/** One factory of every registered module's loaders; a loader name registered twice is a wiring mistake. */
export function composeLoaders(factories: readonly LoaderFactory[]): CreateLoaders {
  return (em, principal = null) => {
    const loaders: Record<string, unknown> = {};
    for (const factory of factories) {
      for (const [name, loader] of Object.entries(factory(em, principal))) {
        if (name in loaders) throw new Error(`loader ${name} registered twice`);
        loaders[name] = loader;
      }
    }
    return loaders as unknown as Loaders;
  };
}
