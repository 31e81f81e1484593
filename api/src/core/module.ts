import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Router } from 'express';
import type { Principal } from './context.js';
import type { CreateLoaders, LoaderFactory } from './loaders.js';

/*
 * What core asks of the feature modules, without knowing any (docs/ARCHITECTURE.md, "Layers"):
 * core defines these shapes, each module describes itself with one `ApiModule`, and the
 * composition root (api/src/app.ts) hands the list to core.
 */

/** A type-graphql resolver class. */
export type ResolverClass = new (...args: any[]) => object;

/** The credentials a request carries: the Authorization header and the X-Api-Key header. */
export interface Credentials {
  authorization: string | undefined;
  apiKey: string | undefined;
}

/**
 * Who is calling, resolved in the request's transaction before any principal is set; null for an
 * anonymous request. Credentials that do not check out throw (UNAUTHENTICATED). The resolver also
 * sets the caller for row-level security, in the statement that reads it (principalSettingsColumns
 * of core/db/transaction.ts): core sets nothing after it.
 */
export type PrincipalResolver = (em: EntityManager, credentials: Credentials) => Promise<Principal | null>;

/** What every request needs from the modules to build its context (core/http.ts). */
export interface RequestWiring {
  resolvePrincipal: PrincipalResolver;
  createLoaders: CreateLoaders;
}

/** What a module's plain HTTP routes are given. */
export interface RouteEnv {
  /** The primary database (plain routes are not routed to replicas). */
  orm: MikroORM;
  /** For withRequest (core/http.ts) and the contexts of a route's own transactions. */
  requests: RequestWiring;
  /** The data folder (caches); absent in some tests. */
  dataDir?: string;
}

/** A feature module as core sees it. Every part is optional. */
export interface ApiModule {
  /** For error messages of the wiring. */
  name: string;
  /** GraphQL resolver classes, in the order the schema lists them. */
  resolvers?: readonly ResolverClass[];
  /** The module's request loaders (declared into core's `Loaders`). */
  loaders?: LoaderFactory;
  /** Plain HTTP routes, mounted after /graphql. */
  routes?: (env: RouteEnv) => Router;
}

/** Everything the HTTP server takes from the modules (core/server.ts). */
export interface Wiring {
  modules: readonly ApiModule[];
  requests: RequestWiring;
}

/** The resolvers of every module, in module order. */
export function resolversOf(modules: readonly ApiModule[]): [ResolverClass, ...ResolverClass[]] {
  const [first, ...rest] = modules.flatMap((m) => m.resolvers ?? []);
  if (!first) throw new Error('no module has resolvers: the schema would be empty');
  return [first, ...rest];
}
