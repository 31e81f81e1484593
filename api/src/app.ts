import type { GraphQLSchema } from 'graphql';
import { buildApiSchema } from './core/graphql/schema.js';
import { composeLoaders, type CreateLoaders } from './core/loaders.js';
import type { ApiModule, Wiring } from './core/module.js';
import { adminUnitsModule } from './modules/admin-units/admin-units.module.js';
import { agenciesModule } from './modules/agencies/agencies.module.js';
import { authModule, principalResolver } from './modules/auth/auth.module.js';
import type { AuthDeps } from './modules/auth/auth.resolver.js';
import { cascadeModule } from './modules/cascade/cascade.module.js';
import { derivationModule } from './modules/derivation/derivation.module.js';
import { documentsModule } from './modules/documents/documents.module.js';
import { notificationsModule } from './modules/notifications/notifications.module.js';
import { plansModule } from './modules/plans/plans.module.js';
import { reportsModule } from './modules/reports/reports.module.js';
import { workModule } from './modules/work/work.module.js';

/*
 * The composition root (docs/ARCHITECTURE.md, "Layers"): the one place that knows every feature
 * module and hands them to core — their resolvers to the schema, their loaders to every request's
 * context, auth's principal resolver to the request context, their plain routes to the server.
 * core/ imports no module; modules import core and each other, never this file.
 */

/** What the modules need from the server being started. */
export interface AppDeps extends AuthDeps {}

/** The modules made without the server's dependencies (every one but auth), in schema order around it. */
const BEFORE_AUTH: readonly ApiModule[] = [adminUnitsModule, agenciesModule];
const AFTER_AUTH: readonly ApiModule[] = [
  plansModule,
  derivationModule,
  cascadeModule,
  documentsModule,
  reportsModule,
  notificationsModule,
  workModule,
];

/** Every feature module, in the order the schema lists their resolvers. */
export function appModules(deps: AppDeps): ApiModule[] {
  return [...BEFORE_AUTH, authModule(deps), ...AFTER_AUTH];
}

/**
 * Every module's loaders for one request (auth has none). Requests get them through the wiring;
 * seeding and scripts that make contexts of their own call this.
 */
export const createLoaders: CreateLoaders = composeLoaders([...BEFORE_AUTH, ...AFTER_AUTH].flatMap((m) => (m.loaders ? [m.loaders] : [])));

/** The modules and the request wiring, for core/server.ts. */
export function composeApp(deps: AppDeps): Wiring {
  return { modules: appModules(deps), requests: { resolvePrincipal: principalResolver(deps.signer), createLoaders } };
}

/** The executable schema of every module (the server, `npm run schema:emit`, schema tests). */
export function createSchema(deps: AppDeps): Promise<GraphQLSchema> {
  return buildApiSchema(appModules(deps));
}
