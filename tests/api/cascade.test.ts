import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, createTestEnv, type Caller, type TestEnv } from '../support/env.js';
import { planCalls } from '../support/plan-calls.js';

let env: TestEnv;
let P: string; // the province plan
const who: Record<string, Caller> = {};
const nodeIds: Record<string, string> = {};

const { ok, issue } = planCalls(() => env, { signerName: 'Chủ tịch' });
const derive = async (as: Caller, parentPlanId: string) =>
  (await ok(as, 'derivePlan', 'DerivePlanInput', { parentPlanId }, 'plan { id nodes { id version derivedFromNodeId } }')).plan;

const CASCADE = `query($id: String!, $f: CascadeFilter, $first: Int, $after: String) { plan(id: $id) { cascade(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  nodes { unit { code name } depth status issuedDate deadline compliance plan { id } coverage { inherited adapted local omitted parentTasks parentTasksCovered share }
    upstreamPending targets { metric allocated own gap } } } } }`;

beforeAll(async () => {
  env = await createTestEnv();
  for (const k of [
    'laocai.editor',
    'laocai.approver',
    'laocai.admin',
    'laocai.viewer',
    'tplaocai.editor',
    'tplaocai.approver',
    'tplaocai.viewer',
    'batxat.editor',
    'batxat.approver',
    'batxat.viewer',
    'phuonglaocai.editor',
    'phuonglaocai.viewer',
  ]) {
    who[k] = await env.login(k);
  }
  // An editor for a third district (Huyện Văn Bàn, 089).
  const vb = await env.unitId('089');
  await ok(
    who['laocai.admin'],
    'createUser',
    'CreateUserInput',
    { unitId: String(vb), username: '089.vanban.editor', displayName: 'Biên tập Văn Bàn', role: 'EDITOR', password: 'mat-khau-dai-1' },
    'user { id }',
  );
  who['vanban.editor'] = await env.login('089.vanban.editor', 'mat-khau-dai-1');

  const e = who['laocai.editor'];
  const p = await ok(
    e,
    'createPlan',
    'CreatePlanInput',
    { title: 'Cao điểm phòng, chống ma túy trên địa bàn tỉnh Lào Cai' },
    'plan { id version }',
  );
  P = p.plan.id;
  await ok(
    e,
    'updatePlanHeader',
    'UpdatePlanHeaderInput',
    { planId: P, version: p.plan.version, submissionDeadline: '2024-08-30' },
    'plan { id }',
  );
  const s = await ok(e, 'addNode', 'AddNodeInput', { planId: P, kind: 'SECTION', label: 'I.', text: 'NHIỆM VỤ' }, 'node { id }');
  let after: string | null = null;
  for (const [key, text, lead] of [
    ['police', 'Công an tỉnh chủ trì đấu tranh, triệt xóa điểm bán lẻ', { name: 'Công an tỉnh', sector: 'POLICE' }],
    ['health', 'Sở Y tế chủ trì xác định tình trạng nghiện', { name: 'Sở Y tế', sector: 'HEALTH' }],
    ['customs', 'Cục Hải quan tỉnh kiểm soát tiền chất', { name: 'Cục Hải quan tỉnh', sector: 'CUSTOMS' }],
  ] as const) {
    const n: any = await ok(
      e,
      'addNode',
      'AddNodeInput',
      {
        planId: P,
        parentId: s.node.id,
        afterNodeId: after,
        kind: 'BULLET',
        label: '-',
        text,
        task: { lead: [lead], timing: { kind: 'RECURRING', recurring: true, text: 'thường xuyên' } },
      },
      'node { id }',
    );
    nodeIds[key] = n.node.id;
    after = n.node.id;
  }
  const units = await env.db.query(`select id, name from admin_unit where code in ('080', '082') and valid_from is null order by code`);
  await ok(
    e,
    'saveTarget',
    'SaveTargetInput',
    {
      planId: P,
      metric: 'số vụ phát hiện, bắt giữ',
      unitOfMeasure: 'vụ',
      value: 66,
      responsible: { name: 'UBND các huyện, thị xã, thành phố', subordinateCommittees: true },
      allocations: [
        { assignee: units.rows[0].name, unitId: String(units.rows[0].id), value: 45 },
        { assignee: 'huyện Bát Xát', value: 21 },
      ],
    },
    'target { id }',
  );
  await issue(e, who['laocai.approver'], P, '2024-08-20');

  // Thành phố Lào Cai: adapts one task, omits customs, issues on time.
  const tp = await derive(who['tplaocai.editor'], P);
  const tpNode = (k: string) => tp.nodes.find((n: any) => n.derivedFromNodeId === nodeIds[k]);
  await ok(
    who['tplaocai.editor'],
    'updateNode',
    'UpdateNodeInput',
    { nodeId: tpNode('police').id, version: tpNode('police').version, text: 'Công an thành phố chủ trì truy quét tại phường Cốc Lếu' },
    'node { id }',
  );
  await ok(
    who['tplaocai.editor'],
    'omitNode',
    'OmitNodeInput',
    { nodeId: tpNode('customs').id, version: tpNode('customs').version, reason: 'Không có cửa khẩu' },
    'node { id }',
  );
  await issue(who['tplaocai.editor'], who['tplaocai.approver'], tp.id, '2024-08-25');
  // Bát Xát: issues late.
  const bx = await derive(who['batxat.editor'], P);
  await issue(who['batxat.editor'], who['batxat.approver'], bx.id, '2024-09-05');
  // Văn Bàn: still a draft, long after the deadline.
  await derive(who['vanban.editor'], P);
  // Phường Lào Cai derives from the city's plan: it belongs to the province cascade at depth 2.
  await derive(who['phuonglaocai.editor'], tp.id);
});
afterAll(async () => {
  await env?.stop();
});

