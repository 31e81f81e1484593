import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxToText } from '../../api/src/modules/documents/import/docx-to-text.js';
import { codeOf, createTestEnv, type Caller, type GqlResult, type TestEnv } from '../support/env.js';
import { planCalls } from '../support/plan-calls.js';

/*
 * Omission is its own action (docs/DESIGN.md §4): in a derived draft a node that came from the
 * parent is omitted with a reason (omitNode) and restored (restoreNode); it stays in the document
 * as OMITTED, out of the checks and the printed plan. deleteNode is for the unit's own nodes.
 */

let env: TestEnv;
let prov: { editor: Caller; approver: Caller };
let city: { editor: Caller; approver: Caller; viewer: Caller };
let provincePlanId: string;
const src: Record<string, string> = {};

const police = { name: 'Công an tỉnh', sector: 'POLICE' };
const customs = { name: 'Cục Hải quan tỉnh', sector: 'CUSTOMS' };

const NODE = 'id provenance version text derivedFromNodeId omission { reason at by }';

const { mutate, ok, issue } = planCalls(() => env, { issuedDate: '2024-08-20' });

const add = async (as: Caller, planId: string, fields: Record<string, unknown>) =>
  (await ok(as, 'addNode', 'AddNodeInput', { planId, ...fields }, 'node { id }')).node.id as string;

/** A province plan: I. with two tasks, II. with one task (no timing) and a bullet; issued. */
async function provincePlan(title: string) {
  const p = await ok(prov.editor, 'createPlan', 'CreatePlanInput', { title }, 'plan { id version }');
  const id = p.plan.id as string;
  const s1 = await add(prov.editor, id, { kind: 'SECTION', label: 'I.', text: 'NHIỆM VỤ TRỌNG TÂM' });
  const police1 = await add(prov.editor, id, {
    parentId: s1,
    kind: 'ITEM',
    label: '1.',
    text: 'Công an tỉnh mở đợt cao điểm tấn công trấn áp tội phạm ma túy',
    task: { lead: [police], timing: { kind: 'RECURRING', recurring: true, text: 'thường xuyên' } },
  });
  const customs1 = await add(prov.editor, id, {
    parentId: s1,
    afterNodeId: police1,
    kind: 'ITEM',
    label: '2.',
    text: 'Cục Hải quan tỉnh kiểm soát tiền chất tại cửa khẩu quốc tế Lào Cai',
    task: { lead: [customs], timing: { kind: 'RECURRING', recurring: true, text: 'thường xuyên' } },
  });
  const s2 = await add(prov.editor, id, { kind: 'SECTION', label: 'II.', text: 'TỔ CHỨC THỰC HIỆN', afterNodeId: s1 });
  const untimed = await add(prov.editor, id, {
    parentId: s2,
    kind: 'ITEM',
    label: '1.',
    text: 'Công an tỉnh rà soát đối tượng nghiện tại khu vực biên giới',
    task: { lead: [police] },
  });
  const bullet = await add(prov.editor, id, {
    parentId: s2,
    afterNodeId: untimed,
    kind: 'ITEM',
    label: '2.',
    text: 'Sơ kết, tổng kết theo quy định.',
  });
  await issue(prov.editor, prov.approver, id);
  return { id, s1, police1, customs1, s2, untimed, bullet };
}

async function derive(as: Caller, parentPlanId: string) {
  return (await ok(as, 'derivePlan', 'DerivePlanInput', { parentPlanId }, 'plan { id }')).plan.id as string;
}

async function nodesOf(planId: string, as: Caller = city.editor) {
  const r = await env.gql(`query($id: String!) { plan(id: $id) { nodes { ${NODE} parentId } } }`, { id: planId }, as);
  expect(r.errors).toBeUndefined();
  return r.data!.plan.nodes as {
    id: string;
    provenance: string;
    version: number;
    text: string;
    derivedFromNodeId: string | null;
    parentId: string | null;
    omission: { reason: string; at: string; by: string | null } | null;
  }[];
}
const childOf = async (planId: string, source: string) => (await nodesOf(planId)).find((n) => n.derivedFromNodeId === source)!;

const omit = (as: Caller, nodeId: string, version: number, reason: unknown, extra: Record<string, unknown> = {}) =>
  mutate(as, 'omitNode', 'OmitNodeInput', { nodeId, version, reason, ...extra }, `node { ${NODE} } plan { id }`);
