import { GraphQLError, buildSchema, parse, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compiledExecution } from './compiled-execution.js';

const schema: GraphQLSchema = buildSchema(`
  type Query { a: Int!, b: String, thrown: Int, item(id: Int!): Item, items: [Item!]! }
  type Item { id: Int!, name: String! }
  type Mutation { bump: Int! }
`);
let bumps = 0;
const calls: string[] = [];
const root = {
  Query: {
    a: () => (calls.push('a'), 1),
    b: () => 'b',
    thrown: () => {
      throw new Error('database down');
    },
    item: (_: unknown, { id }: { id: number }) => (id === 0 ? null : { id, name: id === 2 ? null : `item ${id}` }),
    items: () => [{ id: 1, name: 'one' }],
  },
};
for (const [name, resolve] of Object.entries(root.Query)) schema.getQueryType()!.getFields()[name].resolve = resolve;
schema.getMutationType()!.getFields().bump.resolve = () => ++bumps;

async function run(ex: ReturnType<typeof compiledExecution>, query: string, variables?: Record<string, unknown>, operationName?: string) {
  const { executor } = await ex.gateway.load({ apollo: {} });
  const document: DocumentNode = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && (!operationName || d.name?.value === operationName),
  );
  // Only what the executor reads of Apollo's request context.
  return executor!({ document, operation, queryHash: query, context: {}, request: { variables, operationName } } as never);
}

describe('compiled execution', () => {
  it('runs a query compiled, with graphql-js’s answer: values, null propagation, error paths', async () => {
    const ex = compiledExecution(schema, { compiledCacheEntries: 10, compiledCacheSelections: 1000 });
    const r = await run(ex, '{ a b items { id name } broken: item(id: 2) { id name } absent: item(id: 0) { id } }');
    expect(r.data).toEqual({ a: 1, b: 'b', items: [{ id: 1, name: 'one' }], broken: null, absent: null });
    expect(r.errors?.map((e) => [e.message, e.path])).toEqual([
      ['Cannot return null for non-nullable field Item.name.', ['broken', 'name']],
    ]);
    expect(ex.stats).toMatchObject({ entries: 1, runs: { compiled: 1, graphqlJs: 0 } });
  });

  it('returns graphql-js errors, with their extensions object, locations, path and original error', async () => {
    const ex = compiledExecution(schema, { compiledCacheEntries: 10, compiledCacheSelections: 1000 });
    const [error] = (await run(ex, '{ thrown }')).errors!;
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.toJSON()).toEqual({ message: 'database down', locations: [{ line: 1, column: 3 }], path: ['thrown'] });
    expect(error.extensions).toEqual({});
    expect(error.originalError?.message).toBe('database down');
    expect(ex.stats.runs.compiled).toBe(1);
  });

  it('leaves mutations to graphql-js, and refused variables to graphql-js’s wording', async () => {
    const ex = compiledExecution(schema, { compiledCacheEntries: 10, compiledCacheSelections: 1000 });
    expect((await run(ex, 'mutation { bump }')).data).toEqual({ bump: 1 });
    const bad = await run(ex, 'query Q($id: Int!) { item(id: $id) { id } }', { id: 'x' });
    expect(bad.data).toBeUndefined();
    expect(bad.errors?.[0].message).toMatch(/^Variable "\$id" got invalid value "x"; Int cannot represent non-integer value: "x"/);
    expect(ex.stats.runs).toEqual({ compiled: 0, graphqlJs: 2 });
    expect((await run(ex, 'query Q($id: Int!) { item(id: $id) { id } }', { id: 1 })).data).toEqual({ item: { id: 1 } });
    expect(ex.stats.runs).toEqual({ compiled: 1, graphqlJs: 2 });
  });

  it('keeps compiled queries within its bounds, however many distinct documents arrive, and the latest ones', async () => {
    const ex = compiledExecution(schema, { compiledCacheEntries: 50, compiledCacheSelections: 120 });
    for (let i = 0; i < 300; i++) await run(ex, `{ a b items { id name } } # ${i}`); // 5 selections each
    expect(ex.stats.entries).toBeLessThanOrEqual(50);
    expect(ex.stats.weight).toBeLessThanOrEqual(120);
    expect(ex.stats.weight).toBeGreaterThan(110); // the weight bound held it, not something else
    const before = calls.length;
    await run(ex, `{ a b items { id name } } # 299`);
    expect(calls.length).toBe(before + 1);
    expect(ex.stats.entries).toBe(24);
  });
});
