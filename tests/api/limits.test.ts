import 'reflect-metadata';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from '../support/api-helpers.js';
import { createTestEnv, type Caller, type GqlResult, type TestEnv } from '../support/env.js';

/** Request limits (docs/DESIGN.md §7, docs/ARCHITECTURE.md "Request limits"): depth, page-weighted cost, aliases, tokens, no suggestions, CSRF, masking. */

let env: TestEnv;
let national: Caller;
let admin: Caller;
let tplaocai: number;

beforeAll(async () => {
  env = await createTestEnv();
  national = await env.login('quocgia.viewer');
  admin = await env.login('tplaocai.admin');
  tplaocai = await env.unitId('080');
});
afterAll(async () => {
  await env?.stop();
});

function expectRejected(r: GqlResult, reason?: string) {
  expect(
    r.errors?.map((e) => e.extensions?.code),
    JSON.stringify(r.errors),
  ).toEqual(['BAD_USER_INPUT']);
  if (reason) expect(r.errors![0].extensions?.reason).toBe(reason);
  expect(r.data).toBeNull();
}

/** `parent { parent { … { id } } }`, n levels. */
const nest = (field: string, n: number, leaf = 'id'): string => (n === 0 ? leaf : `${field} { ${nest(field, n - 1, leaf)} }`);
const childrenNest = (n: number, first: number | null): string =>
  n === 0 ? 'id' : `children${first === null ? '' : `(first: ${first})`} { nodes { ${childrenNest(n - 1, first)} } }`;

describe('depth', () => {
  it('a query nested 40 levels deep through parent is rejected before execution', async () => {
    const q = `{ units(first: 1) { nodes { ${nest('parent', 38)} } } }`;
    // Anonymous: validation runs before any resolver, so the answer is the limit, not UNAUTHENTICATED.
    const anon = await env.gql(q);
    expectRejected(anon, 'DEPTH_LIMIT');
    expect(anon.sqlCount).toBe(0);
    // Signed in: no SQL beyond the credential check.
    const signedIn = await env.gql(q, {}, national);
    expectRejected(signedIn, 'DEPTH_LIMIT');
    const baseline = await env.gql(`{ __typename }`, {}, national);
    expect(signedIn.sqlCount).toBe(baseline.sqlCount);
  });

  it('a query nested 40 levels deep through children is rejected', async () => {
    const id = await env.unitId('VN');
    expectRejected(await env.gql(`query($id: ID!) { unit(id: $id) { ${childrenNest(19, 1)} } }`, { id }, national), 'DEPTH_LIMIT');
  });

  it('depth hidden in fragments and inline fragments counts too', async () => {
    const frags = Array.from(
      { length: 20 },
      (_, i) => `fragment F${i} on AdminUnit { parent { ${i === 19 ? 'id' : `...F${i + 1}`} } }`,
    ).join('\n');
    expectRejected(await env.gql(`{ units(first: 1) { nodes { ...F0 } } }\n${frags}`, {}, national), 'DEPTH_LIMIT');
    const inline = `{ units(first: 1) { nodes { ${'... on AdminUnit { parent { '.repeat(20)}id${' } }'.repeat(20)} } } }`;
    const r = await env.gql(inline, {}, national);
    expectRejected(r, 'DEPTH_LIMIT');
  });

  it('a cyclic fragment is refused, not followed', async () => {
    const r = await env.gql(
      `{ units(first: 1) { nodes { ...A } } } fragment A on AdminUnit { parent { ...B } } fragment B on AdminUnit { parent { ...A } }`,
      {},
      national,
    );
    expectRejected(r);
  });

  it('the deepest legal query (12 levels) is answered', async () => {
    // units(1) nodes(2) parent×9 (11) id(12)
    const r = await env.gql(`{ units(first: 1, filter: { level: COMMUNE }) { nodes { ${nest('parent', 9)} } } }`, {}, national);
    expect(r.errors).toBeUndefined();
    const r13 = await env.gql(`{ units(first: 1, filter: { level: COMMUNE }) { nodes { ${nest('parent', 10)} } } }`, {}, national);
    expectRejected(r13, 'DEPTH_LIMIT');
  });

  it('introspection: the standard query integrators use is answered, a fields-in-fields bomb is not', async () => {
    const std = await env.gql(getIntrospectionQuery(), {}, national);
    expect(std.errors).toBeUndefined();
    expect(std.data!.__schema.queryType.name).toBe('Query');
    const bomb = `{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }`;
    expectRejected(await env.gql(bomb, {}, national));
  });
});

