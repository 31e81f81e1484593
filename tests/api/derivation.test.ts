import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, createTestEnv, type Caller, type TestEnv } from '../support/env.js';
import { planCalls } from '../support/plan-calls.js';

let env: TestEnv;
let prov: { editor: Caller; approver: Caller };
let city: { editor: Caller; approver: Caller; viewer: Caller };
const ids: Record<string, string> = {};
let provincePlanId: string;
let provinceNumber: string;

const police = { name: 'Công an tỉnh', sector: 'POLICE' };
const health = { name: 'Sở Y tế', sector: 'HEALTH' };
const customs = { name: 'Cục Hải quan tỉnh', sector: 'CUSTOMS' };
const districts = { name: 'UBND các huyện, thị xã, thành phố', subordinateCommittees: true };

const { mutate, ok, issue: submitAndIssue } = planCalls(() => env, { issuedDate: '2024-08-20' });
const addNode = async (as: Caller, planId: string, key: string, fields: Record<string, unknown>) => {
  const n = await ok(as, 'addNode', 'AddNodeInput', { planId, ...fields }, 'node { id version }');
  ids[key] = n.node.id;
  return n.node as { id: string; version: number };
};

beforeAll(async () => {
  env = await createTestEnv();
  prov = { editor: await env.login('laocai.editor'), approver: await env.login('laocai.approver') };
  city = {
    editor: await env.login('tplaocai.editor'),
    approver: await env.login('tplaocai.approver'),
    viewer: await env.login('tplaocai.viewer'),
  };
  const tp = await env.unitId('080');
  const p = await ok(
    prov.editor,
    'createPlan',
    'CreatePlanInput',
    { title: 'Mở đợt cao điểm đấu tranh tội phạm về ma túy trên địa bàn tỉnh Lào Cai' },
    'plan { id version }',
  );
  provincePlanId = p.plan.id;
  await ok(
    prov.editor,
    'updatePlanHeader',
    'UpdatePlanHeaderInput',
    {
      planId: provincePlanId,
      version: p.plan.version,
      submissionDeadline: '2024-08-30',
      periodStart: '2024-09-01',
      periodEnd: '2024-12-14',
    },
    'plan { id }',
  );
  const s1 = await addNode(prov.editor, provincePlanId, 's1', { kind: 'SECTION', label: 'I.', text: 'MỤC ĐÍCH, YÊU CẦU' });
  await addNode(prov.editor, provincePlanId, 'purpose', {
    parentId: s1.id,
    kind: 'ITEM',
    label: '1.',
    text: 'Triển khai đồng bộ từ cấp tỉnh đến cấp xã.',
  });
  const s2 = await addNode(prov.editor, provincePlanId, 's2', { kind: 'SECTION', label: 'II.', text: 'NHIỆM VỤ', afterNodeId: s1.id });
  const t1 = await addNode(prov.editor, provincePlanId, 'police', {
    parentId: s2.id,
    kind: 'BULLET',
    label: '-',
    text: 'Công an tỉnh chủ trì, phối hợp Sở Y tế tổ chức tuyên truyền ít nhất 10 buổi trong tháng 9',
    task: { lead: [police], cooperating: [health], timing: { kind: 'BY_DATE', dueDate: '2024-09-30', text: 'hoàn thành trước 30/9/2024' } },
  });
  const t2 = await addNode(prov.editor, provincePlanId, 'committees', {
    parentId: s2.id,
    afterNodeId: t1.id,
    kind: 'BULLET',
    label: '-',
    text: 'UBND các huyện, thị xã, thành phố tổ chức Hội nghị quán triệt trước ngày 31/8/2024',
    task: { lead: [districts], timing: { kind: 'BY_DATE', dueDate: '2024-08-31', text: 'trước ngày 31/8/2024' } },
  });
  const t3 = await addNode(prov.editor, provincePlanId, 'customs', {
    parentId: s2.id,
    afterNodeId: t2.id,
    kind: 'BULLET',
    label: '-',
    text: 'Cục Hải quan tỉnh kiểm soát tiền chất tại cửa khẩu',
    task: { lead: [customs], timing: { kind: 'RECURRING', recurring: true, text: 'thực hiện thường xuyên' } },
  });
  await addNode(prov.editor, provincePlanId, 'tail', {
    parentId: s2.id,
    afterNodeId: t3.id,
    kind: 'BULLET',
    label: '-',
    text: 'Sơ kết, tổng kết theo quy định.',
  });
  const tgt = await addNode(prov.editor, provincePlanId, 'targets', {
    kind: 'SECTION',
    label: 'III.',
    text: 'CHỈ TIÊU',
    afterNodeId: s2.id,
  });
  await ok(
    prov.editor,
    'saveTarget',
    'SaveTargetInput',
    {
      planId: provincePlanId,
      nodeId: tgt.id,
      metric: 'số vụ phát hiện, bắt giữ, khởi tố',
      unitOfMeasure: 'vụ',
      value: 66,
      responsible: districts,
      allocations: [
        { assignee: 'thành phố Lào Cai', unitId: String(tp), value: 45 },
        { assignee: 'huyện Bát Xát', value: 21 },
      ],
    },
    'target { id }',
  );
  await ok(
    prov.editor,
    'saveTarget',
    'SaveTargetInput',
    { planId: provincePlanId, nodeId: tgt.id, metric: 'người nghiện có hồ sơ quản lý', unitOfMeasure: '%', value: 100 },
    'target { id }',
  );
  await ok(
    prov.editor,
    'saveTarget',
    'SaveTargetInput',
    { planId: provincePlanId, nodeId: tgt.id, metric: 'số vụ (phòng nghiệp vụ)', unitOfMeasure: 'vụ', value: 35, responsible: police },
    'target { id }',
  );
  await ok(
    prov.editor,
    'saveMilestone',
    'SaveMilestoneInput',
    { planId: provincePlanId, kind: 'RESULT_REPORT', title: 'Báo cáo kết quả 01 tháng', dueDate: '2024-10-03' },
    'milestone { id }',
  );
  provinceNumber = (await submitAndIssue(prov.editor, prov.approver, provincePlanId)).plan.number;
});
afterAll(async () => {
  await env?.stop();
});

