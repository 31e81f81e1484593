import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayInVietnam } from '../../api/src/core/text.js';
import { expectError } from '../support/api-helpers.js';
import { createTestEnv, type Caller, type TestEnv } from '../support/env.js';

/**
 * The desk (`myWork`; docs/REPORTS.md, "The desk"), through the real server on the demo data: each
 * list appears for the role that acts on it, for the official's own unit, and not for a viewer, a
 * sibling unit or another province; an API key is refused; the query costs the same statements
 * for one item as for fifty.
 */

let env: TestEnv;
const today = todayInVietnam();

beforeAll(async () => {
  env = await createTestEnv();
});

afterAll(async () => {
  await env?.stop();
});

async function ok<T = any>(query: string, variables: Record<string, unknown>, as: Caller): Promise<T> {
  const r = await env.gql<T>(query, variables, as);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!;
}

const DESK = `query($first: Int) { myWork {
  today dueBy
  plansToDerive(first: $first) { totalCount nodes { id title status unit { id name } } }
  plansToApprove(first: $first) { totalCount nodes { id title status unit { id } } }
  upstreamChanges(first: $first) { totalCount nodes { pendingChanges plan { id status unit { id } } amendment { id status } } }
  reportsDue(first: $first) { totalCount nodes { id title dueDate status compliance unit { id } issuerUnit { id } report { id } } }
  reportsToAccept(first: $first) { totalCount nodes { id title status submittedOn unit { id name } issuerUnit { id } report { id status } } }
} }`;

type Desk = Record<'plansToDerive' | 'plansToApprove' | 'upstreamChanges' | 'reportsDue' | 'reportsToAccept', any> & {
  today: string;
  dueBy: string;
};
async function desk(username: string, first = 50): Promise<Desk> {
  return (await ok<{ myWork: Desk }>(DESK, { first }, await env.login(username))).myWork;
}
const idsOf = (list: { nodes: { id: string }[] } | null) => (list?.nodes ?? []).map((n) => n.id).sort();

async function unitOf(username: string): Promise<number> {
  return Number((await env.db.query(`select unit_id from app_user where username = $1`, [username])).rows[0].unit_id);
}

async function planVersion(id: string): Promise<number> {
  return Number((await env.db.query(`select version from plan where id = $1`, [id])).rows[0].version);
}

/** A new plan of `unit`, with reporting milestones, issued on `issuedDate` (default today). */
async function issuePlan(
  unit: string,
  title: string,
  opts: { issuedDate?: string; milestones?: { title: string; dueDate: string }[] } = {},
) {
  const editor = await env.login(`${unit}.editor`);
  const id = (await ok(`mutation($i: CreatePlanInput!) { createPlan(input: $i) { plan { id } } }`, { i: { title } }, editor)).createPlan
    .plan.id as string;
  await ok(
    `mutation($i: AddNodeInput!) { addNode(input: $i) { node { id } } }`,
    { i: { planId: id, kind: 'SECTION', text: 'MỤC ĐÍCH, YÊU CẦU' } },
    editor,
  );
  for (const m of opts.milestones ?? []) {
    await ok(
      `mutation($i: SaveMilestoneInput!) { saveMilestone(input: $i) { milestone { id } } }`,
      { i: { planId: id, kind: 'RESULT_REPORT', title: m.title, dueDate: m.dueDate } },
      editor,
    );
  }
  await submit(unit, id);
  await ok(
    `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { id } } }`,
    { i: { planId: id, version: await planVersion(id), issuedDate: opts.issuedDate, signature: { signerName: 'Người Ký' } } },
    await env.login(`${unit}.approver`),
  );
  return id;
}

async function submit(unit: string, planId: string) {
  await ok(
    `mutation($i: PlanTransitionInput!) { submitPlanForReview(input: $i) { plan { id } } }`,
    { i: { planId, version: await planVersion(planId) } },
    await env.login(`${unit}.editor`),
  );
}