describe('cascade rows', () => {
  it('lists every district with status, compliance, coverage and targets', async () => {
    const r = await env.gql(CASCADE, { id: P, first: 20 }, who['laocai.viewer']);
    expect(r.errors).toBeUndefined();
    const c = r.data!.plan.cascade;
    expect(c.totalCount).toBe(9); // the nine districts of Lào Cai on 20/08/2024
    const row = (code: string) => c.nodes.find((n: any) => n.unit.code === code);
    expect(row('080')).toMatchObject({
      depth: 1,
      status: 'ISSUED',
      issuedDate: '2024-08-25',
      deadline: '2024-08-30',
      compliance: 'ON_TIME',
      coverage: { inherited: 2, adapted: 1, local: 0, omitted: 1, parentTasks: 3, parentTasksCovered: 2 },
      targets: [{ metric: 'số vụ phát hiện, bắt giữ', allocated: 45, own: 45, gap: 0 }],
    });
    expect(row('080').coverage.share).toBeCloseTo(2 / 3);
    expect(row('082')).toMatchObject({ status: 'ISSUED', compliance: 'LATE', targets: [{ allocated: 21, own: 21, gap: 0 }] });
    expect(row('089')).toMatchObject({ status: 'DRAFT', compliance: 'MISSING' });
    const none = c.nodes.filter((n: any) => n.status === 'NONE');
    expect(none).toHaveLength(6);
    expect(none.every((n: any) => n.compliance === 'MISSING' && n.plan === null && n.coverage === null)).toBe(true);
  });

  it('pages without gaps or duplicates and filters by status and compliance', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r: any = await env.gql(CASCADE, { id: P, first: 4, after }, who['laocai.viewer']);
      seen.push(...r.data!.plan.cascade.nodes.map((n: any) => n.unit.code));
      if (!r.data!.plan.cascade.pageInfo.hasNextPage) break;
      after = r.data!.plan.cascade.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
    const late = await env.gql(CASCADE, { id: P, f: { compliance: ['LATE'] } }, who['laocai.viewer']);
    expect(late.data!.plan.cascade.nodes.map((n: any) => n.unit.code)).toEqual(['082']);
    const none = await env.gql(CASCADE, { id: P, f: { statuses: ['NONE'] } }, who['laocai.viewer']);
    expect(none.data!.plan.cascade.totalCount).toBe(6);
    const search = await env.gql(CASCADE, { id: P, f: { search: 'bat xat' } }, who['laocai.viewer']);
    expect(search.data!.plan.cascade.nodes.map((n: any) => n.unit.code)).toEqual(['082']);
  });

  it("reaches communes at any depth through their district's plan", async () => {
    const r = await env.gql(
      CASCADE,
      { id: P, f: { depth: 'ALL', statuses: ['DRAFT', 'IN_REVIEW', 'ISSUED'] }, first: 50 },
      who['laocai.viewer'],
    );
    const codes = r.data!.plan.cascade.nodes.map((n: any) => `${n.depth}:${n.unit.code}:${n.status}`);
    expect(codes).toEqual(['1:080:ISSUED', '1:082:ISSUED', '1:089:DRAFT', '2:02641:DRAFT']);
  });

  it('shows a district only its own subtree, and its siblings nothing', async () => {
    const r = await env.gql(CASCADE, { id: P, f: { depth: 'ALL' }, first: 100 }, who['tplaocai.viewer']);
    const rows = r.data!.plan.cascade.nodes;
    expect(rows[0].unit.code).toBe('080');
    expect(rows.every((n: any) => n.unit.code === '080' || n.depth === 2)).toBe(true);
    expect(rows.some((n: any) => n.unit.code === '082')).toBe(false);
    const direct = await env.gql(CASCADE, { id: P }, who['batxat.viewer']);
    expect(direct.data!.plan.cascade.nodes.map((n: any) => n.unit.code)).toEqual(['082']);
    expect(direct.data!.plan.cascade.totalCount).toBe(1);
    const sum = await env.gql(
      `query($id: String!) { plan(id: $id) { cascadeSummary { units withPlan } } }`,
      { id: P },
      who['batxat.viewer'],
    );
    expect(sum.data!.plan.cascadeSummary).toEqual({ units: 1, withPlan: 1 });
    // The city's plan itself is invisible to the sibling district.
    const tpPlan = (await env.gql(CASCADE, { id: P }, who['laocai.viewer'])).data!.plan.cascade.nodes.find(
      (n: any) => n.unit.code === '080',
    ).plan.id;
    expect(codeOf(await env.gql(`query($id: String!) { plan(id: $id) { id } }`, { id: tpPlan }, who['batxat.viewer']))).toBe('NOT_FOUND');
  });

  it('runs a fixed number of SQL statements per page, with its summary, whatever the number of units', async () => {
    // The portal's cascade page: the summary and a page of rows at every depth, with targets.
    const PAGE = `query($id: String!, $first: Int) { plan(id: $id) {
      cascadeSummary(depth: ALL) { units withPlan byStatus { status count } byCompliance { compliance count }
        coverage { inherited parentTasksCovered } targets { ownSum unitsWithTarget target { id metric } } }
      cascade(first: $first, filter: { depth: ALL }) { totalCount pageInfo { hasNextPage endCursor }
        nodes { unit { id code name } depth status compliance plan { id title status } coverage { inherited share } targets { metric allocated own gap } } } } }`;
    const small = await env.gql(PAGE, { id: P, first: 1 }, who['laocai.viewer']);
    const big = await env.gql(PAGE, { id: P, first: 9 }, who['laocai.viewer']);
    expect(small.data!.plan.cascade.nodes).toHaveLength(1);
    expect(big.data!.plan.cascade.nodes.length).toBeGreaterThan(3);
    expect(big.data!.plan.cascade.nodes.some((n: any) => n.plan && n.targets.length)).toBe(true);
    expect(big.sqlCount).toBe(small.sqlCount);
    // The caller, the plan, and one pass for the summary and the page together
    // (plans/store/cascade-queries.ts): the plan's targets, the rows' units, plans and own targets come with it.
    expect(big.sqlCount).toBe(3);
    // Without the summary, and on a later page: the same.
    const alone = await env.gql(CASCADE, { id: P, first: 2 }, who['laocai.viewer']);
    const next = await env.gql(CASCADE, { id: P, first: 2, after: alone.data!.plan.cascade.pageInfo.endCursor }, who['laocai.viewer']);
    expect(next.data!.plan.cascade.nodes).toHaveLength(2);
    expect(alone.sqlCount).toBe(3);
    expect(next.sqlCount).toBe(3);
  });
});

