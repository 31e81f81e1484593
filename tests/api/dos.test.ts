import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  Kind,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  parse,
  print,
  typeFromAST,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../api/src/config.js';
import { LIMITS, coerceVariables, documentShape, operationCost } from '../../api/src/core/graphql/limits.js';
import { listBoundOf } from '../../api/src/core/graphql/list-bounds.js';
import { MAX_PAGE } from '../../api/src/core/graphql/pagination.js';
import { createSchema } from '../../api/src/app.js';
import { createTokenSigner } from '../../api/src/modules/auth/tokens.js';
import { PLAN_LIMITS } from '../../api/src/modules/plans/plan-limits.js';
import { createTestEnv, type Caller, type GqlResult, type TestEnv } from '../support/env.js';
import { addTypenameToDocument } from '@apollo/client/utilities';

/**
 * Denial of service through one request (issue 10, items 1 and 2; docs/ARCHITECTURE.md "Request
 * limits"): fragment fan-out, lists weighed by their declared bounds, the response fence, and the
 * plan limits that make those bounds true.
 */

let env: TestEnv;
let schema: GraphQLSchema;
let editor: Caller;
let viewer: Caller;

beforeAll(async () => {
  env = await createTestEnv();
  schema = await createSchema({ signer: createTokenSigner('x'.repeat(40), 60) });
  editor = await env.login('tplaocai.editor');
  viewer = await env.login('quocgia.viewer');
});
afterAll(async () => {
  await env?.stop();
});

const post = (url: string, query: string, as?: Caller) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(as?.token ? { authorization: `Bearer ${as.token}` } : {}) },
    body: JSON.stringify({ query }),
  });

function expectRefused(r: GqlResult, reason: string) {
  expect(r.status, JSON.stringify(r.errors)).toBe(400);
  expect(r.errors?.map((e) => [e.extensions?.code, e.extensions?.reason])).toEqual([['BAD_USER_INPUT', reason]]);
  expect(r.data).toBeNull();
}

/** F0 spreads F1 twice, F1 spreads F2 twice, …: 2^n selections from about 40·n bytes. */
const fanOut = (n: number) =>
  `{ ...F0 } ${Array.from({ length: n }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ')} fragment F${n} on Query { __typename }`;

describe('fragment fan-out', () => {
  it('n = 30 (2^30 selections in about 1.2 kB) is refused at once, before any SQL, and /healthz answers meanwhile', async () => {
    const query = fanOut(30);
    expect(query.length).toBeLessThan(1300);
    const started = performance.now();
    const [res, health] = await Promise.all([
      post(env.url, query),
      (async () => {
        await new Promise((r) => setImmediate(r));
        const h = await fetch(`${env.url}/healthz`);
        return { status: h.status, ms: performance.now() - started };
      })(),
    ]);
    const ms = performance.now() - started;
    const body = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(res.status).toBe(400);
    expect(body.errors.map((e) => [e.extensions.code, e.extensions.reason])).toEqual([['BAD_USER_INPUT', 'SELECTION_LIMIT']]);
    expect(res.headers.get('x-sql-count')).toBe('0');
    expect(health.status).toBe(200);
    // Generous bounds for a shared 2-core machine (under 50 ms when idle); without the memo the
    // walk takes 12 s at n = 22 and doubles with every n.
    expect(ms).toBeLessThan(2000);
    expect(health.ms).toBeLessThan(2000);
  });

  it('the validation walk visits each written selection once, whatever the fan-out', () => {
    for (const n of [10, 20, 30, 60]) {
      const { operations, work } = documentShape(parse(fanOut(n)));
      const [shape] = [...operations.values()];
      expect(shape.selections).toBe(2 ** n);
      expect(work).toBe(2 * n + 2); // the operation's spread, two per fragment, the last fragment's field
    }
  });

  it('a fan-out within the selection limit is answered (2^12 __typename merge into one)', async () => {
    const r = await env.gql(fanOut(12), {}, viewer);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ __typename: 'Query' });
  });
});

