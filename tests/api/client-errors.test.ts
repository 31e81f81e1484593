import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from '../support/api-helpers.js';
import { createTestEnv, type Caller, type TestEnv } from '../support/env.js';

/**
 * A client's mistake is never a 500 (issue 10, item 9). One status table (api/src/core/errors.ts
 * HTTP_STATUS) serves GraphQL and the plain routes: a GraphQL response without data takes the
 * status of its first error's code; express's own failures (malformed or oversized bodies) are
 * JSON too — GraphQL-shaped on /graphql, `{ code, message }` elsewhere.
 */

let env: TestEnv;
let viewer: Caller;
let admin: Caller;
let unitId: number;

beforeAll(async () => {
  env = await createTestEnv();
  viewer = await env.login('tplaocai.viewer');
  admin = await env.login('tplaocai.admin');
  unitId = await env.unitId('080');
});
afterAll(async () => {
  await env?.stop();
});

interface Case {
  name: string;
  /** 'graphql': the body is GraphQL-shaped; 'plain': `{ code, message }`. */
  shape?: 'graphql' | 'plain';
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** A GraphQL request (JSON-encoded), or a raw body. */
  gql?: { query: string; variables?: Record<string, unknown>; operationName?: string };
  body?: string;
  as?: () => Caller | undefined;
  status: number;
  code: string;
  reason?: string;
}

const dateQuery = `query($d: LocalDate) { units(first: 1, filter: { validOn: $d }) { totalCount } }`;
const fanOut = (n: number) =>
  `{ ...F0 } ${Array.from({ length: n }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ')} fragment F${n} on Query { __typename }`;