describe('summary and matrix', () => {
  it('aggregates status, compliance, coverage and target sums', async () => {
    const r = await env.gql(
      `query($id: String!) { plan(id: $id) { cascadeSummary { units withPlan byStatus { status count } byCompliance { compliance count }
        coverage { inherited adapted omitted parentTasks parentTasksCovered } targets { total allocatedSum allocationsMatch ownSum unitsWithTarget } } } }`,
      { id: P },
      who['laocai.viewer'],
    );
    const s = r.data!.plan.cascadeSummary;
    expect(s.units).toBe(9);
    expect(s.withPlan).toBe(3);
    const count = (list: any[], key: string, v: string) => list.find((x) => x[key] === v)?.count ?? 0;
    expect(count(s.byStatus, 'status', 'ISSUED')).toBe(2);
    expect(count(s.byStatus, 'status', 'DRAFT')).toBe(1);
    expect(count(s.byStatus, 'status', 'NONE')).toBe(6);
    expect(count(s.byCompliance, 'compliance', 'ON_TIME')).toBe(1);
    expect(count(s.byCompliance, 'compliance', 'LATE')).toBe(1);
    expect(count(s.byCompliance, 'compliance', 'MISSING')).toBe(7);
    expect(s.coverage).toEqual({ inherited: 10, adapted: 1, omitted: 1, parentTasks: 9, parentTasksCovered: 8 });
    expect(s.targets).toEqual([{ total: 66, allocatedSum: 66, allocationsMatch: true, ownSum: 66, unitsWithTarget: 2 }]);
  });

  it('builds the task × unit coverage matrix', async () => {
    const r = await env.gql(
      `query($id: String!) { plan(id: $id) { coverageMatrix(first: 20) { totalUnits tasks { id } units { code } cells { taskId unitId status } } } }`,
      { id: P },
      who['laocai.viewer'],
    );
    const m = r.data!.plan.coverageMatrix;
    expect(m.totalUnits).toBe(9);
    expect(m.tasks.map((t: any) => t.id)).toEqual([nodeIds.police, nodeIds.health, nodeIds.customs]);
    expect(m.cells).toHaveLength(27);
    const tp = await env.unitId('080');
    const vb = await env.unitId('089');
    const cell = (unit: number, task: string) => m.cells.find((c: any) => Number(c.unitId) === unit && c.taskId === nodeIds[task]).status;
    expect([cell(tp, 'police'), cell(tp, 'health'), cell(tp, 'customs')]).toEqual(['ADAPTED', 'INHERITED', 'OMITTED']);
    expect(cell(vb, 'police')).toBe('INHERITED');
    const sapa = await env.unitId('088');
    expect(cell(sapa, 'police')).toBe('NO_PLAN');
    const withPlans = await env.gql(
      `query($id: String!) { plan(id: $id) { coverageMatrix(first: 20, onlyWithPlan: true) { totalUnits units { code } } } }`,
      { id: P },
      who['laocai.viewer'],
    );
    expect(withPlans.data!.plan.coverageMatrix).toEqual({ totalUnits: 3, units: [{ code: '080' }, { code: '082' }, { code: '089' }] });
  });
});