describe('page-weighted cost', () => {
  it('5 levels of children(first: 100) are rejected by the cost limit, before any SQL', async () => {
    const id = await env.unitId('VN');
    const q = `query($id: ID!) { unit(id: $id) { ${childrenNest(5, 100)} } }`;
    const r = await env.gql(q, { id });
    expectRejected(r, 'COST_LIMIT');
    expect(r.sqlCount).toBe(0);
    expect(r.errors![0].extensions?.cost as number).toBeGreaterThan(r.errors![0].extensions?.maxCost as number);
  });

  it('the same with the default page size (no first) and with first in a variable', async () => {
    const id = await env.unitId('VN');
    expectRejected(await env.gql(`query($id: ID!) { unit(id: $id) { ${childrenNest(5, null)} } }`, { id }, national), 'COST_LIMIT');
    const viaVar = `query($id: ID!, $n: Int) { unit(id: $id) { ${childrenNest(4, 0).replace(/children\(first: 0\)/g, 'children(first: $n)')} } }`;
    expectRejected(await env.gql(viaVar, { id, n: 100 }, national), 'COST_LIMIT');
    // The same document with a small page is fine: the cost follows the variables.
    const small = await env.gql(viaVar, { id, n: 2 }, national);
    expect(small.errors).toBeUndefined();
  });

  it('the cost is remembered per document and per value of the variables it depends on: a small page answered first does not let a large one through', async () => {
    const id = await env.unitId('VN');
    // A text of its own, so that no earlier test has its cost remembered.
    const viaVar = `query Pages($id: ID!, $n: Int) { unit(id: $id) { ${childrenNest(4, 0).replace(/children\(first: 0\)/g, 'children(first: $n)')} } }
      query Deep($id: ID!, $deep: Boolean!) { unit(id: $id) { id ... @include(if: $deep) { ${childrenNest(5, 100)} } } }`;
    const run = (operationName: string, variables: Record<string, unknown>) =>
      fetch(`${env.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${national.token}` },
        body: JSON.stringify({ query: viaVar, operationName, variables: { id, ...variables } }),
      }).then(async (res) => ({
        status: res.status,
        ...((await res.json()) as { data?: unknown; errors?: { extensions?: { reason?: string } }[] }),
      }));
    expect((await run('Pages', { n: 2 })).errors).toBeUndefined();
    expect((await run('Pages', { n: 100 })).errors?.[0].extensions?.reason).toBe('COST_LIMIT');
    expect((await run('Pages', { n: 2 })).errors).toBeUndefined();
    expect((await run('Deep', { deep: false })).errors).toBeUndefined();
    expect((await run('Deep', { deep: true })).errors?.[0].extensions?.reason).toBe('COST_LIMIT');
  });

  it('two nested pages of 100 under a page of 100 are rejected; aliases do not dodge it', async () => {
    expectRejected(
      await env.gql(
        `{ units(first: 100) { nodes { children(first: 100) { nodes { children(first: 100) { nodes { id } } } } } } }`,
        {},
        national,
      ),
      'COST_LIMIT',
    );
    const aliased = Array.from(
      { length: 10 },
      (_, i) => `a${i}: units(first: 100) { nodes { children(first: 100) { nodes { id name code } } } }`,
    ).join(' ');
    expectRejected(await env.gql(`{ ${aliased} }`, {}, national), 'COST_LIMIT');
  });

  it('a normal page is accepted: a page of 100 units, and 20 units with 20 children each', async () => {
    const r = await env.gql(`{ units(first: 100) { nodes { id code name parent { name } } totalCount } }`, {}, national);
    expect(r.errors).toBeUndefined();
    expect(r.data!.units.nodes).toHaveLength(100);
    const nested = await env.gql(
      `{ units(first: 20, filter: { level: DISTRICT }) { nodes { name children(first: 20) { nodes { name } totalCount } } } }`,
      {},
      national,
    );
    expect(nested.errors).toBeUndefined();
    expect(nested.data!.units.nodes).toHaveLength(20);
  });
});