const restore = (as: Caller, nodeId: string, version: number) =>
  mutate(as, 'restoreNode', 'RestoreNodeInput', { nodeId, version }, `node { ${NODE} } plan { id }`);

let childId: string;
let parent: Awaited<ReturnType<typeof provincePlan>>;

beforeAll(async () => {
  env = await createTestEnv();
  prov = { editor: await env.login('laocai.editor'), approver: await env.login('laocai.approver') };
  city = {
    editor: await env.login('tplaocai.editor'),
    approver: await env.login('tplaocai.approver'),
    viewer: await env.login('tplaocai.viewer'),
  };
  parent = await provincePlan('Kế hoạch bỏ qua nhiệm vụ phòng, chống ma túy');
  provincePlanId = parent.id;
  Object.assign(src, parent);
  childId = await derive(city.editor, provincePlanId);
});

afterAll(async () => {
  await env?.stop();
});

describe('omitNode', () => {
  it('omits an inherited task with its reason: it stays in the document as OMITTED, with who and when', async () => {
    const customsNode = await childOf(childId, src.customs1);
    expect(customsNode.provenance).toBe('INHERITED');
    // Decomposed Vietnamese (NFD) with spaces around: stored NFC and trimmed.
    const reason = '  Thành phố không có cửa khẩu quốc tế  '.normalize('NFD');
    const r = await omit(city.editor, customsNode.id, customsNode.version, reason);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const node = r.data!.omitNode.node;
    expect(node).toMatchObject({ id: customsNode.id, provenance: 'OMITTED', version: customsNode.version + 1 });
    expect(node.omission.reason).toBe('Thành phố không có cửa khẩu quốc tế');
    expect(node.omission.reason).toBe(node.omission.reason.normalize('NFC'));
    expect(node.omission.by).toBeTruthy();
    expect(Number.isNaN(Date.parse(node.omission.at))).toBe(false);
    // Still in the document, in its place.
    const after = await nodesOf(childId);
    expect(after.find((n) => n.id === customsNode.id)).toMatchObject({ provenance: 'OMITTED', text: customsNode.text });
    // The audit event, in the same transaction.
    const h = await env.gql(
      `query($id: String!) { plan(id: $id) { history(first: 50) { nodes { action after } } } }`,
      { id: childId },
      city.editor,
    );
    const ev = h.data!.plan.history.nodes.find((e: any) => e.action === 'NODE_OMITTED');
    expect(JSON.parse(ev.after)).toMatchObject({ nodeId: customsNode.id, reason: 'Thành phố không có cửa khẩu quốc tế' });
  });

  it('requires a reason: missing, blank or too long is BAD_USER_INPUT on field reason, nothing written', async () => {
    const n = await childOf(childId, src.police1);
    for (const reason of ['', '   \n ', 'x'.repeat(2001)]) {
      const r = await omit(city.editor, n.id, n.version, reason);
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions!.field).toBe('reason');
    }
    const missing = await env.gql(
      `mutation($i: OmitNodeInput!) { omitNode(input: $i) { node { id } } }`,
      { i: { nodeId: n.id, version: n.version } },
      city.editor,
    );
    expect(codeOf(missing)).toBe('BAD_USER_INPUT');
    expect(missing.errors![0].extensions!.field).toBe('reason');
    expect((await childOf(childId, src.police1)).provenance).toBe('INHERITED');
  });

  it('refuses a LOCAL node (delete it instead) and a node that is already omitted: INVALID_STATE', async () => {
    const local = await add(city.editor, childId, { kind: 'PARAGRAPH', text: 'Đoạn riêng của thành phố' });
    const v = (await nodesOf(childId)).find((n) => n.id === local)!;
    expect(codeOf(await omit(city.editor, local, v.version, 'Không cần'))).toBe('INVALID_STATE');
    const omitted = await childOf(childId, src.customs1);
    expect(omitted.provenance).toBe('OMITTED');
    expect(codeOf(await omit(city.editor, omitted.id, omitted.version, 'Lần nữa'))).toBe('INVALID_STATE');
    // The unit's own node is still deleted as before.
    const d = await mutate(city.editor, 'deleteNode', 'DeleteNodeInput', { nodeId: local, version: v.version }, 'deletedId');
    expect(d.errors).toBeUndefined();
  });

  it('refuses to delete a node that came from the parent: INVALID_STATE with reason OMIT_INSTEAD', async () => {
    const n = await childOf(childId, src.police1);
    const r = await mutate(city.editor, 'deleteNode', 'DeleteNodeInput', { nodeId: n.id, version: n.version }, 'deletedId');
    expect(codeOf(r)).toBe('INVALID_STATE');
    expect(r.errors![0].extensions!.reason).toBe('OMIT_INSTEAD');
    // A section holding one is refused too.
    const s1 = await childOf(childId, src.s1);
    const rs = await mutate(city.editor, 'deleteNode', 'DeleteNodeInput', { nodeId: s1.id, version: s1.version }, 'deletedId');
    expect(rs.errors![0].extensions!.reason).toBe('OMIT_INSTEAD');
    expect(await childOf(childId, src.police1)).toBeTruthy();
  });

  it('refuses a plan that is not a derived draft, and a stale version (CONFLICT with the current node)', async () => {
    // The province's own plan (issued, not derived).
    const own = (await nodesOf(provincePlanId, prov.editor)).find((n) => n.id === src.police1)!;
    expect(codeOf(await omit(prov.editor, own.id, own.version, 'Không cần'))).toBe('INVALID_STATE');
    const n = await childOf(childId, src.police1);
    const stale = await omit(city.editor, n.id, n.version - 1, 'Lý do');
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors![0].extensions!.current).toMatchObject({ id: n.id, version: n.version });
    // A viewer of the unit and the superior may not.
    expect(codeOf(await omit(city.viewer, n.id, n.version, 'Lý do'))).toBe('FORBIDDEN');
    expect(codeOf(await omit(prov.editor, n.id, n.version, 'Lý do'))).toBe('FORBIDDEN');
  });

  it('an omitted node cannot be edited, nor anything added or moved under it, until it is restored', async () => {
    const n = await childOf(childId, src.customs1);
    const r = await mutate(city.editor, 'updateNode', 'UpdateNodeInput', { nodeId: n.id, version: n.version, text: 'Sửa' }, 'node { id }');
    expect(codeOf(r)).toBe('INVALID_STATE');
    const added = await mutate(
      city.editor,
      'addNode',
      'AddNodeInput',
      { planId: childId, parentId: n.id, kind: 'BULLET', label: '-', text: 'Việc con' },
      'node { id }',
    );
    expect(codeOf(added)).toBe('INVALID_STATE');
    const police = await childOf(childId, src.police1);
    const moved = await mutate(
      city.editor,
      'moveNode',
      'MoveNodeInput',
      { nodeId: police.id, version: police.version, parentId: n.id, afterNodeId: null },
      'node { id }',
    );
    expect(codeOf(moved)).toBe('INVALID_STATE');
  });

  it('replays a retried omitNode under its idempotency key: one omission, one audit event', async () => {
    const plan = await provincePlan('Kế hoạch bỏ qua thử lại');
    const mine = await derive(city.editor, plan.id);
    const n = await childOf(mine, plan.bullet);
    const key = `omit-${Date.now()}`;
    const a = await omit(city.editor, n.id, n.version, 'Đã có kế hoạch riêng', { idempotencyKey: key });
    const b = await omit(city.editor, n.id, n.version, 'Đã có kế hoạch riêng', { idempotencyKey: key });
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(b.data!.omitNode.node).toEqual(a.data!.omitNode.node);
    const events = await env.db.query(`select count(*)::int as n from audit_event where entity_id = $1 and action = 'NODE_OMITTED'`, [
      mine,
    ]);
    expect(events.rows[0].n).toBe(1);
    // The same key with another reason is refused.
    expect(codeOf(await omit(city.editor, n.id, n.version, 'Lý do khác', { idempotencyKey: key }))).toBe('BAD_USER_INPUT');
  });
});

