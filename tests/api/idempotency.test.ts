import 'reflect-metadata';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Caller, type GqlResult, type TestEnv } from '../support/env.js';

/**
 * Idempotency keys (core/idempotency.ts): every create mutation a client may retry takes an
 * optional `idempotencyKey`. A retry with the same key makes nothing and returns what the first
 * request made; the same key with another request is BAD_USER_INPUT; two requests with one key at
 * once make one row; a retry while the first still runs is CONFLICT. Counts come from the database.
 */

let env: TestEnv;
let editor: Caller;
let approver: Caller;
let admin: Caller;
let tplaocai: number;
let phuong: number;
/** A draft of the city with a node, a target, a phase and a milestone. */
let draft: string;
/** An issued plan of the province the city may derive from (once per new parent). */
let issuedParent: () => Promise<string>;
/** An issued plan of the city, to amend. */
let issuedOwn: () => Promise<string>;
/** A plan of the city in review, to issue. */
let inReview: () => Promise<string>;

/** What a client sees of an answer (the SQL count header of the test server aside). */
const seen = (r: GqlResult) => ({ status: r.status, data: r.data, errors: r.errors });
const key = (what: string) => `${what}-${crypto.randomBytes(8).toString('hex')}`;

async function ok(r: GqlResult, name: string) {
  expect(r.errors, `${name}: ${JSON.stringify(r.errors)}`).toBeUndefined();
  return r.data![name];
}
const mutate = (name: string, type: string, selection: string, input: Record<string, unknown>, as: Caller) =>
  env.gql(`mutation($i: ${type}!) { ${name}(input: $i) { ${selection} } }`, { i: input }, as);
const count = async (sql: string, params: unknown[] = []) => Number((await env.db.query(sql, params)).rows[0].n);

async function newPlan(unit: 'laocai' | 'tplaocai', status: 'IN_REVIEW' | 'ISSUED'): Promise<string> {
  const ed = await env.login(`${unit}.editor`);
  const ap = await env.login(`${unit}.approver`);
  const p = await ok(
    await mutate('createPlan', 'CreatePlanInput', 'plan { id version }', { title: `Kế hoạch thử khóa ${crypto.randomUUID()}` }, ed),
    'createPlan',
  );
  await ok(
    await mutate('addNode', 'AddNodeInput', 'node { id }', { planId: p.plan.id, kind: 'SECTION', label: 'I.', text: 'NHIỆM VỤ' }, ed),
    'addNode',
  );
  const v = async () => Number((await env.db.query(`select version from plan where id = $1`, [p.plan.id])).rows[0].version);
  await ok(
    await mutate('submitPlanForReview', 'PlanTransitionInput', 'plan { id }', { planId: p.plan.id, version: await v() }, ed),
    'submitPlanForReview',
  );
  if (status === 'ISSUED') {
    await ok(
      await mutate(
        'issuePlan',
        'IssuePlanInput',
        'plan { id }',
        { planId: p.plan.id, version: await v(), issuedDate: '2025-03-01', signature: { signerName: 'Nguyễn Văn Ký' } },
        ap,
      ),
      'issuePlan',
    );
  }
  return p.plan.id;
}

beforeAll(async () => {
  env = await createTestEnv();
  editor = await env.login('tplaocai.editor');
  approver = await env.login('tplaocai.approver');
  admin = await env.login('tplaocai.admin');
  tplaocai = await env.unitId('080');
  phuong = await env.unitId('02641');
  draft = (await ok(await mutate('createPlan', 'CreatePlanInput', 'plan { id }', { title: 'Kế hoạch thử thử lại' }, editor), 'createPlan'))
    .plan.id;
  issuedParent = () => newPlan('laocai', 'ISSUED');
  issuedOwn = () => newPlan('tplaocai', 'ISSUED');
  inReview = () => newPlan('tplaocai', 'IN_REVIEW');
});
afterAll(async () => {
  await env?.stop();
});

const ADD_NODE = `mutation($i: AddNodeInput!) { addNode(input: $i) { node { id text version } plan { id version } } }`;
const nodesOf = (planId: string) => count(`select count(*) n from plan_node where plan_id = $1`, [planId]);

