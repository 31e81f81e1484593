import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type Caller, type TestEnv } from '../support/env.js';
import { planCalls } from '../support/plan-calls.js';

/*
 * Issue 15: what users saw of derivation once the plan tables had many writers — upstream pages
 * listing changes nobody made, a taken change reported as "no corresponding content", a diff
 * showing a deadline the editor had changed, amendments refreshing the children's roll-ups one by
 * one, derivation writing every node twice.
 */

let env: TestEnv;
let prov: { editor: Caller; approver: Caller };
let city: { editor: Caller };
let batxat: { editor: Caller };

const { ok, planVersion } = planCalls(() => env);

async function submitAndIssue(planId: string, issuedDate: string) {
  await ok(
    prov.editor,
    'submitPlanForReview',
    'PlanTransitionInput',
    { planId, version: await planVersion(prov.editor, planId) },
    'plan { id }',
  );
  return env.gql(
    `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { id status } } }`,
    { i: { planId, version: await planVersion(prov.approver, planId), issuedDate, signature: { signerName: 'Trịnh Xuân Trường' } } },
    prov.approver,
  );
}

const derive = async (as: Caller, parentPlanId: string) =>
  (await ok(as, 'derivePlan', 'DerivePlanInput', { parentPlanId }, 'plan { id }')).plan.id as string;

const nodesOf = async (as: Caller, planId: string) =>
  (
    await env.gql(
      `query($id: String!) { plan(id: $id) { nodes { id version text label provenance derivedFromNodeId task { timing { kind dueDate phaseId text } } } } }`,
      { id: planId },
      as,
    )
  ).data!.plan.nodes as {
    id: string;
    version: number;
    text: string;
    provenance: string;
    derivedFromNodeId: string | null;
    task: { timing: { kind: string; dueDate: string | null; phaseId: string | null; text: string } | null } | null;
  }[];

/** A province plan with a campaign phase, a task during it, a task with a deadline, a plain task and a tail. */
async function provincePlan(title: string) {
  const p = await ok(prov.editor, 'createPlan', 'CreatePlanInput', { title }, 'plan { id }');
  const planId = p.plan.id as string;
  const phase = await ok(
    prov.editor,
    'savePhase',
    'SavePhaseInput',
    { planId, name: 'Cao điểm', startDate: '2024-09-01', endDate: '2024-10-31' },
    'phase { id }',
  );
  const add = async (fields: Record<string, unknown>) =>
    (await ok(prov.editor, 'addNode', 'AddNodeInput', { planId, ...fields }, 'node { id }')).node.id as string;
  const section = await add({ kind: 'SECTION', label: 'II.', text: 'NHIỆM VỤ' });
  const duringPhase = await add({
    parentId: section,
    kind: 'BULLET',
    label: '-',
    text: 'Công an tỉnh mở đợt cao điểm tấn công trấn áp tội phạm ma túy',
    task: {
      lead: [{ name: 'Công an tỉnh', sector: 'POLICE' }],
      timing: { kind: 'DURING_PHASE', phaseId: phase.phase.id, text: 'trong đợt cao điểm' },
    },
  });
  const deadline = await add({
    parentId: section,
    afterNodeId: duringPhase,
    kind: 'BULLET',
    label: '-',
    text: 'UBND các huyện, thị xã, thành phố tổ chức Hội nghị quán triệt',
    task: {
      lead: [{ name: 'UBND các huyện, thị xã, thành phố', subordinateCommittees: true }],
      timing: { kind: 'BY_DATE', dueDate: '2024-08-30', text: 'trước ngày 30/8/2024' },
    },
  });
  const plain = await add({ parentId: section, afterNodeId: deadline, kind: 'BULLET', label: '-', text: 'Tuyên truyền tại trường học' });
  const tail = await add({ parentId: section, afterNodeId: plain, kind: 'BULLET', label: '-', text: 'Sơ kết, tổng kết theo quy định.' });
  return { planId, section, duringPhase, deadline, plain, tail };
}

/** The next version of an issued plan, with each new node keyed by the node it continues. */
async function amend(planId: string) {
  const am = await ok(prov.editor, 'amendPlan', 'AmendPlanInput', { planId }, 'plan { id }');
  const v2 = am.plan.id as string;
  const byOld: Record<string, { id: string; version: number; text: string }> = {};
  for (const n of await nodesOf(prov.editor, v2)) {
    const prev = (await env.db.query(`select previous_version_node_id p from plan_node where id = $1`, [n.id])).rows[0].p;
    byOld[prev] = n;
  }
  return { v2, byOld };
}