describe('derivation', () => {
  let childId: string;

  it('previews the agency mapping and the targets before creating anything', async () => {
    const r = await env.gql(
      `query($p: String!) { derivationPreview(parentPlanId: $p) { title nodeCount taskCount unmatchedAgencies
         agencyMapping { fromName fromSector to { name } uses } targets { metric value allocated } existingPlan { id } } }`,
      { p: provincePlanId },
      city.editor,
    );
    expect(r.errors).toBeUndefined();
    const p = r.data!.derivationPreview;
    expect(p.title).toBe('Mở đợt cao điểm đấu tranh tội phạm về ma túy trên địa bàn thành phố Lào Cai');
    expect(p.agencyMapping).toEqual(
      expect.arrayContaining([
        { fromName: 'Công an tỉnh', fromSector: 'POLICE', to: { name: 'Công an thành phố Lào Cai' }, uses: expect.any(Number) },
        { fromName: 'Sở Y tế', fromSector: 'HEALTH', to: { name: 'Phòng Y tế' }, uses: 1 },
        { fromName: 'Cục Hải quan tỉnh', fromSector: 'CUSTOMS', to: null, uses: 1 },
      ]),
    );
    expect(p.unmatchedAgencies).toEqual(['Cục Hải quan tỉnh']);
    expect(p.targets).toEqual([
      { metric: 'số vụ phát hiện, bắt giữ, khởi tố', value: 45, allocated: true },
      { metric: 'người nghiện có hồ sơ quản lý', value: 100, allocated: false },
    ]);
    expect(p.existingPlan).toBeNull();
    const { rows } = await env.db.query(`select count(*)::int n from plan where parent_plan_id = $1`, [provincePlanId]);
    expect(rows[0].n).toBe(0);
  });

  it('derives a draft in one transaction: adapted title and preamble, parent as first basis, mapped tasks, own targets, earlier milestones', async () => {
    const r = await env.gql(
      `mutation($i: DerivePlanInput!) { derivePlan(input: $i) { plan { id status title preamble parentPlan { id } submissionDeadline
         legalBases { type number date issuer refPlanId }
         nodes { label text provenance derivedFromNodeId task { lead { name sector agencyId unmatched subordinateCommittees } cooperating { name } } }
         targets { metric value unitOfMeasure allocations { assignee } } milestones { title dueDate } } } }`,
      { i: { parentPlanId: provincePlanId, idempotencyKey: 'derive-city-0001' } },
      city.editor,
    );
    expect(r.errors).toBeUndefined();
    const plan = r.data!.derivePlan.plan;
    childId = plan.id;
    expect(plan.status).toBe('DRAFT');
    expect(plan.parentPlan.id).toBe(provincePlanId);
    expect(
      plan.preamble.startsWith(`Thực hiện Kế hoạch số ${provinceNumber}/KH-UBND ngày 20/08/2024 của Ủy ban nhân dân tỉnh Lào Cai`),
    ).toBe(true);
    expect(plan.legalBases[0]).toEqual({
      type: 'PLAN',
      number: `${provinceNumber}/KH-UBND`,
      date: '2024-08-20',
      issuer: 'Ủy ban nhân dân tỉnh Lào Cai',
      refPlanId: provincePlanId,
    });
    expect(plan.nodes).toHaveLength(8);
    expect(plan.nodes.every((n: any) => n.provenance === 'INHERITED' && n.derivedFromNodeId)).toBe(true);
    const policeTask = plan.nodes.find((n: any) => n.derivedFromNodeId === ids.police);
    expect(policeTask.text).toBe(
      'Công an thành phố Lào Cai chủ trì, phối hợp Phòng Y tế tổ chức tuyên truyền ít nhất 10 buổi trong tháng 9',
    );
    expect(policeTask.task.lead[0]).toMatchObject({ name: 'Công an thành phố Lào Cai', sector: 'POLICE', unmatched: false });
    expect(policeTask.task.lead[0].agencyId).toBeTruthy();
    const committees = plan.nodes.find((n: any) => n.derivedFromNodeId === ids.committees);
    expect(committees.task.lead[0]).toMatchObject({ name: 'Ủy ban nhân dân thành phố Lào Cai', subordinateCommittees: false });
    const customsTask = plan.nodes.find((n: any) => n.derivedFromNodeId === ids.customs);
    expect(customsTask.task.lead[0]).toMatchObject({ name: 'Cục Hải quan tỉnh', unmatched: true, agencyId: null });
    expect(plan.targets).toEqual([
      { metric: 'số vụ phát hiện, bắt giữ, khởi tố', value: 45, unitOfMeasure: 'vụ', allocations: [] },
      { metric: 'người nghiện có hồ sơ quản lý', value: 100, unitOfMeasure: '%', allocations: [] },
    ]);
    expect(plan.milestones).toEqual([{ title: 'Báo cáo kết quả 01 tháng', dueDate: '2024-09-30' }]);
    expect(plan.submissionDeadline).toBe('2024-08-27');
  });

  it('replays a retried derivation and refuses a second plan for the same unit', async () => {
    const again = await env.gql(
      `mutation($i: DerivePlanInput!) { derivePlan(input: $i) { plan { id } } }`,
      { i: { parentPlanId: provincePlanId, idempotencyKey: 'derive-city-0001' } },
      city.editor,
    );
    expect(again.data!.derivePlan.plan.id).toBe(childId);
    const second = await env.gql(
      `mutation($i: DerivePlanInput!) { derivePlan(input: $i) { plan { id } } }`,
      { i: { parentPlanId: provincePlanId } },
      city.editor,
    );
    expect(codeOf(second)).toBe('INVALID_STATE');
  });

  it('matches an allocation by the unit name when it carries no unit id', async () => {
    const batxat = await env.login('batxat.editor');
    const r = await env.gql(
      `mutation($i: DerivePlanInput!) { derivePlan(input: $i) { plan { id targets { value metric } } } }`,
      { i: { parentPlanId: provincePlanId } },
      batxat,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.derivePlan.plan.targets).toContainEqual({ value: 21, metric: 'số vụ phát hiện, bắt giữ, khởi tố' });
  });

  it('refuses to derive from a draft, for a unit not below the issuer, or by a non-editor', async () => {
    const draft = await ok(prov.editor, 'createPlan', 'CreatePlanInput', { title: 'Dự thảo' }, 'plan { id }');
    const r1 = await env.gql(
      `mutation($i: DerivePlanInput!) { derivePlan(input: $i) { plan { id } } }`,
      { i: { parentPlanId: draft.plan.id } },
      city.editor,
    );
    expect(codeOf(r1)).toBe('NOT_FOUND'); // a province draft is invisible below
    const r2 = await env.gql(
      `mutation($i: DerivePlanInput!) { derivePlan(input: $i) { plan { id } } }`,
      { i: { parentPlanId: provincePlanId } },
      city.viewer,
    );
    expect(codeOf(r2)).toBe('FORBIDDEN');
    const r3 = await env.gql(
      `mutation($i: DerivePlanInput!) { derivePlan(input: $i) { plan { id } } }`,
      { i: { parentPlanId: provincePlanId } },
      await env.login('bacgiang.editor'),
    );
    expect(codeOf(r3)).toBe('NOT_FOUND');
    const r4 = await env.gql(
      `mutation($i: DerivePlanInput!) { derivePlan(input: $i) { plan { id } } }`,
      { i: { parentPlanId: provincePlanId } },
      prov.editor,
    );
    expect(codeOf(r4)).toBe('BAD_USER_INPUT'); // the issuer itself is not below itself
  });

  it('tracks provenance: adapted with a word diff, local, omitted with a reason', async () => {
    const nodes = (
      await env.gql(`query($id: String!) { plan(id: $id) { nodes { id version derivedFromNodeId } } }`, { id: childId }, city.editor)
    ).data!.plan.nodes;
    const byParent = (key: string) => nodes.find((n: any) => n.derivedFromNodeId === ids[key]);
    const police = byParent('police');
    await ok(
      city.editor,
      'updateNode',
      'UpdateNodeInput',
      {
        nodeId: police.id,
        version: police.version,
        text: 'Công an thành phố Lào Cai chủ trì, phối hợp Phòng Y tế tổ chức tuyên truyền ít nhất 15 buổi trong tháng 9',
      },
      'node { id }',
    );
    await ok(
      city.editor,
      'addNode',
      'AddNodeInput',
      { planId: childId, parentId: byParent('s2').id, kind: 'BULLET', label: '-', text: 'Ra quân tại chợ Cốc Lếu' },
      'node { id }',
    );
    const customs = byParent('customs');
    const noReason = await mutate(
      city.editor,
      'omitNode',
      'OmitNodeInput',
      { nodeId: customs.id, version: customs.version },
      'node { id }',
    );
    expect(codeOf(noReason)).toBe('BAD_USER_INPUT');
    await ok(
      city.editor,
      'omitNode',
      'OmitNodeInput',
      { nodeId: customs.id, version: customs.version, reason: 'Thành phố không có cửa khẩu' },
      'node { id }',
    );
    const d = await env.gql(
      `query($id: String!) { planDiff(planId: $id) { counts { inherited adapted local omitted } entries { status omissionReason parentNode { id } textDiff { op text } } } }`,
      { id: childId },
      await env.login('laocai.viewer'),
    );
    expect(d.errors).toBeUndefined();
    const diff = d.data!.planDiff;
    expect(diff.counts).toEqual({ inherited: 6, adapted: 1, local: 1, omitted: 1 });
    const adapted = diff.entries.find((e: any) => e.status === 'ADAPTED');
    // Only the unit's own change, not derivation's renaming of "Công an tỉnh" to the city's police.
    expect(adapted.textDiff.filter((p: any) => p.op !== 'EQUAL').map((p: any) => `${p.op}:${p.text.trim()}`)).toEqual([
      'DELETE:10',
      'INSERT:15',
    ]);
    const omitted = diff.entries.find((e: any) => e.status === 'OMITTED');
    expect(omitted).toMatchObject({ omissionReason: 'Thành phố không có cửa khẩu', parentNode: { id: ids.customs } });
    // Omitted where the parent had it (after the committees task); the local node was added first under II.
    expect(diff.entries.map((e: any) => e.status)).toEqual([
      'INHERITED',
      'INHERITED',
      'INHERITED',
      'LOCAL',
      'ADAPTED',
      'INHERITED',
      'OMITTED',
      'INHERITED',
      'INHERITED',
    ]);
    // Editing back to the inherited text makes the node INHERITED again.
    const again = (
      await env.gql(`query($id: String!) { plan(id: $id) { nodes { id version derivedFromNodeId } } }`, { id: childId }, city.editor)
    ).data!.plan.nodes.find((n: any) => n.derivedFromNodeId === ids.police);
    await ok(
      city.editor,
      'updateNode',
      'UpdateNodeInput',
      {
        nodeId: again.id,
        version: again.version,
        text: 'Công an thành phố Lào Cai chủ trì, phối hợp Phòng Y tế tổ chức tuyên truyền ít nhất 10 buổi trong tháng 9',
      },
      'node { id }',
    );
    const d2 = await env.gql(
      `query($id: String!) { planDiff(planId: $id) { counts { adapted inherited } } }`,
      { id: childId },
      city.editor,
    );
    expect(d2.data!.planDiff.counts).toEqual({ adapted: 0, inherited: 7 });
  });

  it('keeps the diff within the access rules', async () => {
    const sibling = await env.gql(
      `query($id: String!) { planDiff(planId: $id) { counts { inherited } } }`,
      { id: childId },
      await env.login('batxat.viewer'),
    );
    expect(codeOf(sibling)).toBe('NOT_FOUND');
    const below = await env.gql(
      `query($id: String!) { planDiff(planId: $id) { counts { inherited } } }`,
      { id: childId },
      await env.login('phuonglaocai.viewer'),
    );
    expect(codeOf(below)).toBe('NOT_FOUND'); // a draft of the city is not visible to its ward
  });
});

