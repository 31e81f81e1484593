import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/env.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env?.stop();
});

const LIST = `query($first: Int!, $f: UnitFilter) { units(first: $first, filter: $f) { nodes { id name
  children(first: 3) { totalCount pageInfo { hasNextPage endCursor } nodes { id code name } } } } }`;

describe('children of many units at once', () => {
  it('costs the same statements for 2 or 12 parents, and gives what each parent alone gives', async () => {
    const as = await env.login('quocgia.viewer');
    const few = await env.gql(LIST, { first: 2, f: { level: 'DISTRICT' } }, as);
    const many = await env.gql(LIST, { first: 12, f: { level: 'DISTRICT' } }, as);
    expect(many.errors).toBeUndefined();
    expect(many.sqlCount).toBe(few.sqlCount);
    for (const u of many.data!.units.nodes) {
      const alone = await env.gql(
        `query($id: ID!) { unit(id: $id) { children(first: 3) { totalCount pageInfo { hasNextPage endCursor } nodes { id code name } } } }`,
        { id: u.id },
        as,
      );
      expect(u.children).toEqual(alone.data!.unit.children);
    }
    // The cursor of a batched first page leads to the right second page.
    const first = many.data!.units.nodes[0];
    const next = await env.gql(
      `query($id: ID!, $after: String) { unit(id: $id) { children(first: 3, after: $after) { nodes { code } } } }`,
      { id: first.id, after: first.children.pageInfo.endCursor },
      as,
    );
    const all = await env.gql(`query($id: ID!) { unit(id: $id) { children(first: 6) { nodes { code } } } }`, { id: first.id }, as);
    expect(next.data!.unit.children.nodes).toEqual(all.data!.unit.children.nodes.slice(3, 6));
  });

  it('batches the agencies of many units the same way', async () => {
    const as = await env.login('quocgia.viewer');
    const q = `query($first: Int!) { units(first: $first, filter: { level: DISTRICT }) { nodes { id agencies(first: 3) { totalCount pageInfo { hasNextPage endCursor } nodes { id name sector } } } } }`;
    const few = await env.gql(q, { first: 2 }, as);
    const many = await env.gql(q, { first: 40 }, as);
    expect(many.errors).toBeUndefined();
    expect(many.sqlCount).toBe(few.sqlCount);
    const withAgencies = many.data!.units.nodes.filter((u: any) => u.agencies.totalCount > 0);
    expect(withAgencies.length).toBeGreaterThan(1);
    for (const u of withAgencies) {
      const alone = await env.gql(
        `query($id: ID!) { agencies(unitId: $id, first: 3) { totalCount pageInfo { hasNextPage endCursor } nodes { id name sector } } }`,
        { id: u.id },
        as,
      );
      expect(u.agencies).toEqual(alone.data!.agencies);
    }
  });

  it('hides siblings in batched pages too', async () => {
    const as = await env.login('tplaocai.viewer');
    const r = await env.gql(
      `{ units(first: 10, filter: { level: PROVINCE }) { nodes { name children(first: 50) { totalCount nodes { name } } } } }`,
      {},
      as,
    );
    const laoCai = r.data!.units.nodes.find((u: any) => u.name === 'Tỉnh Lào Cai');
    expect(laoCai.children.nodes.map((c: any) => c.name)).toEqual(['Thành phố Lào Cai']);
    expect(laoCai.children.totalCount).toBe(1);
  });
});