describe('myWork', () => {
  let gialaiPlan = '';

  it('plans to derive: the superior issued, the unit has no plan from it yet — for its editors only', async () => {
    const dueSoon = addDays(today, 7);
    gialaiPlan = await issuePlan('gialai', 'Kế hoạch phòng, chống ma túy trên địa bàn tỉnh năm 2027', {
      milestones: [
        { title: 'Báo cáo kết quả 01 tháng', dueDate: dueSoon },
        { title: 'Báo cáo sơ kết', dueDate: addDays(today, 8) },
      ],
    });
    const ward = await desk('pleiku.editor');
    expect(idsOf(ward.plansToDerive)).toContain(gialaiPlan);
    const item = ward.plansToDerive.nodes.find((p: { id: string }) => p.id === gialaiPlan);
    expect(item).toMatchObject({ status: 'ISSUED', unit: { name: 'Tỉnh Gia Lai' } });
    expect(ward.plansToDerive.totalCount).toBe(ward.plansToDerive.nodes.length);
    expect(ward).toMatchObject({ today, dueBy: dueSoon });
    // Not the issuer itself, not another province, not a viewer or an approver of the ward.
    expect(idsOf((await desk('gialai.editor')).plansToDerive)).not.toContain(gialaiPlan);
    expect(idsOf((await desk('hungyen.editor')).plansToDerive)).not.toContain(gialaiPlan);
    expect((await desk('pleiku.viewer')).plansToDerive).toBeNull();
    expect((await desk('pleiku.approver')).plansToDerive).toBeNull();

    // Lào Cai's seed plan: the city has derived its draft from it, Bát Xát has no plan yet.
    const seedPlan = (
      await env.db.query(
        `select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = '10' and u.valid_from is null and p.status = 'ISSUED'`,
      )
    ).rows[0].id as string;
    expect(idsOf((await desk('tplaocai.editor')).plansToDerive)).not.toContain(seedPlan);
    expect(idsOf((await desk('batxat.editor')).plansToDerive)).toContain(seedPlan);
    // A commune below the city is not told of the province's plan: its superior is the city.
    expect(idsOf((await desk('phuonglaocai.editor')).plansToDerive)).not.toContain(seedPlan);

    // Once the ward derives its plan, the superior's plan leaves its desk.
    await ok(
      `mutation($i: DerivePlanInput!) { derivePlan(input: $i) { plan { id } } }`,
      { i: { parentPlanId: gialaiPlan } },
      await env.login('pleiku.editor'),
    );
    expect(idsOf((await desk('pleiku.editor')).plansToDerive)).not.toContain(gialaiPlan);
  });

  it('reports due: the unit’s open reports due within 7 days or overdue, for its editors and approvers', async () => {
    const ward = await unitOf('pleiku.editor');
    const due = (await desk('pleiku.editor')).reportsDue;
    const mine = due.nodes.filter((o: { title: string }) => o.title === 'Báo cáo kết quả 01 tháng');
    // Due in 7 days: on the desk; due in 8 days: not yet.
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      dueDate: addDays(today, 7),
      status: 'NONE',
      compliance: 'PENDING',
      unit: { id: String(ward) },
      report: null,
    });
    expect(due.nodes.some((o: { title: string }) => o.title === 'Báo cáo sơ kết')).toBe(false);
    expect(idsOf((await desk('pleiku.approver')).reportsDue)).toEqual(idsOf(due));
    expect((await desk('pleiku.viewer')).reportsDue).toBeNull();
    expect((await desk('gialai.admin')).reportsDue).toBeNull();

    // The city owes its reports on the Lào Cai plan, all overdue (2024) and none submitted.
    const city = await unitOf('tplaocai.editor');
    const cityDue = (await desk('tplaocai.editor')).reportsDue;
    const expected = (
      await env.db.query(
        `select o.id from report_obligation o where o.unit_id = $1 and o.due_date <= $2::date
           and not exists (select 1 from report r where r.obligation_id = o.id and r.status in ('SUBMITTED','ACCEPTED'))`,
        [city, addDays(today, 7)],
      )
    ).rows.map((r) => r.id as string);
    expect(expected.length).toBeGreaterThan(0);
    expect(idsOf(cityDue)).toEqual([...expected].sort());
    expect(
      cityDue.nodes.every((o: { compliance: string; unit: { id: string } }) => o.compliance === 'MISSING' && o.unit.id === String(city)),
    ).toBe(true);
    // Bát Xát submitted its first-month report: not due any more; its list holds only its own.
    const batxatDue = (await desk('batxat.editor')).reportsDue;
    const batxat = String(await unitOf('batxat.editor'));
    expect(batxatDue.nodes.every((o: { unit: { id: string } }) => o.unit.id === batxat)).toBe(true);
    expect(batxatDue.nodes.some((o: { title: string }) => o.title === 'Báo cáo kết quả 01 tháng')).toBe(false);
    // Earliest first.
    const dates = cityDue.nodes.map((o: { dueDate: string }) => o.dueDate);
    expect(dates).toEqual([...dates].sort());
  });

  it('reports to accept: submitted to the unit, waiting — for its approvers only', async () => {
    const province = await unitOf('laocai.approver');
    const waiting = (await desk('laocai.approver')).reportsToAccept;
    // The demo: Bát Xát, Bảo Yên and Sa Pa submitted and wait (the others were accepted or returned).
    const names = waiting.nodes.map((o: { unit: { name: string } }) => o.unit.name).sort();
    expect(names).toEqual(['Huyện Bát Xát', 'Huyện Bảo Yên', 'Thị xã Sa Pa']);
    expect(waiting.totalCount).toBe(3);
    for (const o of waiting.nodes) {
      expect(o).toMatchObject({ status: 'SUBMITTED', issuerUnit: { id: String(province) }, report: { status: 'SUBMITTED' } });
      expect(o.submittedOn).toBeTruthy();
    }
    // Longest waiting first.
    const submitted = waiting.nodes.map((o: { submittedOn: string }) => o.submittedOn);
    expect(submitted).toEqual([...submitted].sort());
    // Not for the province's editor or viewer; a district's approver has none of these.
    expect((await desk('laocai.editor')).reportsToAccept).toBeNull();
    expect((await desk('laocai.viewer')).reportsToAccept).toBeNull();
    const district = (await desk('batxat.approver')).reportsToAccept;
    expect(district.nodes.filter((o: { id: string }) => idsOf(waiting).includes(o.id))).toEqual([]);

    // Accepted: it leaves the desk.
    const first = waiting.nodes[0];
    const version = Number((await env.db.query(`select version from report where id = $1`, [first.report.id])).rows[0].version);
    await ok(
      `mutation($i: ReportTransitionInput!) { acceptReport(input: $i) { report { status } } }`,
      { i: { reportId: first.report.id, version } },
      await env.login('laocai.approver'),
    );
    const after = (await desk('laocai.approver')).reportsToAccept;
    expect(after.totalCount).toBe(2);
    expect(idsOf(after)).not.toContain(first.id);
  });

  it('plans to approve: the unit’s drafts in review, for its approvers only', async () => {
    const cityDraft = (
      await env.db.query(`select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = '080' and p.status = 'DRAFT'`)
    ).rows[0].id as string;
    expect(idsOf((await desk('tplaocai.approver')).plansToApprove)).not.toContain(cityDraft);
    await submit('tplaocai', cityDraft);
    const mine = await desk('tplaocai.approver');
    expect(idsOf(mine.plansToApprove)).toEqual([cityDraft]);
    expect(mine.plansToApprove.nodes[0]).toMatchObject({ status: 'IN_REVIEW' });
    // Not the sibling district's approver, not the province's, not the city's editor or viewer.
    expect(idsOf((await desk('batxat.approver')).plansToApprove)).not.toContain(cityDraft);
    expect(idsOf((await desk('laocai.approver')).plansToApprove)).not.toContain(cityDraft);
    expect((await desk('tplaocai.editor')).plansToApprove).toBeNull();
    expect((await desk('tplaocai.viewer')).plansToApprove).toBeNull();
    // Returned to draft: off the desk.
    await ok(
      `mutation($i: PlanTransitionInput!) { returnPlanToDraft(input: $i) { plan { status } } }`,
      { i: { planId: cityDraft, version: await planVersion(cityDraft) } },
      await env.login('tplaocai.approver'),
    );
    expect((await desk('tplaocai.approver')).plansToApprove.totalCount).toBe(0);
  });

  it('upstream changes: the unit’s plans whose parent was amended, with changes to decide — for its editors', async () => {
    const series = (
      await env.db.query(
        `select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = '10' and u.valid_from is null and p.status = 'ISSUED'`,
      )
    ).rows[0].id as string;
    expect((await desk('tplaocai.editor')).upstreamChanges.totalCount).toBe(0);
    // The province amends a task of its plan and issues the amendment (on its last day).
    const editor = await env.login('laocai.editor');
    const amendment = (
      await ok(`mutation($i: AmendPlanInput!) { amendPlan(input: $i) { plan { id } } }`, { i: { planId: series } }, editor)
    ).amendPlan.plan.id as string;
    const task = (
      await env.db.query(`select id, version, text from plan_node where plan_id = $1 and task is not null order by position limit 1`, [
        amendment,
      ])
    ).rows[0];
    await ok(
      `mutation($i: UpdateNodeInput!) { updateNode(input: $i) { node { id } } }`,
      { i: { nodeId: task.id, version: task.version, text: `${task.text} Báo cáo kết quả hằng tháng.` } },
      editor,
    );
    await submit('laocai', amendment);
    await ok(
      `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { status } } }`,
      { i: { planId: amendment, version: await planVersion(amendment), issuedDate: '2025-06-30', signature: { signerName: 'Người Ký' } } },
      await env.login('laocai.approver'),
    );

    const city = await unitOf('tplaocai.editor');
    const cityPlans = (
      await env.db.query(`select id from plan where unit_id = $1 and parent_series_id is not null and status <> 'REVOKED'`, [city])
    ).rows.map((r) => r.id as string);
    const mine = (await desk('tplaocai.editor')).upstreamChanges;
    expect(mine.totalCount).toBe(1);
    expect(mine.nodes[0].plan.id).toBe(cityPlans[0]);
    expect(mine.nodes[0].pendingChanges).toBeGreaterThanOrEqual(1);
    expect(mine.nodes[0].amendment).toEqual({ id: amendment, status: 'ISSUED' });
    expect(mine.nodes[0].plan.unit.id).toBe(String(city));
    // The sibling district has no plan from the province's: nothing of the city's on its desk.
    expect((await desk('batxat.editor')).upstreamChanges.totalCount).toBe(0);
    expect((await desk('tplaocai.viewer')).upstreamChanges).toBeNull();
    expect((await desk('tplaocai.approver')).upstreamChanges).toBeNull();
    // The province itself has nothing to decide.
    expect((await desk('laocai.editor')).upstreamChanges.totalCount).toBe(0);
  });

  it('a viewer’s and an administrator’s desks are empty; an API key is refused; anonymous is not signed in', async () => {
    for (const who of ['tplaocai.viewer', 'laocai.admin']) {
      const d = await desk(who);
      expect([d.plansToDerive, d.plansToApprove, d.upstreamChanges, d.reportsDue, d.reportsToAccept]).toEqual([
        null,
        null,
        null,
        null,
        null,
      ]);
    }
    const admin = await env.login('laocai.admin');
    const key = await ok<{ createApiKey: { secret: string } }>(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
      { i: { unitId: String(await unitOf('laocai.admin')), name: 'Tích hợp bàn làm việc', role: 'EDITOR' } },
      admin,
    );
    expectError(await env.gql(DESK, { first: 5 }, { apiKey: key.createApiKey.secret }), 'FORBIDDEN');
    expectError(await env.gql(DESK, { first: 5 }), 'UNAUTHENTICATED');
  });

  it('refuses a list longer than 50 with the field named', async () => {
    const r = await env.gql(`{ myWork { reportsDue(first: 51) { totalCount } } }`, {}, await env.login('tplaocai.editor'));
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const zero = await ok(`{ myWork { reportsDue(first: 0) { totalCount nodes { id } } } }`, {}, await env.login('tplaocai.editor'));
    expect(zero.myWork.reportsDue.nodes).toEqual([]);
    expect(zero.myWork.reportsDue.totalCount).toBeGreaterThan(0);
  });

  it('costs a fixed number of statements: one item or fifty, few units or many', async () => {
    const approver = await env.login('laocai.approver');
    const editor = await env.login('tplaocai.editor');
    const one = await env.gql(DESK, { first: 1 }, approver);
    const fifty = await env.gql(DESK, { first: 50 }, approver);
    expect(one.errors).toBeUndefined();
    expect(fifty.data!.myWork.reportsToAccept.nodes.length).toBeGreaterThan(1);
    expect(fifty.sqlCount).toBe(one.sqlCount);
    const e1 = await env.gql(DESK, { first: 1 }, editor);
    const e50 = await env.gql(DESK, { first: 50 }, editor);
    expect(e50.sqlCount).toBe(e1.sqlCount);

    // Twenty more reports submitted to the province: the same statements as before.
    const before = await env.gql(DESK, { first: 50 }, approver);
    const obligations = (
      await env.db.query(
        `select o.id, o.unit_id, o.unit_path, o.province_id from report_obligation o
         where o.issuer_unit_id = $1 and not exists (select 1 from report r where r.obligation_id = o.id) limit 20`,
        [await unitOf('laocai.approver')],
      )
    ).rows;
    expect(obligations.length).toBeGreaterThan(5);
    for (const o of obligations) {
      await env.db.query(
        `insert into report (id, obligation_id, unit_id, unit_path, province_id, version_no, status, first_submitted_on)
         values (gen_random_uuid(), $1, $2, $3, $4, 1, 'SUBMITTED', current_date)`,
        [o.id, o.unit_id, o.unit_path, o.province_id],
      );
    }
    const after = await env.gql(DESK, { first: 50 }, approver);
    expect(after.data!.myWork.reportsToAccept.totalCount).toBe(before.data!.myWork.reportsToAccept.totalCount + obligations.length);
    expect(after.sqlCount).toBe(before.sqlCount);
    // The whole desk: the sign-in check, the transaction and one statement per list and loader.
    console.log('SQLCOUNT', after.sqlCount, e50.sqlCount);
    expect(after.sqlCount).toBeLessThanOrEqual(15);
  });
});
