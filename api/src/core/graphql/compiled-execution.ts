import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import {
  execute,
  GraphQLError,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { BoundedCache } from '../bounded-cache.js';
import { documentShape, type Limits } from './limits.js';

type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewayExecutor = NonNullable<Awaited<ReturnType<GatewayInterface['load']>>['executor']>;

/** A compiled query, or `null`: this operation runs on graphql-js (see `compiledExecution`). */
type Entry = CompiledQuery | null;

/**
 * Queries run by graphql-jit: each operation is compiled once into a function that resolves and
 * serialises its selection without graphql-js's per-field interpretation (docs/ARCHITECTURE.md,
 * "Compiled execution"). Apollo keeps its whole pipeline (parse, validate, our limits, error
 * formatting, the request's transaction): only `execute` changes, through the `gateway` option,
 * Apollo Server's one documented way to supply an executor.
 *
 * Mutations and subscriptions stay on graphql-js (a mutation's fields run one after the other, as
 * the specification says, and a response fence refusal stops the later ones: limits.ts), and so
 * do introspection (`__schema`, `__type` at the root: rare, and exactly graphql-js's answer),
 * operations graphql-jit cannot compile, and requests whose variables it cannot coerce (graphql-js
 * then answers with its own, exact, BAD_USER_INPUT; nothing has run).
 *
 * Compiled operations are kept by the hash of the document's text and the operation's name,
 * held to a number of entries and a total number of selections with fragments expanded (what the
 * generated code grows with), so a caller sending endless distinct documents costs bounded memory.
 */
export function compiledExecution(schema: GraphQLSchema, limits: Pick<Limits, 'compiledCacheEntries' | 'compiledCacheSelections'>) {
  const cache = new BoundedCache<string, { entry: Entry; weight: number }>(
    { maxEntries: limits.compiledCacheEntries, maxWeight: limits.compiledCacheSelections },
    (value) => value.weight,
  );

  // Operations run each way since start (tests, operators: what runs compiled).
  const runs = { compiled: 0, graphqlJs: 0 };
  const compile = (document: DocumentNode, operation: OperationDefinitionNode, operationName: string | undefined): Entry => {
    if (operation.operation !== OperationTypeNode.QUERY || selectsIntrospection(document, operation)) return null;
    try {
      const compiled = compileQuery(schema, document, operationName);
      return isCompiledQuery(compiled) ? compiled : null;
    } catch {
      return null;
    }
  };

  const executor: GatewayExecutor = async (rc) => {
    const { document, operation, context, request } = rc;
    // As Apollo passes it to graphql-js: the request's, not the one resolved (null when unresolved).
    const operationName = request.operationName;
    const viaGraphqlJs = () => (
      runs.graphqlJs++,
      execute({ schema, document, contextValue: context, variableValues: request.variables, operationName }) as Promise<ExecutionResult>
    );
    // No operation resolved (an unknown operationName, several and none named): Apollo leaves it
    // to execute to say so, and graphql-js words it.
    if (!(operation as OperationDefinitionNode | undefined)) return viaGraphqlJs();
    const key = `${rc.queryHash}:${operationName ?? ''}`;
    let cached = cache.get(key);
    if (!cached) {
      const entry = compile(document, operation, operationName);
      const shape = documentShape(document).operations.get(operation);
      cached = { entry, weight: Math.max(1, shape?.selections ?? 1) };
      cache.set(key, cached);
    }
    if (!cached.entry) return viaGraphqlJs();
    const result = await cached.entry.query(undefined, context, request.variables);
    // No `data` at all: the variables were refused before anything ran; graphql-js words it.
    if (!('data' in result)) return viaGraphqlJs();
    runs.compiled++;
    return result.errors ? { ...result, errors: result.errors.map(asGraphqlJsError) } : result;
  };

  const gateway: GatewayInterface = {
    onSchemaLoadOrUpdate: (callback) => {
      loaded = callback;
      return () => {
        loaded = undefined;
      };
    },
    load: async () => {
      loaded?.({ apiSchema: schema, coreSupergraphSdl: '' });
      return { executor };
    },
    stop: async () => {},
  };
  let loaded: Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0] | undefined;

  return {
    gateway,
    /** The compiled operations kept now (tests: it stays within its bounds), and the runs each way. */
    get stats() {
      return { ...cache.stats, runs: { ...runs } };
    },
  };
}

/** Whether the operation asks for the schema itself at its root (through fragments too). */
function selectsIntrospection(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const seen = new Set<string>();
  const visit = (selections: OperationDefinitionNode['selectionSet']['selections']): boolean =>
    selections.some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === '__schema' || s.name.value === '__type';
      if (s.kind === Kind.INLINE_FRAGMENT) return visit(s.selectionSet.selections);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      const fragment = fragments.get(s.name.value);
      return fragment ? visit(fragment.selectionSet.selections) : false;
    });
  return visit(operation.selectionSet.selections);
}

/**
 * graphql-jit's errors are its own kind of GraphQLError, without `extensions` when the thrown
 * error had none: Apollo reads `extensions.code` of every error, and would answer a bare
 * "Internal server error" without the error's `path`, past our formatError (errors.ts). The same
 * error as graphql-js would have made it: message, locations, path, original error, extensions.
 */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  const made = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  // graphql-jit keeps the locations, not the nodes they were computed from.
  if (error.locations) Object.assign(made, { locations: error.locations });
  return made;
}