describe('a retried addNode', () => {
  it('with the same key makes one node and returns the same node', async () => {
    const k = key('add');
    const input = { planId: draft, kind: 'PARAGRAPH', text: 'Đoạn gửi lại sau khi mất kết nối', idempotencyKey: k };
    const before = await nodesOf(draft);
    const first = await env.gql(ADD_NODE, { i: input }, editor);
    const again = await env.gql(ADD_NODE, { i: input }, editor);
    expect(first.errors, JSON.stringify(first.errors)).toBeUndefined();
    expect(seen(again)).toEqual(seen(first));
    expect(await nodesOf(draft)).toBe(before + 1);
    // One audit event: the replay wrote nothing.
    expect(
      await count(`select count(*) n from audit_event where entity_id = $1 and action = 'NODE_ADD' and after->>'nodeId' = $2`, [
        draft,
        first.data!.addNode.node.id,
      ]),
    ).toBe(1);
  });

  it('with the same key and another payload is refused (BAD_USER_INPUT on idempotencyKey), nothing written', async () => {
    const k = key('add');
    await ok(
      await env.gql(ADD_NODE, { i: { planId: draft, kind: 'PARAGRAPH', text: 'Bản thứ nhất', idempotencyKey: k } }, editor),
      'addNode',
    );
    const before = await nodesOf(draft);
    const other = await env.gql(ADD_NODE, { i: { planId: draft, kind: 'PARAGRAPH', text: 'Bản khác', idempotencyKey: k } }, editor);
    expect(other.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'idempotencyKey']]);
    // Another operation under the same key is another request too.
    const elsewhere = await mutate(
      'savePhase',
      'SavePhaseInput',
      'phase { id }',
      { planId: draft, name: 'Giai đoạn', idempotencyKey: k },
      editor,
    );
    expect(elsewhere.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await nodesOf(draft)).toBe(before);
  });

  it('two requests with one key at the same time make one node', async () => {
    for (let round = 0; round < 3; round++) {
      const k = key('par');
      const input = { planId: draft, kind: 'PARAGRAPH', text: `Đoạn gửi song song ${round}`, idempotencyKey: k };
      const before = await nodesOf(draft);
      const results = await Promise.all([0, 1, 2, 3].map(() => env.gql(ADD_NODE, { i: input }, editor)));
      expect(await nodesOf(draft)).toBe(before + 1);
      const won = results.filter((r) => !r.errors);
      expect(won.length).toBeGreaterThan(0);
      expect(new Set(won.map((r) => r.data!.addNode.node.id)).size).toBe(1);
      // The others were told the first request was still running.
      for (const r of results.filter((x) => x.errors)) expect(r.errors!.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
    }
  });

  it('a retry while the first request still runs → CONFLICT at once; the first then completes and a later retry replays it', async () => {
    const k = key('run');
    const input = { planId: draft, kind: 'PARAGRAPH', text: 'Đoạn chờ khóa', idempotencyKey: k };
    const before = await nodesOf(draft);
    // Hold the plan row: the first request claims its key, then waits for the row.
    await env.db.query('begin');
    let first: Promise<GqlResult>;
    try {
      await env.db.query(`select id from plan where id = $1 for update`, [draft]);
      first = env.gql(ADD_NODE, { i: input }, editor);
      const claimed = () => count(`select count(*) n from pg_locks where locktype = 'advisory' and granted`);
      for (let i = 0; i < 400 && (await claimed()) === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await claimed()).toBe(1);
      const second = await env.gql(ADD_NODE, { i: input }, editor);
      expect(second.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
      expect(await nodesOf(draft)).toBe(before);
    } finally {
      await env.db.query('rollback');
    }
    const done = await first;
    expect(done.errors, JSON.stringify(done.errors)).toBeUndefined();
    expect(seen(await env.gql(ADD_NODE, { i: input }, editor))).toEqual(seen(done));
    expect(await nodesOf(draft)).toBe(before + 1);
  });

  it('keys belong to the caller: the same key by another caller is its own request', async () => {
    const k = key('who');
    const input = { planId: draft, kind: 'PARAGRAPH', text: 'Đoạn của hai người', idempotencyKey: k };
    const keyEditor = await env.gql<{ createApiKey: { secret: string } }>(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
      { i: { unitId: tplaocai, name: 'khóa biên tập thử', role: 'EDITOR' } },
      admin,
    );
    const other = { apiKey: keyEditor.data!.createApiKey.secret };
    const before = await nodesOf(draft);
    const a = await ok(await env.gql(ADD_NODE, { i: input }, editor), 'addNode');
    const b = await ok(await env.gql(ADD_NODE, { i: input }, other), 'addNode');
    expect(b.node.id).not.toBe(a.node.id);
    expect(await nodesOf(draft)).toBe(before + 2);
  });

  it.each(['short', 'x'.repeat(101), 'có dấu cách', 'a;drop table plan'])(
    'a malformed key %j → BAD_USER_INPUT on idempotencyKey',
    async (k) => {
      const before = await nodesOf(draft);
      const r = await env.gql(ADD_NODE, { i: { planId: draft, kind: 'PARAGRAPH', text: 'x', idempotencyKey: k } }, editor);
      expect(r.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'idempotencyKey']]);
      expect(await nodesOf(draft)).toBe(before);
    },
  );
});