beforeAll(async () => {
  env = await createTestEnv();
  prov = { editor: await env.login('laocai.editor'), approver: await env.login('laocai.approver') };
  city = { editor: await env.login('tplaocai.editor') };
  batxat = { editor: await env.login('batxat.editor') };
});
afterAll(async () => {
  await env?.stop();
});

describe('upstream changes', () => {
  it('lists exactly one change per change of the parent, none for untouched nodes, and keeps naming a taken node', async () => {
    const p = await provincePlan('Kế hoạch cao điểm tháng 9');
    await submitAndIssue(p.planId, '2024-08-20');
    const child = await derive(city.editor, p.planId);

    const { v2, byOld } = await amend(p.planId);
    // One edited text, one changed deadline, one added task, one removed task.
    const plain = byOld[p.plain];
    await ok(
      prov.editor,
      'updateNode',
      'UpdateNodeInput',
      { nodeId: plain.id, version: plain.version, text: 'Tuyên truyền tại trường học và khu dân cư' },
      'node { id }',
    );
    const dl = byOld[p.deadline];
    await ok(
      prov.editor,
      'updateNode',
      'UpdateNodeInput',
      {
        nodeId: dl.id,
        version: dl.version,
        task: {
          lead: [{ name: 'UBND các huyện, thị xã, thành phố', subordinateCommittees: true }],
          timing: { kind: 'BY_DATE', dueDate: '2024-09-06', text: 'trước ngày 30/8/2024' },
        },
      },
      'node { id }',
    );
    const added = await ok(
      prov.editor,
      'addNode',
      'AddNodeInput',
      { planId: v2, parentId: byOld[p.section].id, afterNodeId: plain.id, kind: 'BULLET', label: '-', text: 'Kiểm tra cơ sở karaoke' },
      'node { id }',
    );
    const tail = byOld[p.tail];
    await ok(prov.editor, 'deleteNode', 'DeleteNodeInput', { nodeId: tail.id, version: tail.version }, 'deletedId');
    expect((await submitAndIssue(v2, '2024-09-10')).errors).toBeUndefined();

    const q = `query($id: String!) { plan(id: $id) { upstreamChanges { kind upstreamNodeId decision childNodeIds } } }`;
    const changes = (await env.gql(q, { id: child }, city.editor)).data!.plan.upstreamChanges;
    const summary = changes.map((c: any) => `${c.kind}:${c.upstreamNodeId}`).sort();
    expect(summary).toEqual([`MODIFIED:${plain.id}`, `MODIFIED:${dl.id}`, `ADDED:${added.node.id}`, `REMOVED:${p.tail}`].sort());

    // Taking the edited text merges it; the change then still names the unit's node it went into.
    const cityPlain = (await nodesOf(city.editor, child)).find((n) => n.derivedFromNodeId === p.plain)!;
    const taken = await ok(
      city.editor,
      'takeUpstreamChange',
      'UpstreamDecisionInput',
      { planId: child, upstreamNodeId: plain.id },
      'applied',
    );
    expect(taken.applied).toBe(true);
    const after = (await env.gql(q, { id: child }, city.editor)).data!.plan.upstreamChanges;
    expect(after.find((c: any) => c.upstreamNodeId === plain.id)).toMatchObject({ decision: 'TAKEN', childNodeIds: [cityPlain.id] });
    expect((await nodesOf(city.editor, child)).find((n) => n.id === cityPlain.id)!.text).toBe('Tuyên truyền tại trường học và khu dân cư');
  });
});