describe('aliases and tokens', () => {
  const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { username }`).join(' ')} }`;

  it('31 aliases are rejected, 30 are answered', async () => {
    expectRejected(await env.gql(aliases(31), {}, national), 'ALIAS_LIMIT');
    const ok = await env.gql(aliases(30), {}, national);
    expect(ok.errors).toBeUndefined();
    expect(Object.keys(ok.data!)).toHaveLength(30);
  });

  it('31 aliased sign-in attempts are rejected before any password is checked', async () => {
    const q = `mutation { ${Array.from({ length: 31 }, (_, i) => `s${i}: signIn(input: { username: "tplaocai.admin", password: "guess-${i}" }) { token }`).join(' ')} }`;
    const r = await env.gql(q);
    expectRejected(r, 'ALIAS_LIMIT');
    expect(r.sqlCount).toBe(0);
  });

  it('a document of more than 8000 tokens is rejected at parse time', async () => {
    const q = `{ me { ${Array.from({ length: 9000 }, () => 'username').join(' ')} } }`;
    const r = await env.gql(q, {}, national);
    expectRejected(r);
  });
});

describe('no field suggestions', () => {
  it.each([
    ['a misspelled root field', `{ untis(first: 1) { totalCount } }`],
    ['a misspelled field', `{ units(first: 1) { nodez { id } } }`],
    ['a misspelled argument', `{ units(frist: 1) { totalCount } }`],
    ['a misspelled enum value', `{ units(filter: { level: COMMUNEE }) { totalCount } }`],
    ['a misspelled input field', `{ units(filter: { serach: "lao" }) { totalCount } }`],
    ['a misspelled type', `query($f: UnitFiltr) { units(filter: $f) { totalCount } }`],
    ['a misspelled mutation', `mutation { craeteAgency(input: {}) { agency { id } } }`],
  ])('%s: BAD_USER_INPUT without "Did you mean"', async (_label, q) => {
    const r = await env.gql(q, {}, national);
    expect(r.errors?.length).toBeGreaterThan(0);
    for (const e of r.errors!) {
      expect(e.extensions?.code).toBe('BAD_USER_INPUT');
      expect(e.message).not.toMatch(/did you mean/i);
    }
  });

  it('a misspelled enum value in variables: no suggestion either', async () => {
    const r = await env.gql(`query($l: UnitLevel) { units(filter: { level: $l }) { totalCount } }`, { l: 'COMMUNEE' }, national);
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].message).not.toMatch(/did you mean/i);
  });
});