describe('roll-up consistency', () => {
  it('matches a recomputation from scratch', async () => {
    const stored = await env.db.query(
      `select plan_id, inherited, adapted, local, omitted, parent_tasks, parent_tasks_covered from plan_rollup order by plan_id`,
    );
    // Content against snapshot; the one state content cannot tell is an omission (omitNode), kept as OMITTED.
    const fresh = await env.db.query(`
      select p.id as plan_id,
        (select count(*)::int from plan_node n where n.plan_id = p.id and n.derived_from_node_id is not null and n.provenance <> 'OMITTED'
           and jsonb_build_object('kind', n.kind, 'label', n.label, 'text', n.text, 'task', n.task) = n.source_snapshot) as inherited,
        (select count(*)::int from plan_node n where n.plan_id = p.id and n.derived_from_node_id is not null and n.provenance <> 'OMITTED'
           and jsonb_build_object('kind', n.kind, 'label', n.label, 'text', n.text, 'task', n.task) <> n.source_snapshot) as adapted,
        (select count(*)::int from plan_node n where n.plan_id = p.id and n.derived_from_node_id is null and n.provenance <> 'OMITTED') as local,
        (select count(*)::int from plan_node n where n.plan_id = p.parent_plan_id and n.provenance <> 'OMITTED'
           and not exists (select 1 from plan_node c where c.plan_id = p.id and c.derived_from_node_id = n.id and c.provenance <> 'OMITTED')) as omitted,
        (select count(*)::int from plan_node n where n.plan_id = p.parent_plan_id and n.task is not null and n.provenance <> 'OMITTED') as parent_tasks,
        (select count(*)::int from plan_node n where n.plan_id = p.parent_plan_id and n.task is not null and n.provenance <> 'OMITTED'
           and exists (select 1 from plan_node c where c.plan_id = p.id and c.derived_from_node_id = n.id and c.provenance <> 'OMITTED')) as parent_tasks_covered
      from plan p where p.parent_plan_id is not null order by p.id`);
    expect(stored.rows.length).toBe(fresh.rows.length);
    expect(stored.rows).toEqual(fresh.rows);
  });
});