/* --------------------------------------------------------- every create mutation */

interface CreateCase {
  name: string;
  type: string;
  selection: string;
  as: () => Caller;
  /** A fresh valid input (without the key), and a different one for the "other payload" check. */
  input: () => Promise<Record<string, unknown>>;
  other: (input: Record<string, unknown>) => Record<string, unknown>;
  /** The rows this mutation creates, counted in the database, and how many one request makes. */
  rows: string;
  per: number;
  /** The id of what it made, from its payload. */
  madeId: (payload: any) => string;
}

const CREATES: CreateCase[] = [
  {
    name: 'createPlan',
    type: 'CreatePlanInput',
    selection: 'plan { id version status }',
    as: () => editor,
    input: async () => ({ title: `Kế hoạch mới ${crypto.randomUUID()}` }),
    other: (i) => ({ ...i, title: `${String(i.title)} (khác)` }),
    rows: `select count(*) n from plan`,
    per: 1,
    madeId: (p) => p.plan.id,
  },
  {
    name: 'importPlan',
    type: 'ImportPlanInput',
    selection: 'plan { id version } report { unclassified { text } }',
    as: () => editor,
    input: async () => ({
      fileName: 'ke-hoach.txt',
      contentBase64: Buffer.from(`KẾ HOẠCH\nThử nhập ${crypto.randomUUID()}\nI. NHIỆM VỤ\n1. Tuyên truyền.`).toString('base64'),
    }),
    // Same name and size, another content.
    other: (i) => ({
      ...i,
      contentBase64: Buffer.from(
        Buffer.from(String(i.contentBase64), 'base64')
          .toString()
          .replace(/[0-9a-f]{8}-/, '00000000-'),
      ).toString('base64'),
    }),
    rows: `select count(*) n from plan`,
    per: 1,
    madeId: (p) => p.plan.id,
  },
  {
    name: 'derivePlan',
    type: 'DerivePlanInput',
    selection: 'plan { id version parentPlan { id } }',
    as: () => editor,
    input: async () => ({ parentPlanId: await issuedParent() }),
    other: (i) => ({ ...i, unitId: String(tplaocai) }),
    rows: `select count(*) n from plan`,
    per: 1,
    madeId: (p) => p.plan.id,
  },
  {
    name: 'amendPlan',
    type: 'AmendPlanInput',
    selection: 'plan { id version versionNo }',
    as: () => editor,
    input: async () => ({ planId: await issuedOwn() }),
    other: (i) => ({ ...i, planId: draft }),
    rows: `select count(*) n from plan`,
    per: 1,
    madeId: (p) => p.plan.id,
  },
  {
    name: 'issuePlan',
    type: 'IssuePlanInput',
    selection: 'plan { id version status number }',
    as: () => approver,
    input: async () => {
      const id = await inReview();
      const v = (await env.db.query(`select version from plan where id = $1`, [id])).rows[0].version;
      return { planId: id, version: v, issuedDate: '2025-04-01', signature: { signerName: 'Trần Thị Ký' } };
    },
    other: (i) => ({ ...i, issuedDate: '2025-04-02' }),
    // Issuing makes a number: the sequence must advance once.
    rows: `select coalesce(sum(last_number), 0) n from plan_number_sequence`,
    per: 1,
    madeId: (p) => p.plan.id,
  },
  {
    name: 'addNode',
    type: 'AddNodeInput',
    selection: 'node { id version } plan { id version }',
    as: () => editor,
    input: async () => ({ planId: draft, kind: 'PARAGRAPH', text: `Đoạn ${crypto.randomUUID()}` }),
    other: (i) => ({ ...i, text: 'khác' }),
    rows: `select count(*) n from plan_node`,
    per: 1,
    madeId: (p) => p.node.id,
  },
  {
    // Not a create, but a client retries it the same way: one omission, one answer.
    name: 'omitNode',
    type: 'OmitNodeInput',
    selection: 'node { id version provenance omission { reason } } plan { id version }',
    as: () => editor,
    input: async () => {
      const d = await ok(
        await mutate('derivePlan', 'DerivePlanInput', 'plan { id nodes { id version } }', { parentPlanId: await issuedParent() }, editor),
        'derivePlan',
      );
      const n = d.plan.nodes[0];
      return { nodeId: n.id, version: n.version, reason: `Không áp dụng ${crypto.randomUUID()}` };
    },
    other: (i) => ({ ...i, reason: 'Lý do khác' }),
    rows: `select count(*) n from plan_omission`,
    per: 1,
    madeId: (p) => p.node.id,
  },
  {
    name: 'saveTarget',
    type: 'SaveTargetInput',
    selection: 'target { id version allocations { assignee value } }',
    as: () => editor,
    input: async () => ({
      planId: draft,
      metric: `số buổi ${crypto.randomUUID()}`,
      unitOfMeasure: 'buổi',
      value: 10,
      allocations: [{ assignee: 'Phường Lào Cai', unitId: String(phuong), value: 10 }],
    }),
    other: (i) => ({ ...i, value: 11 }),
    rows: `select (select count(*) from plan_target) + (select count(*) from plan_target_allocation) n`,
    per: 2,
    madeId: (p) => p.target.id,
  },
  {
    name: 'savePhase',
    type: 'SavePhaseInput',
    selection: 'phase { id version }',
    as: () => editor,
    input: async () => ({ planId: draft, name: `Giai đoạn ${crypto.randomUUID()}` }),
    other: (i) => ({ ...i, name: 'khác' }),
    rows: `select count(*) n from plan_phase`,
    per: 1,
    madeId: (p) => p.phase.id,
  },
  {
    name: 'saveMilestone',
    type: 'SaveMilestoneInput',
    selection: 'milestone { id version }',
    as: () => editor,
    input: async () => ({ planId: draft, kind: 'RESULT_REPORT', title: `Báo cáo ${crypto.randomUUID()}` }),
    other: (i) => ({ ...i, kind: 'FINAL_REVIEW' }),
    rows: `select count(*) n from plan_milestone`,
    per: 1,
    madeId: (p) => p.milestone.id,
  },
  {
    name: 'createAgency',
    type: 'CreateAgencyInput',
    selection: 'agency { id name version }',
    as: () => admin,
    input: async () => ({ unitId: String(tplaocai), name: `Phòng thử ${crypto.randomBytes(4).toString('hex')}`, sector: 'OTHER' }),
    other: (i) => ({ ...i, sector: 'HEALTH' }),
    rows: `select count(*) n from agency`,
    per: 1,
    madeId: (p) => p.agency.id,
  },
  {
    name: 'createUser',
    type: 'CreateUserInput',
    selection: 'user { id username version }',
    as: () => admin,
    input: async () => ({
      unitId: String(tplaocai),
      username: `080.thu-lai-${crypto.randomBytes(4).toString('hex')}`,
      displayName: 'Người thử lại',
      role: 'VIEWER',
      password: 'Mat-khau-thu-lai-2026',
    }),
    // Only the password differs: it is not in the fingerprint, and is checked on replay instead.
    other: (i) => ({ ...i, password: 'Mat-khau-khac-han-2026' }),
    rows: `select count(*) n from app_user`,
    per: 1,
    madeId: (p) => p.user.id,
  },
  {
    name: 'createReport',
    type: 'CreateReportInput',
    selection: 'report { id version status }',
    as: () => editor,
    input: async () => ({ obligationId: await openObligation() }),
    other: (i) => ({ ...i, obligationId: '00000000-0000-4000-8000-000000000000' }),
    rows: `select count(*) n from report`,
    per: 1,
    madeId: (p) => p.report.id,
  },
  {
    name: 'correctReport',
    type: 'CorrectReportInput',
    selection: 'report { id version versionNo status }',
    as: () => editor,
    input: submittedReport,
    other: (i) => ({ ...i, version: Number(i.version) + 1 }),
    rows: `select count(*) n from report`,
    per: 1,
    madeId: (p) => p.report.id,
  },
];