describe('the cache of parsed documents', () => {
  it('a caller sending hundreds of distinct documents leaves it within its bounds, and what it keeps is what was sent last', async () => {
    // Each document about 3 kB of text: 600 of them would be 1.8 MB kept without the bound.
    const doc = (i: number) => `{ __typename } # ${i} ${'x'.repeat(3000)}`;
    for (let i = 0; i < 600; i++) {
      const res = await post(env.url, doc(i));
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    const filled = env.app.server.documentCache();
    expect(filled.weight).toBeLessThanOrEqual(LIMITS.documentCacheChars);
    expect(filled.weight).toBeGreaterThan(LIMITS.documentCacheChars * 0.9); // the bound, not something else, held it
    expect(filled.entries).toBeLessThanOrEqual(LIMITS.documentCacheEntries);
    // The last one is kept: sent again, it is not stored a second time.
    await (await post(env.url, doc(599))).arrayBuffer();
    expect(env.app.server.documentCache()).toEqual(filled);
    // A refused document (validation) is never kept.
    await (await post(env.url, `{ nosuchfield } # ${'y'.repeat(3000)}`)).arrayBuffer();
    expect(env.app.server.documentCache()).toEqual(filled);
  });
});

describe('the cache of compiled queries', () => {
  it('a caller sending hundreds of distinct queries leaves it within its bounds, each run compiled', async () => {
    const before = env.app.server.compiledCache();
    // 256 selections each once fragments are expanded: 450 of them would be 115,200 kept without the bound.
    const doc = (i: number) => `${fanOut(8)} # ${i}`;
    for (let i = 0; i < 450; i++) {
      const res = await post(env.url, doc(i));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
    }
    const filled = env.app.server.compiledCache();
    expect(filled.weight).toBeLessThanOrEqual(LIMITS.compiledCacheSelections);
    expect(filled.weight).toBeGreaterThan(LIMITS.compiledCacheSelections - 256); // the bound, not something else, held it
    expect(filled.entries).toBeLessThanOrEqual(LIMITS.compiledCacheEntries);
    expect(filled.runs.compiled - before.runs.compiled).toBe(450);
    // The last one is kept: sent again, it is not compiled and stored a second time.
    await (await post(env.url, doc(449))).arrayBuffer();
    expect(env.app.server.compiledCache()).toMatchObject({ entries: filled.entries, weight: filled.weight });
  });
});

describe('every list is weighed by its bound', () => {
  const attack = `{ ${Array.from({ length: 10 }, (_, i) => `a${i}: plans(first: 100) { nodes { nodes { text } } }`).join(' ')} }`;

  it('10 aliases of plans(first: 100) { nodes { nodes { text } } } are refused before execution', async () => {
    const anon = await env.gql(attack);
    expectRefused(anon, 'COST_LIMIT');
    expect(anon.sqlCount).toBe(0);
    const signedIn = await env.gql(attack, {}, viewer);
    expectRefused(signedIn, 'COST_LIMIT');
    const baseline = await env.gql(`{ __typename }`, {}, viewer);
    expect(signedIn.sqlCount).toBe(baseline.sqlCount);
    // Plan.nodes weighs PLAN_LIMITS.nodes per plan; one alias (100 plans' texts) is within the
    // cost limit and the response fence bounds what it returns.
    expect(signedIn.errors![0].extensions?.cost).toBeGreaterThan(10 * 100 * PLAN_LIMITS.nodes);
    const one = await env.gql(`{ plans(first: 100) { nodes { nodes { text } } } }`, {}, viewer);
    expect(one.errors).toBeUndefined();
  });

  it('every list field of the schema has a `first` argument or a declared maximum', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!isListType(getNullableType(field.type))) continue;
        const bound = listBoundOf(field);
        const ok = bound && (bound.max === 'PAGE' || (Number.isInteger(bound.max) && bound.max > 0));
        if (!ok && !field.args.some((a) => a.name === 'first')) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('per-plan totals: agency references of a plan page weigh PLAN_LIMITS.agencyRefs, not nodes × agencies per task', () => {
    const doc = parse(`query($id: String!) { plan(id: $id) { nodes { task { lead { name } } } } }`);
    const op = doc.definitions[0] as OperationDefinitionNode;
    const cost = operationCost(schema, doc, op, coerceVariables(schema, op, { id: 'x' }));
    // plan, its nodes list, a task per node, a lead list per task, then at most agencyRefs names in all.
    expect(cost).toBe(1 + 1 + PLAN_LIMITS.nodes + PLAN_LIMITS.nodes + PLAN_LIMITS.agencyRefs);
    expect(cost).toBeLessThan(PLAN_LIMITS.nodes * PLAN_LIMITS.agenciesPerTask);
  });

  it('every operation the portal sends is within the cost limit, with every page at its largest', async () => {
    const costs = await portalOperationCosts(schema);
    expect(costs.length).toBeGreaterThan(50);
    const over = costs.filter((c) => c.cost > LIMITS.maxCost);
    expect(over, JSON.stringify(costs.slice(0, 5))).toEqual([]);
    // The heaviest pages, to see how close they come (they are worst cases under PLAN_LIMITS).
    const heaviest = Object.fromEntries(costs.slice(0, 3).map((c) => [c.name, c.cost]));
    expect(Object.keys(heaviest)).toContain('plans/PLAN_DOCUMENT');
  });

  it("the portal's plan page is answered for the largest seed plan, with every node", async () => {
    const { PLAN_DOCUMENT } = await import('../../portal/src/plans/first-queries.graphql.js');
    const { rows } = await env.db.query(
      `select p.id, count(*)::int n from plan p join plan_node n on n.plan_id = p.id group by p.id order by 2 desc limit 1`,
    );
    const r = await env.gql(print(PLAN_DOCUMENT as DocumentNode), { id: rows[0].id }, viewer);
    expect(r.errors).toBeUndefined();
    expect(r.status).toBe(200);
    expect(r.data!.plan.nodes).toHaveLength(rows[0].n);
  });
});

describe('the response fence', () => {
  let small: TestEnv;
  beforeAll(async () => {
    small = await createTestEnv({ limits: { maxResponseBytes: 2048 } });
  });
  afterAll(async () => {
    await small?.stop();
  });

  const texts = `{ plans(first: 10) { nodes { title nodes { text } } } }`;

  it('a result larger than maxResponseBytes is refused with RESPONSE_TOO_LARGE, not sent', async () => {
    const full = await env.gql(texts, {}, viewer);
    expect(full.errors).toBeUndefined();
    expect(JSON.stringify(full.data).length).toBeGreaterThan(20 * 2048);
    const r = await small.gql(texts, {}, await small.login('quocgia.viewer'));
    expectRefused(r, 'RESPONSE_TOO_LARGE');
    expect(r.errors![0].extensions?.maxBytes).toBe(2048);
  });

  it('once the budget is spent nothing else runs: a later mutation of the same request is not executed', async () => {
    const admin = await small.login('tplaocai.admin');
    const unitId = await small.unitId('080');
    const before = (await small.db.query(`select count(*)::int n from agency`)).rows[0].n;
    // The unit's communes with their ancestors: some 3 kB, over this server's 2 kB budget.
    const big = `descendants(first: 100) { nodes { name code kind ancestors { name code kind } } }`;
    const r = await small.gql(
      `mutation($u: ID!) {
        a: createAgency(input: { unitId: $u, name: "Đội một", sector: "OTHER" }) { agency { id unit { ${big} } } }
        b: createAgency(input: { unitId: $u, name: "Đội hai", sector: "OTHER" }) { agency { id } }
      }`,
      { u: unitId },
      admin,
    );
    expectRefused(r, 'RESPONSE_TOO_LARGE');
    const names = (await small.db.query(`select name from agency order by created_at desc limit 2`)).rows.map((x) => x.name);
    expect((await small.db.query(`select count(*)::int n from agency`)).rows[0].n).toBe(before + 1);
    expect(names).toContain('Đội một');
    expect(names).not.toContain('Đội hai');
  });
});

describe('plan limits make the declared bounds true', () => {
  async function draftWithNodes(count: number, task: unknown = null): Promise<string> {
    const r = await env.gql(
      `mutation($i: CreatePlanInput!) { createPlan(input: $i) { plan { id } } }`,
      { i: { title: 'Giới hạn' } },
      editor,
    );
    expect(r.errors).toBeUndefined();
    const planId = r.data!.createPlan.plan.id as string;
    await env.db.query(
      `insert into plan_node (id, plan_id, province_id, position, kind, text, task)
       select gen_random_uuid(), p.id, p.province_id, g - 1, 'PARAGRAPH', 'Đoạn ' || g, $2::jsonb from plan p, generate_series(1, $3::int) g where p.id = $1`,
      [planId, task === null ? null : JSON.stringify(task), count],
    );
    return planId;
  }
  const nodeCount = async (planId: string) =>
    (await env.db.query(`select count(*)::int n from plan_node where plan_id = $1`, [planId])).rows[0].n as number;

  it(`addNode on a plan of ${PLAN_LIMITS.nodes} nodes is refused (PLAN_LIMIT) and writes nothing`, async () => {
    const planId = await draftWithNodes(PLAN_LIMITS.nodes);
    const r = await env.gql(
      `mutation($i: AddNodeInput!) { addNode(input: $i) { node { id } } }`,
      { i: { planId, kind: 'PARAGRAPH', text: 'Một đoạn nữa' } },
      editor,
    );
    expect(r.status).toBe(400);
    expect(r.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'PLAN_LIMIT',
      limit: 'nodes',
      max: PLAN_LIMITS.nodes,
    });
    expect(await nodeCount(planId)).toBe(PLAN_LIMITS.nodes);
  });

  it(`agency references over all tasks are held to ${PLAN_LIMITS.agencyRefs}`, async () => {
    const refs = Array.from({ length: 30 }, (_, i) => ({ name: `Cơ quan ${i}`, sector: null }));
    const planId = await draftWithNodes(PLAN_LIMITS.agencyRefs / 60, { lead: refs, cooperating: refs, timing: null });
    const r = await env.gql(
      `mutation($i: AddNodeInput!) { addNode(input: $i) { node { id } } }`,
      { i: { planId, kind: 'ITEM', label: '1.', text: 'Nhiệm vụ', task: { lead: [{ name: 'Công an' }] } } },
      editor,
    );
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PLAN_LIMIT', limit: 'agencyRefs' });
    expect(await nodeCount(planId)).toBe(PLAN_LIMITS.agencyRefs / 60);
  });

  it('an edit that would go over a limit is refused and keeps nothing: not the node, not its audit event', async () => {
    const refs = Array.from({ length: 30 }, (_, i) => ({ name: `Cơ quan ${i}`, sector: null }));
    const planId = await draftWithNodes(PLAN_LIMITS.agencyRefs / 60, { lead: refs, cooperating: refs, timing: null });
    const added = await env.gql(
      `mutation($i: AddNodeInput!) { addNode(input: $i) { node { id version } } }`,
      { i: { planId, kind: 'PARAGRAPH', text: 'Một đoạn không có nhiệm vụ' } },
      editor,
    );
    expect(added.errors).toBeUndefined();
    const node = added.data!.addNode.node;
    const state = () =>
      env.db
        .query(
          `select n.text, n.task, n.version, p.updated_at,
             (select count(*)::int from audit_event e where e.entity_id = p.id::text and e.action = 'NODE_UPDATE') as events
           from plan_node n join plan p on p.id = n.plan_id where n.id = $1`,
          [node.id],
        )
        .then((q) => q.rows[0]);
    const before = await state();
    // The check runs in the statement that also writes the plan's updated_at and the audit event.
    const r = await env.gql(
      `mutation($i: UpdateNodeInput!) { updateNode(input: $i) { node { id } } }`,
      { i: { nodeId: node.id, version: node.version, text: 'Nhiệm vụ', task: { lead: [{ name: 'Công an' }] } } },
      editor,
    );
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PLAN_LIMIT', limit: 'agencyRefs' });
    expect(await state()).toEqual({ ...before, events: 0 });
  });

  it(`importing a document of more than ${PLAN_LIMITS.nodes} nodes is refused and creates no plan`, async () => {
    const items = Array.from({ length: PLAN_LIMITS.nodes + 1 }, (_, i) => `${i + 1}. Nội dung số ${i} được thực hiện.`);
    const text = ['ỦY BAN NHÂN DÂN', 'KẾ HOẠCH', 'Tuyên truyền', 'I. NHIỆM VỤ', ...items].join('\n');
    const before = (await env.db.query(`select count(*)::int n from plan`)).rows[0].n;
    const r = await env.gql(
      `mutation($i: ImportPlanInput!) { importPlan(input: $i) { plan { id } } }`,
      { i: { fileName: 'lon.txt', contentBase64: Buffer.from(text).toString('base64') } },
      editor,
    );
    expect(r.status).toBe(400);
    // Refused while the file is read: the importer's node cap is the plan's (import/limits.ts).
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_NODES', limit: PLAN_LIMITS.nodes });
    expect((await env.db.query(`select count(*)::int n from plan`)).rows[0].n).toBe(before);
  });

  it(`importing a document of more than ${PLAN_LIMITS.targets} targets is refused by the plan limits and creates no plan`, async () => {
    const targets = Array.from(
      { length: PLAN_LIMITS.targets + 1 },
      (_, i) => `- Công an xã số ${i} tổ chức ít nhất ${(i % 20) + 5} buổi tuyên truyền tại các thôn.`,
    );
    const text = ['ỦY BAN NHÂN DÂN', 'KẾ HOẠCH', 'Tuyên truyền', 'I. MỤC TIÊU, CHỈ TIÊU', '1. Chỉ tiêu', ...targets].join('\n');
    const before = (await env.db.query(`select count(*)::int n from plan`)).rows[0].n;
    const r = await env.gql(
      `mutation($i: ImportPlanInput!) { importPlan(input: $i) { plan { id } } }`,
      { i: { fileName: 'chitieu.txt', contentBase64: Buffer.from(text).toString('base64') } },
      editor,
    );
    expect(r.status).toBe(400);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PLAN_LIMIT', limit: 'targets' });
    expect((await env.db.query(`select count(*)::int n from plan`)).rows[0].n).toBe(before);
  });

  it('a plan stored beyond its declared bound (written around the API) is refused on read, not returned', async () => {
    const planId = await draftWithNodes(PLAN_LIMITS.nodes + 1);
    const prev = process.env.KEHOACH_LOG_ERRORS;
    process.env.KEHOACH_LOG_ERRORS = '0';
    try {
      const r = await env.gql(`query($id: String!) { plan(id: $id) { nodes { id } } }`, { id: planId }, editor);
      expect(r.status).toBe(500);
      expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['INTERNAL_SERVER_ERROR']);
    } finally {
      process.env.KEHOACH_LOG_ERRORS = prev;
    }
  });
});