const CASES: Case[] = [
  // Refused before execution.
  {
    name: 'the cost limit',
    gql: { query: `{ units(first: 100) { nodes { children(first: 100) { nodes { children(first: 100) { nodes { id } } } } } } }` },
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'COST_LIMIT',
  },
  {
    name: 'the depth limit',
    gql: { query: `{ me { unit { ${'parent { '.repeat(14)}id${' }'.repeat(14)} } } }` },
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'DEPTH_LIMIT',
  },
  {
    name: 'the node-count refusal (fragments expanding to 2^16 fields; was "maximum allowed number of nodes", 500)',
    gql: { query: fanOut(16) },
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'SELECTION_LIMIT',
  },
  {
    name: 'the alias limit',
    gql: { query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: me { id }`).join(' ')} }` },
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'ALIAS_LIMIT',
  },
  ...['2025-13-01', '2025-02-30', '2025-2-3', '30/06/2025', 'hôm nay', '', 20250630, true].map(
    (d): Case => ({
      name: `a bad date in variables: ${JSON.stringify(d)}`,
      gql: { query: dateQuery, variables: { d } },
      status: 400,
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_VARIABLES',
    }),
  ),
  {
    name: 'a bad date inline',
    gql: { query: `{ units(first: 1, filter: { validOn: "2025-02-30" }) { totalCount } }` },
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a bad date deep in an input object',
    gql: {
      query: `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { id } } }`,
      variables: { i: { planId: '00000000-0000-0000-0000-000000000000', version: 1, issuedDate: '2025-13-45' } },
    },
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_VARIABLES',
  },
  {
    name: 'a bad enum value in variables',
    gql: { query: `query($l: UnitLevel) { units(first: 1, filter: { level: $l }) { totalCount } }`, variables: { l: 'TINH' } },
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_VARIABLES',
  },
  {
    name: 'a bad enum value inline',
    gql: { query: `{ units(first: 1, filter: { level: TINH }) { totalCount } }` },
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  ...(['abc', 1.5, 2 ** 40] as const).map(
    (n): Case => ({
      name: `a bad Int in variables: ${n}`,
      gql: { query: `query($n: Int) { units(first: $n) { totalCount } }`, variables: { n } },
      status: 400,
      code: 'BAD_USER_INPUT',
      reason: 'INVALID_VARIABLES',
    }),
  ),
  {
    name: 'a bad Int inline',
    gql: { query: `{ units(first: "ten") { totalCount } }` },
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a missing required variable',
    gql: { query: `query($id: ID!) { unit(id: $id) { id } }` },
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_VARIABLES',
  },
  {
    name: 'an object where an ID is expected',
    gql: { query: `query($id: ID!) { unit(id: $id) { id } }`, variables: { id: { x: 1 } } },
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_VARIABLES',
  },
  { name: 'a parse error', gql: { query: `{ me { id ` }, status: 400, code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED' },
  { name: 'an unknown field', gql: { query: `{ mee { id } }` }, status: 400, code: 'BAD_USER_INPUT', reason: 'GRAPHQL_VALIDATION_FAILED' },
  {
    name: 'an unknown operationName (was 500)',
    gql: { query: `{ me { id } }`, operationName: 'Nope' },
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'OPERATION_RESOLUTION_FAILURE',
  },
  {
    name: 'two operations and no operationName',
    gql: { query: `query A { me { id } } query B { me { id } }` },
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  { name: 'a query that is not a string', body: JSON.stringify({ query: 5 }), status: 400, code: 'BAD_USER_INPUT' },
  {
    name: 'variables that are not an object',
    body: JSON.stringify({ query: '{ me { id } }', variables: 5 }),
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  { name: 'a batch (an array of operations)', body: JSON.stringify([{ query: '{ me { id } }' }]), status: 400, code: 'BAD_USER_INPUT' },
  // Refused during execution, with no data: the status of the code.
  { name: 'an ID that is not a unit id', gql: { query: `{ unit(id: "abc") { id } }` }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a unit id beyond integers', gql: { query: `{ unit(id: "99999999999") { id } }` }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a plan id that is not a uuid', gql: { query: `{ plan(id: "abc") { id } }` }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a page larger than 100', gql: { query: `{ units(first: 1000) { totalCount } }` }, status: 400, code: 'BAD_USER_INPUT' },
  { name: 'a forged cursor', gql: { query: `{ units(first: 1, after: "%%%") { totalCount } }` }, status: 400, code: 'BAD_USER_INPUT' },
  {
    name: 'a write by a viewer',
    gql: {
      query: `mutation($u: ID!) { createAgency(input: { unitId: $u, name: "X", sector: "OTHER" }) { agency { id } } }`,
      variables: { u: 'UNIT' },
    },
    status: 403,
    code: 'FORBIDDEN',
  },
  { name: 'no credentials', gql: { query: `{ me { id } }` }, as: () => undefined, status: 401, code: 'UNAUTHENTICATED' },
  {
    name: 'a forged token',
    gql: { query: `{ me { id } }` },
    as: () => ({ token: 'abc.def.ghi' }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  // Transport: express and Apollo.
  {
    name: 'a malformed JSON body',
    body: '{"query": "{ me { id } }"',
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'MALFORMED_BODY',
  },
  {
    name: 'a body of an unsupported charset',
    headers: { 'content-type': 'application/json; charset=latin1' },
    body: JSON.stringify({ query: '{ me { id } }' }),
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'MALFORMED_BODY',
  },
  {
    name: 'a body over 12 MB (413, JSON)',
    body: JSON.stringify({ query: '{ me { id } }', variables: { x: 'a'.repeat(13 * 1024 * 1024) } }),
    status: 413,
    code: 'BAD_USER_INPUT',
    reason: 'BODY_TOO_LARGE',
  },
  {
    name: 'a text/plain POST (CSRF)',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ query: '{ me { id } }' }),
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  { name: 'a POST without content-type', headers: { 'content-type': '' }, body: '{}', status: 400, code: 'BAD_USER_INPUT' },
  {
    name: 'a GET with a query string and no preflight header (CSRF)',
    method: 'GET',
    path: `/graphql?query=${encodeURIComponent('{ me { id } }')}`,
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a GET mutation (405)',
    method: 'GET',
    path: `/graphql?query=${encodeURIComponent('mutation { changePassword(input: { currentPassword: "a", newPassword: "b" }) }')}`,
    headers: { 'apollo-require-preflight': 'true' },
    status: 405,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a GET with variables that are not JSON',
    method: 'GET',
    path: `/graphql?query=${encodeURIComponent('{ me { id } }')}&variables=%7Bx`,
    headers: { 'apollo-require-preflight': 'true' },
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a GET with a bad date in its variables',
    method: 'GET',
    path: `/graphql?query=${encodeURIComponent(dateQuery)}&variables=${encodeURIComponent('{"d":"2025-13-01"}')}`,
    headers: { 'apollo-require-preflight': 'true' },
    status: 400,
    code: 'BAD_USER_INPUT',
    reason: 'INVALID_VARIABLES',
  },
  { name: 'a PUT (405)', method: 'PUT', body: JSON.stringify({ query: '{ me { id } }' }), status: 405, code: 'BAD_USER_INPUT' },
  // Plain routes: the same table.
  {
    name: 'export: a plan id that is not a uuid',
    shape: 'plain',
    method: 'GET',
    path: '/api/plans/abc/export.docx',
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'report export: a report id that is not a uuid',
    shape: 'plain',
    method: 'GET',
    path: '/api/reports/abc/export.pdf',
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'report export: no credentials',
    shape: 'plain',
    method: 'GET',
    path: '/api/reports/00000000-0000-4000-8000-000000000000/export.docx',
    as: () => undefined,
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'stream: a unit id that is not one',
    shape: 'plain',
    method: 'GET',
    path: '/api/export/plans.ndjson?unitId=abc',
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'stream: an unknown status',
    shape: 'plain',
    method: 'GET',
    path: '/api/export/plans.ndjson?unitId=UNIT&status=DRAFT',
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'stream: no credentials',
    shape: 'plain',
    method: 'GET',
    path: '/api/export/plans.ndjson?unitId=UNIT',
    as: () => undefined,
    status: 401,
    code: 'UNAUTHENTICATED',
  },
];

describe('client errors answer 4xx with their code, as JSON', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = await tableCounts(env.db);
    const as = c.as ? c.as() : c.name.includes('viewer') ? viewer : admin;
    const method = c.method ?? 'POST';
    // A GET carries no content-type (with application/json a browser would have to preflight it).
    const headers: Record<string, string> = { ...(method === 'GET' ? {} : { 'content-type': 'application/json' }), ...(c.headers ?? {}) };
    if (headers['content-type'] === '') delete headers['content-type'];
    if (as?.token) headers.authorization = `Bearer ${as.token}`;
    const withUnit = (s: string) => s.replaceAll('UNIT', String(unitId));
    const body = c.gql
      ? withUnit(JSON.stringify({ ...c.gql, variables: c.gql.variables }))
      : c.body !== undefined && method !== 'GET'
        ? c.body
        : undefined;
    const res = await fetch(`${env.url}${withUnit(c.path ?? '/graphql')}`, { method, headers, body });
    const text = await res.text();
    expect(res.headers.get('content-type') ?? '', text.slice(0, 200)).toMatch(/^application\/(json|graphql-response\+json)/);
    const json = JSON.parse(text) as { errors?: { extensions?: Record<string, unknown> }[]; code?: string; reason?: string };
    const got =
      (c.shape ?? 'graphql') === 'graphql'
        ? { status: res.status, code: json.errors?.[0]?.extensions?.code, reason: json.errors?.[0]?.extensions?.reason }
        : { status: res.status, code: json.code, reason: json.reason };
    expect(got, text.slice(0, 300)).toMatchObject({ status: c.status, code: c.code, ...(c.reason ? { reason: c.reason } : {}) });
    expect(text).not.toMatch(/<html|<pre>|\bat [^ ]+ \(|node_modules/i);
    expect(await tableCounts(env.db)).toEqual(before);
  });
});