describe('the diff', () => {
  it("shows a task's current deadline after the editor changed it, not the words of the old one", async () => {
    const p = await provincePlan('Kế hoạch tuyên truyền tháng 9');
    await submitAndIssue(p.planId, '2024-08-21');
    const child = await derive(city.editor, p.planId);
    const node = (await nodesOf(city.editor, child)).find((n) => n.derivedFromNodeId === p.deadline)!;
    // The editor moves the date and sends the rest of the task back as it was (the portal's form does).
    await ok(
      city.editor,
      'updateNode',
      'UpdateNodeInput',
      {
        nodeId: node.id,
        version: node.version,
        task: {
          lead: [{ name: 'UBND các xã, phường', subordinateCommittees: true }],
          timing: { kind: 'BY_DATE', dueDate: '2024-09-06', text: node.task!.timing!.text },
        },
      },
      'node { id }',
    );
    const d = await env.gql(
      `query($id: String!) { planDiff(planId: $id) { entries { status taskChanged node { id task { timing { dueDate text } } } } } }`,
      { id: child },
      city.editor,
    );
    expect(d.errors).toBeUndefined();
    const entry = d.data!.planDiff.entries.find((e: any) => e.node?.id === node.id);
    expect(entry).toMatchObject({ status: 'ADAPTED', taskChanged: true });
    expect(entry.node.task.timing.dueDate).toBe('2024-09-06');
    // "trước ngày 30/8/2024" no longer describes the task: it is not kept as its timing.
    expect(entry.node.task.timing.text).not.toContain('30/8');
  });
});

describe('roll-ups', () => {
  /** Issues an amendment of a plan that `children` derived from; the statement count of the issue. */
  async function issueAmendmentWithChildren(title: string, children: Caller[]) {
    const p = await provincePlan(title);
    await submitAndIssue(p.planId, '2024-08-22');
    for (const c of children) await derive(c, p.planId);
    const { v2, byOld } = await amend(p.planId);
    const plain = byOld[p.plain];
    await ok(prov.editor, 'updateNode', 'UpdateNodeInput', { nodeId: plain.id, version: plain.version, text: 'Đã sửa' }, 'node { id }');
    const r = await submitAndIssue(v2, '2024-09-11');
    expect(r.errors).toBeUndefined();
    return r.sqlCount;
  }

  it('refreshes the roll-ups of every child plan of an amended parent at once, not one by one', async () => {
    const one = await issueAmendmentWithChildren('Kế hoạch một con', [city.editor]);
    const two = await issueAmendmentWithChildren('Kế hoạch hai con', [city.editor, batxat.editor]);
    expect(two).toBe(one);
    const pending = await env.db.query(
      `select r.upstream_pending from plan_rollup r join plan p on p.id = r.plan_id join plan pp on pp.id = p.parent_plan_id
       where pp.title = 'Kế hoạch hai con' order by r.plan_id`,
    );
    expect(pending.rows).toEqual([{ upstream_pending: 1 }, { upstream_pending: 1 }]);
  });
});

describe('derivation', () => {
  it('writes each node once: one INSERT into plan_node with snapshot and provenance, no UPDATE, no DELETE', async () => {
    const p = await provincePlan('Kế hoạch ghi mỗi nút một lần');
    const issued = await submitAndIssue(p.planId, '2024-08-22');
    expect(issued.errors).toBeUndefined();
    // Every statement on plan_node, counted by PostgreSQL itself: statement-level triggers fire
    // once per statement, whatever its rows (and whichever code path sent it).
    await env.db.query(`create table test_plan_node_statements (op text, row_count int, plan_ids uuid[])`);
    await env.db.query(
      `create function test_log_plan_node_statement() returns trigger language plpgsql security definer as $$
       begin
         insert into test_plan_node_statements select tg_op, count(*)::int, array_agg(distinct plan_id) from changed;
         return null;
       end $$`,
    );
    for (const [op, table] of [
      ['insert', 'new'],
      ['update', 'new'],
      ['delete', 'old'],
    ])
      await env.db.query(
        `create trigger test_plan_node_${op} after ${op} on plan_node referencing ${table} table as changed
         for each statement execute function test_log_plan_node_statement()`,
      );
    try {
      const childId = await derive(city.editor, p.planId);
      const statements = await env.db.query(`select op, row_count, plan_ids from test_plan_node_statements`);
      // The parent's five nodes (its section and four tasks), written by one statement.
      expect(statements.rows).toEqual([{ op: 'INSERT', row_count: 5, plan_ids: [childId] }]);
      // That INSERT set each node's snapshot and provenance: nothing comes back to fill them in.
      const nodes = await env.db.query(
        `select provenance, source_snapshot is not null as snapshot, derived_from_node_id is not null as derived
         from plan_node where plan_id = $1`,
        [childId],
      );
      expect(nodes.rows).toHaveLength(5);
      expect(nodes.rows.every((n) => n.provenance === 'INHERITED' && n.snapshot && n.derived)).toBe(true);
    } finally {
      for (const op of ['insert', 'update', 'delete']) await env.db.query(`drop trigger test_plan_node_${op} on plan_node`);
      await env.db.query(`drop function test_log_plan_node_statement(); drop table test_plan_node_statements`);
    }
  });
});