describe('restoreNode', () => {
  it('brings an omitted node back to its previous provenance (INHERITED, or ADAPTED when it was changed)', async () => {
    const plan = await provincePlan('Kế hoạch khôi phục nhiệm vụ');
    const mine = await derive(city.editor, plan.id);
    const inherited = await childOf(mine, plan.police1);
    let adapted = await childOf(mine, plan.customs1);
    const u = await ok(
      city.editor,
      'updateNode',
      'UpdateNodeInput',
      { nodeId: adapted.id, version: adapted.version, text: 'Đội Kiểm soát Hải quan kiểm soát tiền chất tại cửa khẩu' },
      'node { provenance version }',
    );
    expect(u.node.provenance).toBe('ADAPTED');
    adapted = { ...adapted, version: u.node.version };
    const o1 = (await omit(city.editor, inherited.id, inherited.version, 'Lý do một')).data!.omitNode.node;
    const o2 = (await omit(city.editor, adapted.id, adapted.version, 'Lý do hai')).data!.omitNode.node;
    // A stale restore is a CONFLICT and changes nothing.
    expect(codeOf(await restore(city.editor, o1.id, o1.version - 1))).toBe('CONFLICT');
    const r1 = await restore(city.editor, o1.id, o1.version);
    expect(r1.errors, JSON.stringify(r1.errors)).toBeUndefined();
    expect(r1.data!.restoreNode.node).toMatchObject({ provenance: 'INHERITED', omission: null });
    const r2 = await restore(city.editor, o2.id, o2.version);
    expect(r2.data!.restoreNode.node).toMatchObject({ provenance: 'ADAPTED', omission: null });
    // Restoring what is not omitted is INVALID_STATE.
    const again = r1.data!.restoreNode.node;
    expect(codeOf(await restore(city.editor, again.id, again.version))).toBe('INVALID_STATE');
    const h = await env.db.query(`select action from audit_event where entity_id = $1 and action like 'NODE_%' order by id`, [mine]);
    expect(h.rows.map((r) => r.action)).toEqual(['NODE_UPDATE', 'NODE_OMITTED', 'NODE_OMITTED', 'NODE_RESTORED', 'NODE_RESTORED']);
    expect(await env.db.query(`select 1 from plan_omission where plan_id = $1`, [mine]).then((x) => x.rowCount)).toBe(0);
  });

  it('omitting a section omits its subtree (its own added nodes too); restoring the section restores them', async () => {
    const plan = await provincePlan('Kế hoạch bỏ qua cả mục');
    const mine = await derive(city.editor, plan.id);
    const s1 = await childOf(mine, plan.s1);
    const local = await add(city.editor, mine, { parentId: s1.id, kind: 'BULLET', label: '-', text: 'Việc riêng của thành phố' });
    const fresh = await childOf(mine, plan.s1);
    const o = await omit(city.editor, fresh.id, fresh.version, 'Không áp dụng cho thành phố');
    expect(o.errors).toBeUndefined();
    const nodes = await nodesOf(mine);
    const under = nodes.filter((n) => [plan.s1, plan.police1, plan.customs1].includes(n.derivedFromNodeId!) || n.id === local);
    expect(under.map((n) => n.provenance)).toEqual(['OMITTED', 'OMITTED', 'OMITTED', 'OMITTED']);
    // A node below an omitted section is restored with its section, not alone.
    const inner = nodes.find((n) => n.derivedFromNodeId === plan.police1)!;
    expect(codeOf(await restore(city.editor, inner.id, inner.version))).toBe('INVALID_STATE');
    const s = nodes.find((n) => n.derivedFromNodeId === plan.s1)!;
    expect((await restore(city.editor, s.id, s.version)).errors).toBeUndefined();
    const back = await nodesOf(mine);
    expect(back.find((n) => n.id === local)!.provenance).toBe('LOCAL');
    expect(back.filter((n) => n.derivedFromNodeId).map((n) => n.provenance)).not.toContain('OMITTED');
  });

  it('takes a bounded number of statements whatever the size of the omitted subtree', async () => {
    const plan = await provincePlan('Kế hoạch đếm câu lệnh bỏ qua');
    const mine = await derive(city.editor, plan.id);
    // II. holds two nodes, one task holds none.
    const small = await childOf(mine, plan.bullet);
    const big = await childOf(mine, plan.s1);
    // An edit of one node of the same plan, for scale: omitting costs what an edit costs, give or take the subtree's statement.
    const edited = await childOf(mine, plan.untimed);
    const ru = await mutate(
      city.editor,
      'updateNode',
      'UpdateNodeInput',
      { nodeId: edited.id, version: edited.version, text: 'Công an thành phố rà soát đối tượng nghiện' },
      `node { ${NODE} } plan { id }`,
    );
    expect(ru.errors).toBeUndefined();
    const rs = await omit(city.editor, small.id, small.version, 'Lý do');
    const rb = await omit(city.editor, big.id, big.version, 'Lý do');
    expect(rs.errors).toBeUndefined();
    expect(rb.errors).toBeUndefined();
    expect(rb.sqlCount).toBe(rs.sqlCount);
    expect(rb.sqlCount).toBeLessThanOrEqual(ru.sqlCount + 2);
    const bigNow = await childOf(mine, plan.s1);
    const rr = await restore(city.editor, bigNow.id, bigNow.version);
    const smallNow = await childOf(mine, plan.bullet);
    const rrs = await restore(city.editor, smallNow.id, smallNow.version);
    expect(rr.errors).toBeUndefined();
    expect(rr.sqlCount).toBe(rrs.sqlCount);
    expect(rr.sqlCount).toBeLessThanOrEqual(ru.sqlCount + 2);
  });
});