describe('CSRF and transport', () => {
  const createAgencyQuery = (name: string) =>
    `mutation { createAgency(input: { unitId: "${tplaocai}", name: "${name}", sector: "OTHER" }) { agency { id } } }`;

  async function send(init: RequestInit & { path?: string }) {
    const res = await fetch(`${env.url}${init.path ?? '/graphql'}`, init);
    const text = await res.text();
    return { status: res.status, text };
  }

  it('a mutation sent by GET is refused and writes nothing (with or without the preflight header)', async () => {
    const before = await tableCounts(env.db);
    const qs = `?query=${encodeURIComponent(createAgencyQuery('Qua GET'))}`;
    const plain = await send({ method: 'GET', path: `/graphql${qs}`, headers: { authorization: `Bearer ${admin.token}` } });
    expect(plain.status).toBeGreaterThanOrEqual(400);
    const preflighted = await send({
      method: 'GET',
      path: `/graphql${qs}`,
      headers: { authorization: `Bearer ${admin.token}`, 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBeGreaterThanOrEqual(400);
    expect(await tableCounts(env.db)).toEqual(before);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', null])(
    'a POST with content-type %s is refused (CSRF) and writes nothing',
    async (type) => {
      const before = await tableCounts(env.db);
      const headers: Record<string, string> = { authorization: `Bearer ${admin.token}` };
      if (type) headers['content-type'] = type;
      const r = await send({ method: 'POST', headers, body: JSON.stringify({ query: createAgencyQuery('Qua form') }) });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(await tableCounts(env.db)).toEqual(before);
    },
  );

  it('a control: the same mutation as application/json succeeds', async () => {
    const r = await env.gql(createAgencyQuery('Qua JSON'), {}, admin);
    expect(r.errors).toBeUndefined();
  });

  it('a GET query with the preflight header is answered (integrators may read by GET)', async () => {
    const r = await send({
      method: 'GET',
      path: `/graphql?query=${encodeURIComponent('{ me { username } }')}`,
      headers: { authorization: `Bearer ${national.token}`, 'apollo-require-preflight': 'true' },
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text).data.me.username).toBe('quocgia.viewer');
  });

  it('batched requests are refused', async () => {
    const before = await tableCounts(env.db);
    const r = await send({
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify([{ query: createAgencyQuery('Lô 1') }, { query: createAgencyQuery('Lô 2') }]),
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(await tableCounts(env.db)).toEqual(before);
  });
});

describe('errors never leak SQL, stack traces or paths', () => {
  const LEAK =
    /select |insert |update |from |postgres|driver|exception|\bat [^ ]+ \(|\.ts\b|\.js\b|node_modules|\/work\/|syntax error at|relation "|column "|constraint/i;
  const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

  it.each([
    ['a unit id beyond PostgreSQL integers', `query($id: ID!) { unit(id: $id) { id } }`, () => ({ id: '9999999999' }), 'BAD_USER_INPUT'],
    [
      'a unitId beyond PostgreSQL integers in a write',
      `mutation($u: ID!) { createAgency(input: { unitId: $u, name: "x", sector: "OTHER" }) { agency { id } } }`,
      () => ({ u: '9999999999' }),
      'BAD_USER_INPUT',
    ],
    [
      'a NUL byte in a sign-in name',
      `mutation($u: String!) { signIn(input: { username: $u, password: "whatever-123" }) { token } }`,
      () => ({ u: 'tplaocai.admin\u0000' }),
      'UNAUTHENTICATED',
    ],
    [
      'a forged apiKeys cursor (text where a timestamp is)',
      `query($u: ID!, $a: String) { apiKeys(unitId: $u, first: 2, after: $a) { totalCount } }`,
      () => ({ u: tplaocai, a: cursor(['garbage', 'x']) }),
      'BAD_USER_INPUT',
    ],
    [
      'a forged agencies cursor (numbers where text is)',
      `query($u: ID!, $a: String) { agencies(unitId: $u, first: 2, after: $a) { totalCount } }`,
      () => ({ u: tplaocai, a: cursor([1, 2]) }),
      'BAD_USER_INPUT',
    ],
    [
      'a forged users cursor (a number where a name is)',
      `query($u: ID!, $a: String) { users(unitId: $u, first: 2, after: $a) { totalCount } }`,
      () => ({ u: tplaocai, a: cursor([12]) }),
      'BAD_USER_INPUT',
    ],
    [
      'a forged units cursor (text where an id is)',
      `query($a: String) { units(first: 2, after: $a) { totalCount } }`,
      () => ({ a: cursor(['10', 'abc']) }),
      'BAD_USER_INPUT',
    ],
    [
      'SQL in a search',
      `query($s: String) { units(filter: { search: $s }) { totalCount } }`,
      () => ({ s: "'; drop table admin_unit; --" }),
      null,
    ],
    [
      'a NUL byte in a search',
      `query($s: String) { units(filter: { search: $s }) { totalCount } }`,
      () => ({ s: 'lao\u0000cai' }),
      'BAD_USER_INPUT',
    ],
    ['a malformed query', `{ units(first: 1) { nodes { id } `, () => ({}), 'BAD_USER_INPUT'],
  ] as const)('%s', async (_label, q, vars, code) => {
    const asAdmin = q.includes('apiKeys') || q.includes('users') || q.includes('createAgency') || q.includes('agencies');
    const r = await env.gql(q, vars(), q.includes('signIn') ? undefined : asAdmin ? admin : national);
    const text = JSON.stringify(r.errors ?? []);
    expect(text).not.toMatch(LEAK);
    for (const e of r.errors ?? []) expect(Object.keys(e.extensions ?? {})).not.toContain('stacktrace');
    if (code === null) {
      expect(r.errors).toBeUndefined();
    } else {
      expect(r.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    }
    // The tables are all still there.
    expect((await tableCounts(env.db)).units).toBeGreaterThan(1000);
  });

  it('a database failure inside a request is masked as INTERNAL_SERVER_ERROR with nothing from the database', async () => {
    // Break the database under the server for one statement: a column the agency list reads disappears.
    await env.db.query(`alter table agency rename column disabled_at to disabled_at_hidden`);
    const prev = process.env.KEHOACH_LOG_ERRORS;
    process.env.KEHOACH_LOG_ERRORS = '0';
    try {
      const r = await env.gql(`query($u: ID!) { agencies(unitId: $u) { totalCount } }`, { u: tplaocai }, national);
      expect(r.errors).toEqual([{ message: 'Internal server error', path: ['agencies'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      expect(JSON.stringify(r)).not.toMatch(LEAK);
    } finally {
      process.env.KEHOACH_LOG_ERRORS = prev;
      await env.db.query(`alter table agency rename column disabled_at_hidden to disabled_at`);
    }
  });
});