/**
 * An obligation of Thành phố Lào Cai with no report yet: the demo leaves the city's reports on
 * the province plan's milestones missing (docs/REPORTS.md), one per milestone.
 */
async function openObligation(): Promise<string> {
  const found = await env.db.query(
    `select o.id from report_obligation o join admin_unit u on u.id = o.unit_id
     where u.code = '080' and u.valid_from is null and not exists (select 1 from report r where r.obligation_id = o.id)
     order by o.due_date, o.id limit 1`,
  );
  expect(found.rows.length, 'an obligation of the city without a report').toBe(1);
  return found.rows[0].id as string;
}

/**
 * A submitted report of the city: what a correction starts from. A new one while the city has an
 * obligation without a report, else the draft of an earlier correction, submitted.
 */
async function submittedReport(): Promise<{ reportId: string; version: number }> {
  const open = await env.db.query(
    `select o.id from report_obligation o join admin_unit u on u.id = o.unit_id
     where u.code = '080' and u.valid_from is null and not exists (select 1 from report r where r.obligation_id = o.id) limit 1`,
  );
  let draft: { id: string; version: number };
  if (open.rows[0]) {
    draft = (
      await ok(
        await mutate('createReport', 'CreateReportInput', 'report { id version }', { obligationId: open.rows[0].id }, editor),
        'createReport',
      )
    ).report;
  } else {
    const corrections = await env.db.query(
      `select r.id, r.version from report r join admin_unit u on u.id = r.unit_id
       where u.code = '080' and u.valid_from is null and r.status = 'DRAFT' and r.corrects_report_id is not null limit 1`,
    );
    expect(corrections.rows.length, 'a correction of the city to submit').toBe(1);
    draft = corrections.rows[0];
  }
  const sent = await ok(
    await mutate(
      'submitReport',
      'ReportTransitionInput',
      'report { id version }',
      { reportId: draft.id, version: draft.version },
      approver,
    ),
    'submitReport',
  );
  return { reportId: sent.report.id, version: sent.report.version };
}