describe('upstream changes', () => {
  it('shows an amended parent node by node; taking merges, conflicts are reported, declines stay visible', async () => {
    // The city adapts the police task on a word the province will not touch, and the committees task on one it will.
    const child = (
      await env.gql(`query { plans(filter: { scope: OWN }) { nodes { id parentPlan { id } } } }`, {}, city.editor)
    ).data!.plans.nodes.find((p: any) => p.parentPlan?.id === provincePlanId);
    const childNodes = async () =>
      (
        await env.gql(
          `query($id: String!) { plan(id: $id) { nodes { id version text provenance derivedFromNodeId } } }`,
          { id: child.id },
          city.editor,
        )
      ).data!.plan.nodes;
    let cn = await childNodes();
    const cPolice = cn.find((n: any) => n.derivedFromNodeId === ids.police);
    await ok(
      city.editor,
      'updateNode',
      'UpdateNodeInput',
      { nodeId: cPolice.id, version: cPolice.version, text: cPolice.text.replace('trong tháng 9', 'trong tháng 9 tại các trường học') },
      'node { id }',
    );
    const cComm = cn.find((n: any) => n.derivedFromNodeId === ids.committees);
    await ok(
      city.editor,
      'updateNode',
      'UpdateNodeInput',
      { nodeId: cComm.id, version: cComm.version, text: cComm.text.replace('trước ngày 31/8/2024', 'trước ngày 25/8/2024') },
      'node { id }',
    );

    // The province amends: changes both tasks, adds a node, removes the tail.
    const am = await ok(
      prov.editor,
      'amendPlan',
      'AmendPlanInput',
      { planId: provincePlanId },
      'plan { id nodes { id version text previous: derivedFromNodeId } }',
    );
    const v2 = am.plan.id;
    const v2nodes = (await env.gql(`query($id: String!) { plan(id: $id) { nodes { id version text label } } }`, { id: v2 }, prov.editor))
      .data!.plan.nodes;
    const prevOf = async (id: string) =>
      (await env.db.query(`select previous_version_node_id p from plan_node where id = $1`, [id])).rows[0].p;
    const v2ByOld: Record<string, any> = {};
    for (const n of v2nodes) v2ByOld[await prevOf(n.id)] = n;
    const p2 = v2ByOld[ids.police];
    await ok(
      prov.editor,
      'updateNode',
      'UpdateNodeInput',
      { nodeId: p2.id, version: p2.version, text: p2.text.replace('ít nhất 10 buổi', 'ít nhất 12 buổi') },
      'node { id }',
    );
    const c2 = v2ByOld[ids.committees];
    await ok(
      prov.editor,
      'updateNode',
      'UpdateNodeInput',
      { nodeId: c2.id, version: c2.version, text: c2.text.replace('trước ngày 31/8/2024', 'trước ngày 28/8/2024') },
      'node { id }',
    );
    const added = await ok(
      prov.editor,
      'addNode',
      'AddNodeInput',
      {
        planId: v2,
        parentId: v2ByOld[ids.s2].id,
        afterNodeId: c2.id,
        kind: 'BULLET',
        label: '-',
        text: 'Kiểm tra đột xuất các cơ sở kinh doanh karaoke',
      },
      'node { id }',
    );
    const tail = v2ByOld[ids.tail];
    await ok(prov.editor, 'deleteNode', 'DeleteNodeInput', { nodeId: tail.id, version: tail.version }, 'deletedId');
    await submitAndIssue(prov.editor, prov.approver, v2, '2024-09-10');

    const q = `query($id: String!) { plan(id: $id) { parentPlan { id } upstreamChanges { kind upstreamNodeId decision childNodeIds textDiff { op text } } } }`;
    let up = (await env.gql(q, { id: child.id }, city.editor)).data!.plan;
    expect(up.upstreamChanges.map((c: any) => c.kind).sort()).toEqual(['ADDED', 'MODIFIED', 'MODIFIED', 'REMOVED']);
    const initial = up.upstreamChanges;
    const byUp = (id: string) => initial.find((c: any) => c.upstreamNodeId === id);

    // Adapted elsewhere in the sentence: merges cleanly, keeping the city's words.
    const t1 = await ok(
      city.editor,
      'takeUpstreamChange',
      'UpstreamDecisionInput',
      { planId: child.id, upstreamNodeId: p2.id },
      'applied conflicts { ours theirs }',
    );
    expect(t1).toEqual({ applied: true, conflicts: [] });
    cn = await childNodes();
    expect(cn.find((n: any) => n.id === cPolice.id).text).toBe(
      'Công an thành phố Lào Cai chủ trì, phối hợp Phòng Y tế tổ chức tuyên truyền ít nhất 12 buổi trong tháng 9 tại các trường học',
    );

    // Adapted on the same words: a conflict, nothing overwritten.
    const t2 = await ok(
      city.editor,
      'takeUpstreamChange',
      'UpstreamDecisionInput',
      { planId: child.id, upstreamNodeId: c2.id },
      'applied conflicts { base ours theirs }',
    );
    expect(t2.applied).toBe(false);
    expect(t2.conflicts[0]).toMatchObject({ ours: expect.stringContaining('25/8/2024'), theirs: expect.stringContaining('28/8/2024') });
    expect((await childNodes()).find((n: any) => n.id === cComm.id).text).toContain('25/8/2024');
    await ok(
      city.editor,
      'declineUpstreamChange',
      'UpstreamDecisionInput',
      { planId: child.id, upstreamNodeId: c2.id, reason: 'Thành phố tổ chức sớm hơn' },
      'plan { id }',
    );

    // Added upstream: inserted after the counterpart of its previous sibling.
    await ok(city.editor, 'takeUpstreamChange', 'UpstreamDecisionInput', { planId: child.id, upstreamNodeId: added.node.id }, 'applied');
    const removed = up.upstreamChanges.find((c: any) => c.kind === 'REMOVED');
    await ok(
      city.editor,
      'takeUpstreamChange',
      'UpstreamDecisionInput',
      { planId: child.id, upstreamNodeId: removed.upstreamNodeId },
      'applied',
    );
    cn = await childNodes();
    const texts = cn.map((n: any) => n.text);
    expect(texts.indexOf('Kiểm tra đột xuất các cơ sở kinh doanh karaoke')).toBe(
      texts.findIndex((t: string) => t.includes('Hội nghị quán triệt')) + 1,
    );
    expect(texts).not.toContain('Sơ kết, tổng kết theo quy định.');

    // All decided: the plan now follows the new version, and the declined change stays visible.
    up = (await env.gql(q, { id: child.id }, city.editor)).data!.plan;
    expect(up.parentPlan.id).toBe(v2);
    expect(up.upstreamChanges).toEqual([]);
    const roll = await env.db.query(`select upstream_pending, upstream_declined, parent_plan_id from plan_rollup where plan_id = $1`, [
      child.id,
    ]);
    expect(roll.rows[0]).toEqual({ upstream_pending: 0, upstream_declined: 1, parent_plan_id: v2 });
    expect(byUp(p2.id).childNodeIds).toEqual([cPolice.id]);
    const diff = await env.gql(`query($id: String!) { planDiff(planId: $id) { counts { omitted } } }`, { id: child.id }, city.editor);
    expect(diff.data!.planDiff.counts.omitted).toBe(1); // the customs task, carried to the new version
  });
});