describe('an edit of a derived draft', () => {
  const UPDATE = `mutation($i: UpdateNodeInput!) { updateNode(input: $i) { node { id version provenance depth text } } }`;
  const rollupOf = async (planId: string) =>
    (await env.db.query(`select inherited, adapted, upstream_pending from plan_rollup where plan_id = $1`, [planId])).rows[0];
  const audits = async (planId: string) =>
    (await env.db.query(`select after from audit_event where entity_id = $1 and action = 'NODE_UPDATE' order by id`, [planId])).rows.map(
      (r) => r.after,
    );

  it('costs a fixed number of statements, and still writes provenance, roll-up, bookkeeping and audit event', async () => {
    const p = await provincePlan('Kế hoạch sửa một nút');
    await submitAndIssue(p.planId, '2024-08-23');
    const child = await derive(city.editor, p.planId);
    const node = (await nodesOf(city.editor, child)).find((n) => n.derivedFromNodeId === p.plain)!;
    const before = await rollupOf(child);
    const touched = (await env.db.query(`select updated_at from plan where id = $1`, [child])).rows[0].updated_at;

    const r = await env.gql(
      UPDATE,
      { i: { nodeId: node.id, version: node.version, text: 'Tuyên truyền tại trường học' + ' và chợ' } },
      city.editor,
    );
    expect(r.errors).toBeUndefined();
    // The caller, the savepoint, the plan locked through the node, the node locked, the node
    // written (its provenance computed, the row returned), the roll-up, the plan's updated_at with
    // its limits and the audit event, the savepoint released.
    expect(r.sqlCount).toBe(8);
    // The node as written: nothing re-read after the roll-up.
    expect(r.data!.updateNode.node).toEqual({
      id: node.id,
      version: node.version + 1,
      provenance: 'ADAPTED',
      depth: 1,
      text: 'Tuyên truyền tại trường học và chợ',
    });
    expect(await rollupOf(child)).toEqual({ ...before, inherited: before.inherited - 1, adapted: before.adapted + 1 });
    expect((await env.db.query(`select updated_at from plan where id = $1`, [child])).rows[0].updated_at.getTime()).toBeGreaterThan(
      touched.getTime(),
    );
    expect(await audits(child)).toEqual([expect.objectContaining({ nodeId: node.id, text: 'Tuyên truyền tại trường học và chợ' })]);

    // Written back as the parent has it, the node is INHERITED again, and counted so.
    const back = await env.gql(UPDATE, { i: { nodeId: node.id, version: node.version + 1, text: node.text } }, city.editor);
    expect(back.data!.updateNode.node).toMatchObject({ provenance: 'INHERITED', version: node.version + 2 });
    expect(await rollupOf(child)).toEqual(before);
  });

  it("keeps counting the parent's pending changes when the plan is behind its parent's latest version", async () => {
    const p = await provincePlan('Kế hoạch sửa nút khi cấp trên đã sửa đổi');
    await submitAndIssue(p.planId, '2024-08-23');
    const child = await derive(city.editor, p.planId);
    const { v2, byOld } = await amend(p.planId);
    const plain = byOld[p.plain];
    await ok(prov.editor, 'updateNode', 'UpdateNodeInput', { nodeId: plain.id, version: plain.version, text: 'Đã sửa' }, 'node { id }');
    expect((await submitAndIssue(v2, '2024-09-12')).errors).toBeUndefined();
    expect((await rollupOf(child)).upstream_pending).toBe(1);

    const node = (await nodesOf(city.editor, child)).find((n) => n.derivedFromNodeId === p.deadline)!;
    const r = await env.gql(UPDATE, { i: { nodeId: node.id, version: node.version, text: 'Hội nghị quán triệt' } }, city.editor);
    expect(r.errors).toBeUndefined();
    // Only a plan behind its parent reads its upstream state (5 statements), and its roll-up is
    // written by a statement of its own.
    expect(r.sqlCount).toBe(8 + 6);
    expect(await rollupOf(child)).toMatchObject({ adapted: 1, upstream_pending: 1 });
  });
});