/* ------------------------------------------------------------ portal operations */

/** Values that pass variable coercion, for operations whose cost does not depend on them. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sample(f.type)]),
    );
  }
  if (isScalarType(type)) {
    const byName: Record<string, unknown> = { Int: 1, Float: 1, Boolean: false, LocalDate: '2025-01-01', DateTime: '2025-01-01T00:00:00Z' };
    return byName[type.name] ?? crypto.randomUUID();
  }
  return null;
}

function graphqlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return graphqlFiles(full);
    return e.name.endsWith('.graphql.ts') ? [full] : [];
  });
}

/** Every operation exported by portal/src/** /*.graphql.ts, with its cost when every `first` is MAX_PAGE. */
async function portalOperationCosts(schema: GraphQLSchema) {
  const costs: { name: string; cost: number }[] = [];
  for (const file of graphqlFiles(path.join(REPO_ROOT, 'portal', 'src'))) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, doc] of Object.entries(mod)) {
      if (!doc || typeof doc !== 'object' || (doc as DocumentNode).kind !== Kind.DOCUMENT) continue;
      const op = (doc as DocumentNode).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      if (!op) continue;
      const inputs: Record<string, unknown> = {};
      for (const v of op.variableDefinitions ?? []) {
        const variable = v.variable.name.value;
        inputs[variable] = variable === 'first' ? MAX_PAGE : sample(typeFromAST(schema, v.type as never) as GraphQLInputType);
      }
      const variables = coerceVariables(schema, op, inputs);
      // As the portal sends it: Apollo Client adds __typename to every selection set.
      const sent = addTypenameToDocument(doc as DocumentNode);
      const sentOp = sent.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      costs.push({ name: `${path.basename(path.dirname(file))}/${name}`, cost: operationCost(schema, sent, sentOp, variables) });
    }
  }
  return costs.sort((a, b) => b.cost - a.cost);
}