describe('cost', () => {
  it('derives a 300-node plan with the same number of SQL statements as a small one', async () => {
    const mk = async (n: number) => {
      const p = await ok(prov.editor, 'createPlan', 'CreatePlanInput', { title: `Kế hoạch ${n}` }, 'plan { id }');
      await env.db.query(
        `insert into plan_node (id, plan_id, parent_id, position, kind, label, text, task)
         select gen_random_uuid(), $1, null, g, 'ITEM', g || '.', 'Công an tỉnh chủ trì nội dung ' || g,
           case when g % 2 = 0 then '{"lead":[{"name":"Công an tỉnh","sector":"POLICE"}],"cooperating":[{"name":"Sở Y tế","sector":"HEALTH"}],"timing":{"kind":"RECURRING","recurring":true,"text":"thường xuyên"}}'::jsonb end
         from generate_series(1, $2::int) g`,
        [p.plan.id, n],
      );
      await submitAndIssue(prov.editor, prov.approver, p.plan.id);
      return p.plan.id;
    };
    const small = await mk(3);
    const big = await mk(300);
    const other = await env.login('tplaocai.editor');
    const rs = await env.gql(
      `mutation($i: DerivePlanInput!) { derivePlan(input: $i) { plan { id } } }`,
      { i: { parentPlanId: small } },
      other,
    );
    const rb = await env.gql(
      `mutation($i: DerivePlanInput!) { derivePlan(input: $i) { plan { id } } }`,
      { i: { parentPlanId: big } },
      other,
    );
    expect(rb.errors).toBeUndefined();
    expect(rb.sqlCount).toBe(rs.sqlCount);
    expect(rb.sqlCount).toBeLessThanOrEqual(40);
    const n = await env.db.query(`select count(*)::int n from plan_node where plan_id = $1`, [rb.data!.derivePlan.plan.id]);
    expect(n.rows[0].n).toBe(300);
  });
});