describe('an omitted node everywhere else', () => {
  let plan: Awaited<ReturnType<typeof provincePlan>>;
  let mine: string;
  beforeAll(async () => {
    plan = await provincePlan('Kế hoạch bỏ qua trong các trang');
    mine = await derive(city.editor, plan.id);
    const n = await childOf(mine, plan.customs1);
    expect((await omit(city.editor, n.id, n.version, 'Thành phố không có cửa khẩu')).errors).toBeUndefined();
  });

  it('the diff shows it as OMITTED with its reason, in its place; the roll-up counts it', async () => {
    const d = await env.gql(
      `query($id: String!) { planDiff(planId: $id) { counts { inherited adapted local omitted }
        entries { status omissionReason node { id } parentNode { id } } } }`,
      { id: mine },
      await env.login('laocai.viewer'),
    );
    expect(d.errors).toBeUndefined();
    const diff = d.data!.planDiff;
    expect(diff.counts).toEqual({ inherited: 5, adapted: 0, local: 0, omitted: 1 });
    expect(diff.entries.map((e: any) => e.status)).toEqual(['INHERITED', 'INHERITED', 'OMITTED', 'INHERITED', 'INHERITED', 'INHERITED']);
    const o = diff.entries.find((e: any) => e.status === 'OMITTED');
    expect(o).toMatchObject({ omissionReason: 'Thành phố không có cửa khẩu', parentNode: { id: plan.customs1 } });
    expect(o.node).not.toBeNull();
    const r = await env.db.query(
      `select inherited, adapted, local, omitted, parent_tasks, parent_tasks_covered from plan_rollup where plan_id = $1`,
      [mine],
    );
    expect(r.rows[0]).toEqual({ inherited: 5, adapted: 0, local: 0, omitted: 1, parent_tasks: 3, parent_tasks_covered: 2 });
  });

  it('the coverage matrix of the parent shows the task as OMITTED for the city', async () => {
    const m = await env.gql(
      `query($id: String!) { plan(id: $id) { coverageMatrix(first: 50) { cells { taskId unitId status } } } }`,
      { id: plan.id },
      prov.editor,
    );
    expect(m.errors).toBeUndefined();
    const tp = String(await env.unitId('080'));
    const cells = m.data!.plan.coverageMatrix.cells.filter((c: any) => c.unitId === tp);
    expect(cells.find((c: any) => c.taskId === plan.customs1).status).toBe('OMITTED');
    expect(cells.find((c: any) => c.taskId === plan.police1).status).toBe('INHERITED');
  });

  it('the checks ignore it', async () => {
    const checks = async () =>
      (
        (await env.gql(`query($id: String!) { planChecks(planId: $id) { rule nodeId } }`, { id: mine }, city.editor)).data!.planChecks as {
          rule: string;
          nodeId: string;
        }[]
      ).filter((f) => f.rule === 'TASK_NO_TIMING');
    const untimed = await childOf(mine, plan.untimed);
    expect((await checks()).map((f) => f.nodeId)).toContain(untimed.id);
    expect((await omit(city.editor, untimed.id, untimed.version, 'Đã giao Công an thành phố')).errors).toBeUndefined();
    expect((await checks()).map((f) => f.nodeId)).not.toContain(untimed.id);
  });

  it('the .docx leaves it out of the printed plan', async () => {
    const res = await fetch(`${env.url}/api/plans/${mine}/export.docx`, { headers: { authorization: `Bearer ${city.editor.token}` } });
    expect(res.status).toBe(200);
    const { text } = await docxToText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain('mở đợt cao điểm tấn công trấn áp tội phạm ma túy');
    expect(text).not.toContain('kiểm soát tiền chất tại cửa khẩu');
  });

  it("the parent's amendment does not offer a change of an omitted node, and the parent's next child does not inherit it", async () => {
    const am = await ok(prov.editor, 'amendPlan', 'AmendPlanInput', { planId: plan.id }, 'plan { id }');
    const nodes = (await env.gql(`query($id: String!) { plan(id: $id) { nodes { id version text } } }`, { id: am.plan.id }, prov.editor))
      .data!.plan.nodes as { id: string; version: number; text: string }[];
    const customsV2 = nodes.find((n) => n.text.startsWith('Cục Hải quan tỉnh'))!;
    const policeV2 = nodes.find((n) => n.text.startsWith('Công an tỉnh mở'))!;
    for (const n of [customsV2, policeV2])
      await ok(
        prov.editor,
        'updateNode',
        'UpdateNodeInput',
        { nodeId: n.id, version: n.version, text: `${n.text}, bổ sung` },
        'node { id }',
      );
    await issue(prov.editor, prov.approver, am.plan.id, '2024-09-10');
    const u = await env.gql(`query($id: String!) { plan(id: $id) { upstreamChanges { upstreamNodeId kind } } }`, { id: mine }, city.editor);
    expect(u.errors).toBeUndefined();
    const changed = u.data!.plan.upstreamChanges.map((c: any) => c.upstreamNodeId);
    expect(changed).toContain(policeV2.id);
    expect(changed).not.toContain(customsV2.id);
  });
});

