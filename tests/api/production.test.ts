import 'reflect-metadata';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Caller, type TestEnv } from '../support/env.js';

/**
 * A server booted with NODE_ENV=production (issue 10, item 14): the schema is described to
 * signed-in users and API keys only; GraphiQL's page is served (it holds no data and works only
 * with the token the user pastes into it).
 */

let prod: TestEnv;
let user: Caller;
let apiKey: Caller;

beforeAll(async () => {
  prod = await createTestEnv({ production: true });
  user = await prod.login('tplaocai.viewer');
  const admin = await prod.login('tplaocai.admin');
  const r = await prod.gql<{ createApiKey: { secret: string } }>(
    `mutation($u: ID!) { createApiKey(input: { unitId: $u, name: "Tích hợp" }) { secret } }`,
    { u: await prod.unitId('080') },
    admin,
  );
  apiKey = { apiKey: r.data!.createApiKey.secret };
});
afterAll(async () => {
  await prod?.stop();
});

const introspection = [
  ['the standard introspection query', getIntrospectionQuery()],
  ['__type', `{ __type(name: "Plan") { fields { name } } }`],
  ['__schema inside a fragment', `{ ...F } fragment F on Query { __schema { types { name } } }`],
  ['__schema beside another field', `{ me { id } __schema { queryType { name } } }`],
] as const;

describe('introspection in production', () => {
  it.each(introspection)(
    '%s: refused to an anonymous caller with 401 INTROSPECTION_REQUIRES_CREDENTIALS, before any SQL',
    async (_n, q) => {
      const body = { query: q };
      const res = await fetch(`${prod.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { data?: unknown; errors: { extensions: Record<string, unknown> }[] };
      expect(res.status).toBe(401);
      expect(json.errors.map((e) => [e.extensions.code, e.extensions.reason])).toEqual([
        ['UNAUTHENTICATED', 'INTROSPECTION_REQUIRES_CREDENTIALS'],
      ]);
      expect(json.data).toBeUndefined();
      expect(res.headers.get('x-sql-count')).toBe('0');
    },
  );

  it('answered to a signed-in user and to an API key', async () => {
    for (const as of [user, apiKey]) {
      const r = await prod.gql(getIntrospectionQuery(), {}, as);
      expect(r.errors).toBeUndefined();
      expect(r.data!.__schema.queryType.name).toBe('Query');
    }
  });

  it('__typename stays open, and the public sign-in works anonymously', async () => {
    expect((await prod.gql(`{ __typename }`)).data).toEqual({ __typename: 'Query' });
    const r = await prod.gql(`mutation { signIn(input: { username: "tplaocai.viewer", password: "KeHoach@2026" }) { token } }`);
    expect(r.errors).toBeUndefined();
  });

  it("GraphiQL's page and assets are served; without a token its schema request is refused", async () => {
    const page = await fetch(`${prod.url}/graphiql`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('/graphiql/assets/graphiql.js');
    expect((await fetch(`${prod.url}/graphiql/assets/graphiql.js`)).status).toBe(200);
    // What GraphiQL sends on load, with its preflight header and no Authorization.
    const res = await fetch(`${prod.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
      body: JSON.stringify({ query: getIntrospectionQuery(), operationName: 'IntrospectionQuery' }),
    });
    expect(res.status).toBe(401);
  });
});

describe('introspection in development', () => {
  let dev: TestEnv;
  beforeAll(async () => {
    dev = await createTestEnv();
  });
  afterAll(async () => {
    await dev?.stop();
  });

  it('is answered to anonymous callers (local tools, code generation)', async () => {
    const r = await dev.gql(getIntrospectionQuery());
    expect(r.errors).toBeUndefined();
    expect(r.status).toBe(200);
  });
});
