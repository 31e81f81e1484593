import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { resolversOf, type ApiModule } from '../module.js';
import { DateTime } from './scalars.js';

/**
 * Builds the executable schema from the modules' resolvers, in module order (the order the
 * composition root, api/src/app.ts, lists them). Resolver classes are created once per process.
 */
export async function buildApiSchema(modules: readonly ApiModule[]): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: resolversOf(modules),
    scalarsMap: [{ type: Date, scalar: DateTime }],
    validate: false,
    emitSchemaFile: false,
  });
}