describe('the parent removes a node the child omitted', () => {
  it('is not offered as a change, and once the child follows the new version the omitted node is gone', async () => {
    const plan = await provincePlan('Kế hoạch cấp trên bỏ mục con đã bỏ qua');
    const mine = await derive(city.editor, plan.id);
    const n = await childOf(mine, plan.customs1);
    expect((await omit(city.editor, n.id, n.version, 'Thành phố không có cửa khẩu')).errors).toBeUndefined();
    const am = await ok(prov.editor, 'amendPlan', 'AmendPlanInput', { planId: plan.id }, 'plan { id }');
    const v2 = (await env.gql(`query($id: String!) { plan(id: $id) { nodes { id version text } } }`, { id: am.plan.id }, prov.editor)).data!
      .plan.nodes as { id: string; version: number; text: string }[];
    const customsV2 = v2.find((x) => x.text.startsWith('Cục Hải quan tỉnh'))!;
    const policeV2 = v2.find((x) => x.text.startsWith('Công an tỉnh mở'))!;
    await ok(prov.editor, 'deleteNode', 'DeleteNodeInput', { nodeId: customsV2.id, version: customsV2.version }, 'deletedId');
    await ok(
      prov.editor,
      'updateNode',
      'UpdateNodeInput',
      { nodeId: policeV2.id, version: policeV2.version, text: `${policeV2.text}, bổ sung` },
      'node { id }',
    );
    await issue(prov.editor, prov.approver, am.plan.id, '2024-09-10');
    const u = await env.gql(`query($id: String!) { plan(id: $id) { upstreamChanges { upstreamNodeId kind } } }`, { id: mine }, city.editor);
    expect(u.data!.plan.upstreamChanges).toEqual([{ upstreamNodeId: policeV2.id, kind: 'MODIFIED' }]);
    await ok(city.editor, 'takeUpstreamChange', 'UpstreamDecisionInput', { planId: mine, upstreamNodeId: policeV2.id }, 'applied');
    const after = await nodesOf(mine);
    expect(after.find((x) => x.id === n.id)).toBeUndefined();
    expect(after.map((x) => x.provenance)).not.toContain('OMITTED');
    expect((await env.db.query(`select count(*)::int as n from plan_omission where plan_id = $1`, [mine])).rows[0].n).toBe(0);
    const parentNow = await env.gql(`query($id: String!) { plan(id: $id) { parentPlan { id } } }`, { id: mine }, city.editor);
    expect(parentNow.data!.plan.parentPlan.id).toBe(am.plan.id);
  });
});

describe('an issued derived plan with an omitted node', () => {
  it('prints without it and a plan derived from it does not inherit it', async () => {
    const plan = await provincePlan('Kế hoạch bỏ qua rồi ban hành');
    const mine = await derive(city.editor, plan.id);
    const n = await childOf(mine, plan.customs1);
    expect((await omit(city.editor, n.id, n.version, 'Thành phố không có cửa khẩu')).errors).toBeUndefined();
    await issue(city.editor, city.approver, mine, '2024-08-25');
    const ward = await env.login('phuonglaocai.editor');
    const grand = await derive(ward, mine);
    const r = (await env.gql(`query($id: String!) { plan(id: $id) { nodes { text } } }`, { id: grand }, ward)) as GqlResult;
    const texts = (r.data!.plan.nodes as { text: string }[]).map((x) => x.text);
    expect(texts.some((t) => t.includes('cửa khẩu'))).toBe(false);
    expect(texts.length).toBe(5);
  });
});
