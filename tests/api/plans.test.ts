import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, createTestEnv, type Caller, type TestEnv } from '../support/env.js';

let env: TestEnv;
let editor: Caller;
let approver: Caller;
let viewer: Caller;

const PLAN_FIELDS = `id status version versionNo number symbol numberSymbol title preamble issuedDate dateLine
  nodes { id parentId depth kind label text version task { lead { name sector } cooperating { name } timing { kind dueDate recurring text } } }
  targets { id metric value unitOfMeasure allocationSum allocationsMatch allocations { assignee value } }
  phases { id name startDate endDate } milestones { id kind dueDate title } legalBases { type number date issuer }`;

async function createPlan(as: Caller, title = 'Kế hoạch phòng, chống ma túy năm 2026') {
  const r = await env.gql(`mutation($i: CreatePlanInput!) { createPlan(input: $i) { plan { id version } } }`, { i: { title } }, as);
  expect(r.errors).toBeUndefined();
  return r.data!.createPlan.plan as { id: string; version: number };
}

async function addNode(as: Caller, planId: string, fields: Record<string, unknown>) {
  const r = await env.gql(
    `mutation($i: AddNodeInput!) { addNode(input: $i) { node { id version depth } } }`,
    { i: { planId, ...fields } },
    as,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.addNode.node as { id: string; version: number; depth: number };
}

async function getPlan(as: Caller, id: string) {
  return env.gql(`query($id: String!) { plan(id: $id) { ${PLAN_FIELDS} } }`, { id }, as);
}

async function issue(planId: string, number?: string) {
  let p = (await getPlan(editor, planId)).data!.plan;
  const s = await env.gql(
    `mutation($i: PlanTransitionInput!) { submitPlanForReview(input: $i) { plan { version status } } }`,
    { i: { planId, version: p.version } },
    editor,
  );
  expect(s.errors).toBeUndefined();
  p = s.data!.submitPlanForReview.plan;
  const r = await env.gql(
    `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { status number numberSymbol issuedDate dateLine version } } }`,
    { i: { planId, version: p.version, issuedDate: '2025-03-05', number, signature: { signerName: 'Trịnh Xuân Trường' } } },
    approver,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.issuePlan.plan;
}

beforeAll(async () => {
  env = await createTestEnv();
  editor = await env.login('laocai.editor');
  approver = await env.login('laocai.approver');
  viewer = await env.login('laocai.viewer');
});
afterAll(async () => {
  await env?.stop();
});

describe('authoring', () => {
  it('builds a numbered tree with tasks and reads it back in document order', async () => {
    const plan = await createPlan(editor);
    const s1 = await addNode(editor, plan.id, { kind: 'SECTION', label: 'I.', text: 'MỤC ĐÍCH, YÊU CẦU' });
    const s2 = await addNode(editor, plan.id, { kind: 'SECTION', label: 'II.', text: 'NHIỆM VỤ', afterNodeId: s1.id });
    const i1 = await addNode(editor, plan.id, { parentId: s2.id, kind: 'ITEM', label: '1.', text: 'Công an tỉnh' });
    await addNode(editor, plan.id, {
      parentId: i1.id,
      kind: 'BULLET',
      label: '-',
      text: 'Tổ chức Hội nghị quán triệt',
      task: {
        lead: [{ name: 'Công an tỉnh', sector: 'POLICE' }],
        cooperating: [{ name: 'Sở Y tế' }],
        timing: { kind: 'BY_DATE', dueDate: '2026-08-30', text: 'hoàn thành trước 30/8/2026' },
      },
    });
    // Inserted first under I.: positions shift, order stays as asked.
    await addNode(editor, plan.id, { parentId: s1.id, kind: 'ITEM', label: '1.', text: 'Mục đích' });
    const r = await getPlan(viewer, plan.id);
    expect(r.errors).toBeUndefined();
    const nodes = r.data!.plan.nodes;
    expect(nodes.map((n: any) => `${'  '.repeat(n.depth)}${n.label} ${n.text}`)).toEqual([
      'I. MỤC ĐÍCH, YÊU CẦU',
      '  1. Mục đích',
      'II. NHIỆM VỤ',
      '  1. Công an tỉnh',
      '    - Tổ chức Hội nghị quán triệt',
    ]);
    expect(nodes[4].task).toEqual({
      lead: [{ name: 'Công an tỉnh', sector: 'POLICE' }],
      cooperating: [{ name: 'Sở Y tế' }],
      timing: { kind: 'BY_DATE', dueDate: '2026-08-30', recurring: false, text: 'hoàn thành trước 30/8/2026' },
    });
  });

  it('moves and deletes nodes, closing the gaps', async () => {
    const plan = await createPlan(editor);
    const a = await addNode(editor, plan.id, { kind: 'SECTION', label: 'I.', text: 'A' });
    const b = await addNode(editor, plan.id, { kind: 'SECTION', label: 'II.', text: 'B', afterNodeId: a.id });
    const c = await addNode(editor, plan.id, { kind: 'SECTION', label: 'III.', text: 'C', afterNodeId: b.id });
    const child = await addNode(editor, plan.id, { parentId: c.id, kind: 'ITEM', label: '1.', text: 'C1' });
    const mv = await env.gql(
      `mutation($i: MoveNodeInput!) { moveNode(input: $i) { node { parentId depth } } }`,
      { i: { nodeId: c.id, version: c.version, parentId: null, afterNodeId: null } },
      editor,
    );
    expect(mv.errors).toBeUndefined();
    const cycle = await env.gql(
      `mutation($i: MoveNodeInput!) { moveNode(input: $i) { node { id } } }`,
      { i: { nodeId: c.id, version: c.version + 1, parentId: child.id } },
      editor,
    );
    expect(codeOf(cycle)).toBe('BAD_USER_INPUT');
    const del = await env.gql(
      `mutation($i: DeleteNodeInput!) { deleteNode(input: $i) { deletedId } }`,
      { i: { nodeId: a.id, version: a.version } },
      editor,
    );
    expect(del.errors).toBeUndefined();
    const nodes = (await getPlan(editor, plan.id)).data!.plan.nodes.map((n: any) => n.text);
    expect(nodes).toEqual(['C', 'C1', 'B']);
    const { rows } = await env.db.query(`select text, position from plan_node where plan_id = $1 and parent_id is null order by position`, [
      plan.id,
    ]);
    expect(rows).toEqual([
      { text: 'C', position: 0 },
      { text: 'B', position: 1 },
    ]);
  });

  it('stores text as NFC and rejects oversized or malformed input without writing', async () => {
    const plan = await createPlan(editor);
    const n = await addNode(editor, plan.id, { kind: 'PARAGRAPH', text: 'Phòng, chống ma túy'.normalize('NFD') });
    const { rows } = await env.db.query(`select text from plan_node where id = $1`, [n.id]);
    expect(rows[0].text).toBe('Phòng, chống ma túy'.normalize('NFC'));
    const before = await env.db.query(`select count(*)::int n from plan_node where plan_id = $1`, [plan.id]);
    for (const bad of [
      { kind: 'PARAGRAPH', text: 'x'.repeat(20001) },
      { kind: 'PARAGRAPH', text: 'ok', task: { lead: [{ name: 'A', sector: 'NOPE' }] } },
      { kind: 'PARAGRAPH', text: 'ok', task: { timing: { kind: 'BY_DATE', dueDate: '2026-02-30' } } },
      { kind: 'PARAGRAPH', text: 'ok', parentId: '00000000-0000-0000-0000-000000000000' },
    ]) {
      const r = await env.gql(
        `mutation($i: AddNodeInput!) { addNode(input: $i) { node { id } } }`,
        { i: { planId: plan.id, ...bad } },
        editor,
      );
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
    }
    const after = await env.db.query(`select count(*)::int n from plan_node where plan_id = $1`, [plan.id]);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('keeps targets with allocations and a live sum check', async () => {
    const plan = await createPlan(editor);
    const node = await addNode(editor, plan.id, { kind: 'ITEM', label: '2.3.', text: 'Chỉ tiêu đấu tranh' });
    const districts = await env.db.query(
      `select id, name from admin_unit where parent_id = (select id from admin_unit where code = '10' and valid_from is null) order by code limit 3`,
    );
    const allocations = districts.rows.map((d: any, i: number) => ({ assignee: d.name, unitId: String(d.id), value: [45, 10, 21][i] }));
    const r = await env.gql(
      `mutation($i: SaveTargetInput!) { saveTarget(input: $i) { target { id version value allocationSum allocationsMatch allocations { assignee value } } } }`,
      {
        i: {
          planId: plan.id,
          nodeId: node.id,
          metric: 'số vụ phát hiện, bắt giữ',
          unitOfMeasure: 'vụ',
          comparator: 'AT_LEAST',
          value: 80,
          allocations,
        },
      },
      editor,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.saveTarget.target).toMatchObject({ value: 80, allocationSum: 76, allocationsMatch: false });
    const checks = await env.gql(`query($id: String!) { planChecks(planId: $id) { rule nodeId targetId } }`, { id: plan.id }, editor);
    expect(checks.data!.planChecks).toContainEqual({
      rule: 'ALLOCATION_SUM_MISMATCH',
      nodeId: node.id,
      targetId: r.data!.saveTarget.target.id,
    });
    const fixed = await env.gql(
      `mutation($i: SaveTargetInput!) { saveTarget(input: $i) { target { allocationsMatch } } }`,
      {
        i: {
          planId: plan.id,
          targetId: r.data!.saveTarget.target.id,
          version: r.data!.saveTarget.target.version,
          nodeId: node.id,
          metric: 'số vụ',
          unitOfMeasure: 'vụ',
          value: 76,
          allocations,
        },
      },
      editor,
    );
    expect(fixed.data!.saveTarget.target.allocationsMatch).toBe(true);
    // A unit outside the issuing unit's subtree cannot receive an allocation.
    const other = await env.unitId('24');
    const bad = await env.gql(
      `mutation($i: SaveTargetInput!) { saveTarget(input: $i) { target { id } } }`,
      {
        i: {
          planId: plan.id,
          metric: 'x',
          unitOfMeasure: 'vụ',
          value: 1,
          allocations: [{ assignee: 'Bắc Giang', unitId: String(other), value: 1 }],
        },
      },
      editor,
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
  });
});

describe('checks', () => {
  it('reports "4 rõ" gaps, reports due before the period and inconsistent citations, naming the node', async () => {
    const plan = await createPlan(editor);
    const p = (await getPlan(editor, plan.id)).data!.plan;
    await env.gql(
      `mutation($i: UpdatePlanHeaderInput!) { updatePlanHeader(input: $i) { plan { id } } }`,
      { i: { planId: plan.id, version: p.version, periodStart: '2024-06-01', periodEnd: '2024-06-30' } },
      editor,
    );
    const noLead = await addNode(editor, plan.id, {
      kind: 'BULLET',
      label: '-',
      text: 'Tuyên truyền',
      task: { timing: { kind: 'RECURRING', text: 'thường xuyên' } },
    });
    const noTime = await addNode(editor, plan.id, {
      kind: 'BULLET',
      label: '-',
      text: 'Kiểm tra',
      task: { lead: [{ name: 'Công an tỉnh' }] },
    });
    const cite = await addNode(editor, plan.id, {
      kind: 'PARAGRAPH',
      text: 'Thực hiện Quyết định số 1425/QĐ-TTg ngày 31/8/2021 và Quyết định số 1452/QĐ-TTg ngày 31-8-2021 của Thủ tướng Chính phủ',
    });
    const report = await addNode(editor, plan.id, { kind: 'ITEM', label: '1.', text: 'Báo cáo kết quả trước ngày 04/7/2023' });
    await env.gql(
      `mutation($i: SaveMilestoneInput!) { saveMilestone(input: $i) { milestone { id } } }`,
      { i: { planId: plan.id, nodeId: report.id, kind: 'RESULT_REPORT', title: 'Báo cáo kết quả', dueDate: '2023-07-04' } },
      editor,
    );
    const r = await env.gql(`query($id: String!) { planChecks(planId: $id) { rule nodeId severity } }`, { id: plan.id }, viewer);
    const found = r.data!.planChecks.map((f: any) => `${f.rule}@${f.nodeId}`);
    expect(found).toEqual(
      expect.arrayContaining([
        `TASK_NO_LEAD@${noLead.id}`,
        `TASK_NO_TIMING@${noTime.id}`,
        `CITATION_INCONSISTENT@${cite.id}`,
        `REPORT_BEFORE_PERIOD@${report.id}`,
      ]),
    );
    expect(found).not.toContain(`TASK_NO_TIMING@${noLead.id}`);
  });
});

describe('lifecycle', () => {
  it('goes draft → review → issued with the next number; an issued plan is immutable', async () => {
    const plan = await createPlan(editor);
    const n = await addNode(editor, plan.id, { kind: 'SECTION', label: 'I.', text: 'MỤC ĐÍCH' });
    const p1 = await issue(plan.id);
    const p2id = (await createPlan(editor)).id;
    await addNode(editor, p2id, { kind: 'SECTION', label: 'I.', text: 'X' });
    const p2 = await issue(p2id);
    expect(Number(p2.number)).toBe(Number(p1.number) + 1);
    expect(p1.numberSymbol).toBe(`${p1.number}/KH-UBND`);
    expect(p1.dateLine).toBe('Lào Cai, ngày 05 tháng 3 năm 2025');
    const before = await env.db.query(`select text, version from plan_node where id = $1`, [n.id]);
    const edit = await env.gql(
      `mutation($i: UpdateNodeInput!) { updateNode(input: $i) { node { id } } }`,
      { i: { nodeId: n.id, version: n.version, text: 'changed' } },
      editor,
    );
    expect(codeOf(edit)).toBe('INVALID_STATE');
    const again = await env.gql(
      `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { id } } }`,
      { i: { planId: plan.id, version: p1.version, signature: { signerName: 'X' } } },
      approver,
    );
    expect(codeOf(again)).toBe('INVALID_STATE');
    const after = await env.db.query(`select text, version from plan_node where id = $1`, [n.id]);
    expect(after.rows).toEqual(before.rows);
  });

  it('keeps independent number sequences per unit', async () => {
    const bgEditor = await env.login('bacgiang.editor');
    const bgApprover = await env.login('bacgiang.approver');
    const plan = await createPlan(bgEditor);
    await addNode(bgEditor, plan.id, { kind: 'SECTION', label: 'I.', text: 'A' });
    const p = (await getPlan(bgEditor, plan.id)).data!.plan;
    const s = await env.gql(
      `mutation($i: PlanTransitionInput!) { submitPlanForReview(input: $i) { plan { version } } }`,
      { i: { planId: plan.id, version: p.version } },
      bgEditor,
    );
    const r = await env.gql(
      `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { number } } }`,
      {
        i: {
          planId: plan.id,
          version: s.data!.submitPlanForReview.plan.version,
          issuedDate: '2025-03-05',
          signature: { signerName: 'Lê Ánh Dương' },
        },
      },
      bgApprover,
    );
    expect(r.data!.issuePlan.plan.number).toBe('1');
  });

  it('refuses transitions by the wrong role and changes nothing', async () => {
    const plan = await createPlan(editor);
    await addNode(editor, plan.id, { kind: 'SECTION', label: 'I.', text: 'A' });
    const p = (await getPlan(editor, plan.id)).data!.plan;
    const byViewer = await env.gql(
      `mutation($i: UpdatePlanHeaderInput!) { updatePlanHeader(input: $i) { plan { id } } }`,
      { i: { planId: plan.id, version: p.version, title: 'X' } },
      viewer,
    );
    expect(codeOf(byViewer)).toBe('FORBIDDEN');
    const byApprover = await env.gql(
      `mutation($i: AddNodeInput!) { addNode(input: $i) { node { id } } }`,
      { i: { planId: plan.id, kind: 'PARAGRAPH', text: 'x' } },
      approver,
    );
    expect(codeOf(byApprover)).toBe('FORBIDDEN');
    const byEditor = await env.gql(
      `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { id } } }`,
      { i: { planId: plan.id, version: p.version, signature: { signerName: 'X' } } },
      editor,
    );
    expect(codeOf(byEditor)).toBe('FORBIDDEN');
    const draftIssue = await env.gql(
      `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { id } } }`,
      { i: { planId: plan.id, version: p.version, signature: { signerName: 'X' } } },
      approver,
    );
    expect(codeOf(draftIssue)).toBe('INVALID_STATE');
    const childEditor = await env.login('tplaocai.editor');
    const byChild = await env.gql(
      `mutation($i: AddNodeInput!) { addNode(input: $i) { node { id } } }`,
      { i: { planId: plan.id, kind: 'PARAGRAPH', text: 'x' } },
      childEditor,
    );
    expect(codeOf(byChild)).toBe('NOT_FOUND'); // a province draft is invisible below
    const { rows } = await env.db.query(`select status, title, version from plan where id = $1`, [plan.id]);
    expect(rows[0]).toEqual({ status: 'DRAFT', title: p.title, version: p.version });
    const nodes = await env.db.query(`select count(*)::int n from plan_node where plan_id = $1`, [plan.id]);
    expect(nodes.rows[0].n).toBe(1);
  });

  it('amends an issued plan: a new draft version, and issuing it supersedes the old one', async () => {
    const plan = await createPlan(editor, 'Kế hoạch cao điểm');
    const n = await addNode(editor, plan.id, { kind: 'SECTION', label: 'I.', text: 'MỤC ĐÍCH' });
    await issue(plan.id);
    const am = await env.gql(
      `mutation($i: AmendPlanInput!) { amendPlan(input: $i) { plan { id status versionNo amendsPlan { id } nodes { id text } } } }`,
      { i: { planId: plan.id } },
      editor,
    );
    expect(am.errors).toBeUndefined();
    const v2 = am.data!.amendPlan.plan;
    expect(v2).toMatchObject({ status: 'DRAFT', versionNo: 2, amendsPlan: { id: plan.id }, nodes: [{ text: 'MỤC ĐÍCH' }] });
    const link = await env.db.query(`select previous_version_node_id from plan_node where plan_id = $1`, [v2.id]);
    expect(link.rows[0].previous_version_node_id).toBe(n.id);
    const twice = await env.gql(
      `mutation($i: AmendPlanInput!) { amendPlan(input: $i) { plan { id } } }`,
      { i: { planId: plan.id } },
      editor,
    );
    expect(codeOf(twice)).toBe('INVALID_STATE');
    await issue(v2.id);
    const old = await env.db.query(`select status from plan where id = $1`, [plan.id]);
    expect(old.rows[0].status).toBe('SUPERSEDED');
    // Below, the superseded version stays readable.
    const child = await env.login('tplaocai.viewer');
    const seen = await getPlan(child, plan.id);
    expect(seen.data!.plan.status).toBe('SUPERSEDED');
  });

  it('records every change in the plan history, with actor and before/after', async () => {
    const plan = await createPlan(editor, 'Lịch sử');
    const n = await addNode(editor, plan.id, { kind: 'PARAGRAPH', text: 'trước' });
    await env.gql(
      `mutation($i: UpdateNodeInput!) { updateNode(input: $i) { node { id } } }`,
      { i: { nodeId: n.id, version: n.version, text: 'sau' } },
      editor,
    );
    await issue(plan.id);
    const r = await env.gql(
      `query($id: String!) { plan(id: $id) { history(first: 50) { totalCount nodes { action actorName actorKind before after } } } }`,
      { id: plan.id },
      viewer,
    );
    const h = r.data!.plan.history;
    expect(h.nodes.map((e: any) => e.action)).toEqual(['CREATE', 'NODE_ADD', 'NODE_UPDATE', 'SUBMIT_FOR_REVIEW', 'ISSUE']);
    expect(h.totalCount).toBe(5);
    const upd = h.nodes[2];
    expect(JSON.parse(upd.before).text).toBe('trước');
    expect(JSON.parse(upd.after).text).toBe('sau');
    expect(upd.actorName).toBe('Cán bộ soạn thảo — Tỉnh Lào Cai');
    expect(h.nodes[4].actorName).toBe('Lãnh đạo phê duyệt — Tỉnh Lào Cai');
  });
});

describe('concurrency', () => {
  it('lets two editors change different nodes, and refuses a stale edit of the same node', async () => {
    const plan = await createPlan(editor);
    const a = await addNode(editor, plan.id, { kind: 'PARAGRAPH', text: 'A' });
    const b = await addNode(editor, plan.id, { kind: 'PARAGRAPH', text: 'B', afterNodeId: a.id });
    const upd = (nodeId: string, version: number, text: string) =>
      env.gql(
        `mutation($i: UpdateNodeInput!) { updateNode(input: $i) { node { id text version } } }`,
        { i: { nodeId, version, text } },
        editor,
      );
    const [ra, rb] = await Promise.all([upd(a.id, a.version, 'A1'), upd(b.id, b.version, 'B1')]);
    expect(ra.errors).toBeUndefined();
    expect(rb.errors).toBeUndefined();
    const same = await Promise.all(Array.from({ length: 10 }, (_, i) => upd(a.id, a.version + 1, `A-${i}`)));
    const ok = same.filter((r) => !r.errors);
    const conflicts = same.filter((r) => codeOf(r) === 'CONFLICT');
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(9);
    expect(conflicts[0].errors![0].extensions!.current).toMatchObject({ id: a.id, version: a.version + 2 });
    const { rows } = await env.db.query(`select text from plan_node where id = $1`, [a.id]);
    expect(rows[0].text).toBe(ok[0].data!.updateNode.node.text);
  });
});

describe('search and visibility', () => {
  it('finds plans by title and body, with or without diacritics, within what the caller may see', async () => {
    const plan = await createPlan(editor, 'Triển khai Tháng hành động phòng, chống ma túy');
    await addNode(editor, plan.id, { kind: 'PARAGRAPH', text: 'Xây dựng xã, phường "không ma túy" trên địa bàn Mường Khương' });
    const q = `query($s: String!) { plans(filter: { search: $s }) { totalCount nodes { id } } }`;
    for (const s of ['tháng hành động', 'thang hanh dong', 'MUONG KHUONG', 'mường khương']) {
      const r = await env.gql(q, { s }, editor);
      expect(r.data!.plans.nodes.map((p: any) => p.id)).toContain(plan.id);
    }
    // A draft of the province is invisible to a district; a sibling province never sees it.
    for (const who of ['tplaocai.editor', 'bacgiang.admin']) {
      const r = await env.gql(q, { s: 'thang hanh dong' }, await env.login(who));
      expect(r.data!.plans.nodes.map((p: any) => p.id)).not.toContain(plan.id);
    }
    await issue(plan.id);
    const below = await env.gql(q, { s: 'thang hanh dong' }, await env.login('phuonglaocai.viewer'));
    expect(below.data!.plans.nodes.map((p: any) => p.id)).toContain(plan.id);
    const sideways = await env.gql(`query($id: String!) { plan(id: $id) { id } }`, { id: plan.id }, await env.login('bacgiang.admin'));
    expect(codeOf(sideways)).toBe('NOT_FOUND');
  });

  // The benchmark's O3 (tests/bench/ops.ts): one plan's whole body with its tasks.
  const BODY = `query($id: String!) { plan(id: $id) { id title status numberSymbol
    nodes { id parentId position depth kind label text provenance derivedFromNodeId version
      task { lead { name sector agencyId unmatched } cooperating { name sector agencyId } timing { kind dueDate periodStart periodEnd phaseId recurring text } } } } }`;

  it("serves an issued plan's body from the cache of bodies that cannot change, checking the caller's right every time", async () => {
    const plan = await createPlan(editor, 'Kế hoạch bộ nhớ đệm');
    const section = await addNode(editor, plan.id, { kind: 'SECTION', label: 'I.', text: 'NHIỆM VỤ' });
    await addNode(editor, plan.id, {
      parentId: section.id,
      kind: 'ITEM',
      label: '1.',
      text: 'Tuyên truyền',
      task: { lead: [{ name: 'Công an tỉnh' }], cooperating: [{ name: 'Sở Y tế' }], timing: { kind: 'RECURRING', text: 'thường xuyên' } },
    });
    // A draft is read from the database on every request: an edit shows at once.
    const draft1 = await env.gql(BODY, { id: plan.id }, viewer);
    const draft2 = await env.gql(BODY, { id: plan.id }, viewer);
    expect(draft2.sqlCount).toBe(draft1.sqlCount);
    await issue(plan.id);
    // The first read of the issued version reads its body (plan row, nodes: with the caller, 3
    // statements); later reads only the caller and the plan row, which carries the right to read it.
    const first = await env.gql(BODY, { id: plan.id }, viewer);
    const second = await env.gql(BODY, { id: plan.id }, viewer);
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    expect(second.data).toEqual(first.data);
    expect(second.data!.plan.nodes).toHaveLength(2);
    expect(second.data!.plan.nodes[1].task.lead[0].name).toBe('Công an tỉnh');
    expect(second.sqlCount).toBe(first.sqlCount! - 1);
    expect(second.sqlCount).toBeLessThanOrEqual(2);
    // Below: a district sees its province's issued plan; another province never, cached or not.
    const district = await env.gql(BODY, { id: plan.id }, await env.login('tplaocai.viewer'));
    expect(district.data).toEqual(first.data);
    const other = await env.gql(BODY, { id: plan.id }, await env.login('bacgiang.viewer'));
    expect(codeOf(other)).toBe('NOT_FOUND');
    expect(other.data?.plan ?? null).toBeNull();
  });

  it('loads a plan of any size with the same number of SQL statements', async () => {
    const small = await createPlan(editor);
    const big = await createPlan(editor);
    await env.db.query(
      `insert into plan_node (id, plan_id, parent_id, position, kind, label, text, task)
       select gen_random_uuid(), $1, null, g, 'ITEM', g || '.', 'Nội dung ' || g,
         case when g % 3 = 0 then '{"lead":[{"name":"Công an tỉnh"}],"cooperating":[],"timing":{"kind":"RECURRING","recurring":true,"text":"thường xuyên"}}'::jsonb end
       from generate_series(1, 300) g`,
      [big.id],
    );
    await env.db.query(
      `insert into plan_node (id, plan_id, parent_id, position, kind, label, text) values (gen_random_uuid(), $1, null, 0, 'ITEM', '1.', 'x')`,
      [small.id],
    );
    const q = `query($id: String!) { plan(id: $id) { ${PLAN_FIELDS} checks { rule } } }`;
    const rs = await env.gql(q, { id: small.id }, viewer);
    const rb = await env.gql(q, { id: big.id }, viewer);
    expect(rb.errors).toBeUndefined();
    expect(rb.data!.plan.nodes).toHaveLength(300);
    expect(rb.sqlCount).toBe(rs.sqlCount);
    expect(rb.sqlCount).toBeLessThanOrEqual(8);
  });
});