describe('every create mutation takes an idempotency key', () => {
  it('the table covers every creating mutation of the schema', async () => {
    const r = await env.gql(
      `{ __schema { mutationType { fields { name args { name type { ofType { name inputFields { name } } } } } } } }`,
    );
    // Introspection is on outside production; the test server runs in test mode.
    const fields = r.data!.__schema.mutationType.fields as {
      name: string;
      args: { type: { ofType: { inputFields: { name: string }[] } | null } }[];
    }[];
    const keyed = fields
      .filter((f) => f.args.some((a) => a.type.ofType?.inputFields?.some((x) => x.name === 'idempotencyKey')))
      .map((f) => f.name)
      .sort();
    expect(keyed).toEqual([...CREATES.map((c) => c.name), 'createApiKey'].sort());
    // Every mutation whose name says it creates is keyed.
    // importReportFigures creates nothing: it rewrites a report's figures under the report's
    // version, so a retry of an applied import is a CONFLICT, never a second change.
    const NOT_CREATING = ['importReportFigures'];
    const creating = fields.map((f) => f.name).filter((n) => /^(create|add|import|derive|amend)/.test(n) && !NOT_CREATING.includes(n));
    expect(creating.filter((n) => !keyed.includes(n))).toEqual([]);
  });

  it.each(CREATES)('$name: a retry makes one row and returns the first result; another payload under the key is refused', async (c) => {
    const as = c.as();
    const input = { ...(await c.input()), idempotencyKey: key(c.name) };
    const before = await count(c.rows);
    const first = await mutate(c.name, c.type, c.selection, input, as);
    expect(first.errors, JSON.stringify(first.errors)).toBeUndefined();
    const made = await count(c.rows);
    expect(made - before).toBe(c.per);
    const again = await mutate(c.name, c.type, c.selection, input, as);
    expect(seen(again)).toEqual(seen(first));
    expect(await count(c.rows)).toBe(made);
    const other = await mutate(c.name, c.type, c.selection, c.other(input), as);
    expect(
      other.errors?.map((e) => [e.extensions?.code, e.extensions?.field]),
      JSON.stringify(other.errors),
    ).toEqual([['BAD_USER_INPUT', 'idempotencyKey']]);
    expect(await count(c.rows)).toBe(made);
    expect(c.madeId(again.data![c.name])).toBe(c.madeId(first.data![c.name]));
  });

  it.each(CREATES)('$name: two requests with one key at once make one row', async (c) => {
    const as = c.as();
    const input = { ...(await c.input()), idempotencyKey: key(c.name) };
    const before = await count(c.rows);
    const results = await Promise.all([0, 1].map(() => mutate(c.name, c.type, c.selection, input, as)));
    const won = results.filter((r) => !r.errors);
    expect(won.length, JSON.stringify(results.map((r) => r.errors))).toBeGreaterThan(0);
    expect(new Set(won.map((r) => c.madeId(r.data![c.name]))).size).toBe(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors!.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
    expect(await count(c.rows)).toBe(before + c.per);
    // A later retry still makes nothing.
    expect(seen(await mutate(c.name, c.type, c.selection, input, as))).toEqual(seen(won[0]));
    expect(await count(c.rows)).toBe(before + c.per);
  });

  it('without a key nothing changes for clients that do not send one (a control: two requests, two rows)', async () => {
    const before = await nodesOf(draft);
    const input = { planId: draft, kind: 'PARAGRAPH', text: 'Đoạn không khóa' };
    await ok(await env.gql(ADD_NODE, { i: input }, editor), 'addNode');
    await ok(await env.gql(ADD_NODE, { i: input }, editor), 'addNode');
    expect(await nodesOf(draft)).toBe(before + 2);
  });
});

describe('createApiKey: the secret is shown once', () => {
  const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id prefix } } }`;

  it('a retry neither shows the secret again nor makes a second key: CONFLICT naming the key to revoke', async () => {
    const input = {
      unitId: String(tplaocai),
      name: `khóa thử lại ${crypto.randomBytes(3).toString('hex')}`,
      idempotencyKey: key('apikey'),
    };
    const before = await count(`select count(*) n from api_key`);
    const first = await env.gql(CREATE_KEY, { i: input }, admin);
    expect(first.errors).toBeUndefined();
    const { secret, apiKey } = first.data!.createApiKey;
    const again = await env.gql(CREATE_KEY, { i: input }, admin);
    expect(again.data).toBeNull();
    expect(again.errors).toHaveLength(1);
    const e = again.errors![0];
    expect(e.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'API_KEY_SECRET_SHOWN_ONCE',
      current: { id: apiKey.id, prefix: apiKey.prefix },
    });
    expect(JSON.stringify(again)).not.toContain(secret);
    expect(await count(`select count(*) n from api_key`)).toBe(before + 1);
    // Nowhere in the database is the secret kept in clear.
    const stored = await env.db.query(`select to_jsonb(k)::text j from idempotency_key k`);
    expect(stored.rows.some((r) => String(r.j).includes(secret))).toBe(false);
    // The key made by the first request works (it was not replaced).
    expect((await env.gql(`{ me { kind } }`, {}, { apiKey: secret })).data!.me.kind).toBe('API_KEY');
  });

  it('another payload under the key → BAD_USER_INPUT', async () => {
    const input = { unitId: String(tplaocai), name: 'khóa một', idempotencyKey: key('apikey') };
    expect((await env.gql(CREATE_KEY, { i: input }, admin)).errors).toBeUndefined();
    const r = await env.gql(CREATE_KEY, { i: { ...input, name: 'khóa hai' } }, admin);
    expect(r.errors?.map((x) => [x.extensions?.code, x.extensions?.field])).toEqual([['BAD_USER_INPUT', 'idempotencyKey']]);
  });
});
