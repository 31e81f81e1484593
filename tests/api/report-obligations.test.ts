import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canReadObligation, canReadReport } from '../../api/src/core/access/policy.js';
import type { Principal } from '../../api/src/core/context.js';
import { openOrm } from '../../api/src/core/db/orm.js';
import { dissolveUnit } from '../../api/src/modules/admin-units/dissolution.js';
import { insertReminders, isRecipient, mailRecipients, takeUnmailed } from '../../api/src/modules/notifications/notification.store.js';
import { NotificationKind } from '../../api/src/modules/notifications/notification.types.js';
import { ObligationClosedReasons } from '../../api/src/modules/reports/report.types.js';
import { openObligationsDueBetween } from '../../api/src/modules/reports/store/index.js';
import { insertAgency } from '../support/api-helpers.js';
import { codeOf, createTestEnv, type Caller, type GqlResult, type TestEnv } from '../support/env.js';
import { issueOn } from '../support/unit-lifetimes.js';
import { addDays, todayInVietnam } from '../../api/src/core/text.js';

/*
 * Report obligations over the plans' whole life (issue 11, docs/REPORTS.md "Obligations"), through
 * the real HTTP server under row-level security: a periodic milestone makes one obligation per
 * period with its data window and due date, a derived plan's periods link to its parent's; issuing
 * an amendment moves, opens and closes them; a dissolved unit owes nothing after its last day and
 * its successors owe from their start; an agency the plan names owes its own report, written by
 * its own accounts only. Expected values come from the plans built here and Decree 09/2019's
 * cut-off (the 14th), never from the code under test.
 */

let env: TestEnv;
const as: Record<string, Caller> = {};
const ids: Record<string, number> = {};

async function ok<T = any>(r: Promise<GqlResult<T>>): Promise<T> {
  const got = await r;
  expect(got.errors, JSON.stringify(got.errors)).toBeUndefined();
  return got.data!;
}
const call = (who: Caller, name: string, type: string, input: Record<string, unknown>, selection: string) =>
  env.gql(`mutation($i: ${type}!) { ${name}(input: $i) { ${selection} } }`, { i: input }, who);
const mut = async (who: Caller, name: string, type: string, input: Record<string, unknown>, selection: string) =>
  (await ok(call(who, name, type, input, selection)))[name];
async function scalar<T = any>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await env.db.query(sql, params);
  return (rows[0] ? Object.values(rows[0])[0] : undefined) as T;
}
/** The username prefix of accounts of a unit ("52-2025." …): what a refused name says it must begin with. */
async function accountPrefix(admin: string, unitId: number): Promise<string> {
  const r = await call(
    as[admin],
    'createUser',
    'CreateUserInput',
    { unitId: String(unitId), username: 'khong-dung-tien-to', displayName: 'x', role: 'VIEWER', password: 'KeHoach@2026' },
    'user { id }',
  );
  return (r.errors![0]!.extensions as { prefixes: string[] }).prefixes[0]!;
}
/** A second connection to this file's database as its owner (env.db is one connection). */
const anotherConnection = () =>
  new pg.Client({
    host: env.db.host,
    port: env.db.port,
    user: env.db.user,
    password: env.db.password ?? undefined,
    database: env.db.database,
  });
const planVersion = (id: string) => scalar<number>(`select version from plan where id = $1`, [id]);

const OBLIGATION = `id kind title dueDate state closedOn closedReason status compliance parentObligationId milestoneId planId
  period { kind year index label start end } unit { code } agency { id name } report { id status }`;
const OBLIGATIONS = `query($planId: String, $unitId: String, $milestoneId: String, $owedTo: String, $closed: Boolean, $period: String,
  $after: String) {
  reportObligations(planId: $planId, unitId: $unitId, milestoneId: $milestoneId, owedToUnitId: $owedTo, includeClosed: $closed,
    period: $period, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${OBLIGATION} } } }`;
async function obligations(vars: Record<string, unknown>, who: Caller): Promise<any[]> {
  const out: any[] = [];
  let after: string | null = null;
  for (;;) {
    const d: any = await ok(env.gql(OBLIGATIONS, { ...vars, after }, who));
    out.push(...d.reportObligations.nodes);
    if (!d.reportObligations.pageInfo.hasNextPage) return out;
    after = d.reportObligations.pageInfo.endCursor;
  }
}
const REPORT = `id status version periodStart periodEnd obligation { id } tasks { id text } figures { targetId allocated periodValue version }`;

interface MilestoneIn {
  kind: string;
  title: string;
  dueDate?: string | null;
  recurrence?: string | null;
  dueDay?: number | null;
}
interface TaskIn {
  text: string;
  lead: Record<string, unknown>[];
}

/** A draft of the editor's unit: tasks under one section, its period, milestones and targets. */
async function draftPlan(
  editor: string,
  title: string,
  o: {
    period?: [string, string];
    milestones: MilestoneIn[];
    tasks?: TaskIn[];
    targets?: Record<string, unknown>[];
  },
): Promise<string> {
  const who = as[editor];
  const p = await mut(who, 'createPlan', 'CreatePlanInput', { title }, 'plan { id }');
  const id = p.plan.id as string;
  const s = await mut(who, 'addNode', 'AddNodeInput', { planId: id, kind: 'SECTION', label: 'I.', text: 'NHIỆM VỤ' }, 'node { id }');
  const tasks = o.tasks ?? [
    { text: 'Ủy ban nhân dân cấp dưới triển khai thực hiện', lead: [{ name: 'UBND cấp dưới', subordinateCommittees: true }] },
  ];
  for (const [i, t] of tasks.entries()) {
    await mut(
      who,
      'addNode',
      'AddNodeInput',
      { planId: id, parentId: s.node.id, kind: 'ITEM', label: `${i + 1}.`, text: t.text, task: { lead: t.lead } },
      'node { id }',
    );
  }
  if (o.period) {
    await mut(
      who,
      'updatePlanHeader',
      'UpdatePlanHeaderInput',
      { planId: id, version: await planVersion(id), periodStart: o.period[0], periodEnd: o.period[1] },
      'plan { id }',
    );
  }
  for (const m of o.milestones) await mut(who, 'saveMilestone', 'SaveMilestoneInput', { planId: id, ...m }, 'milestone { id }');
  for (const t of o.targets ?? []) await mut(who, 'saveTarget', 'SaveTargetInput', { planId: id, ...t }, 'target { id }');
  return id;
}
const milestonesOf = async (planId: string) =>
  (
    await env.db.query(
      `select id, kind, title, due_date::text as "dueDate", recurrence, due_day as "dueDay" from plan_milestone where plan_id = $1 order by position`,
      [planId],
    )
  ).rows as { id: string; kind: string; title: string; dueDate: string | null; recurrence: string | null; dueDay: number | null }[];

/** The Lào Cai districts' codes (old tree: 080, 082…089). */
let districts: string[];

beforeAll(async () => {
  env = await createTestEnv();
  for (const u of ['quocgia', 'laocai', 'tplaocai', 'phuonglaocai', 'batxat']) {
    for (const role of ['admin', 'editor', 'approver', 'viewer']) as[`${u}.${role}`] = await env.login(`${u}.${role}`);
  }
  for (const [k, code] of [
    ['laocai', '10'],
    ['tplaocai', '080'],
    ['batxat', '082'],
    ['phuonglaocai', '02641'],
  ] as const)
    ids[k] = await env.unitId(code);
  districts = (await env.db.query(`select code from admin_unit where parent_id = $1 order by code`, [ids.laocai])).rows.map((r) => r.code);
  expect(districts).toHaveLength(9);
});
afterAll(async () => {
  await env?.stop();
});

/* ------------------------------------------------------------------ periodic milestones */

describe('periodic milestones: one obligation per period of the plan', () => {
  let plan: string;
  let monthly: string;
  // Sep 2024 → Dec 2024: the windows meeting it are those of Sep, Oct, Nov, Dec 2024 and Jan 2025 (15/12–14/01).
  const PERIODS = [
    { label: 'tháng 09/2024', start: '2024-08-15', end: '2024-09-14', due: '2024-09-20' },
    { label: 'tháng 10/2024', start: '2024-09-15', end: '2024-10-14', due: '2024-10-20' },
    { label: 'tháng 11/2024', start: '2024-10-15', end: '2024-11-14', due: '2024-11-20' },
    { label: 'tháng 12/2024', start: '2024-11-15', end: '2024-12-14', due: '2024-12-20' },
    { label: 'tháng 01/2025', start: '2024-12-15', end: '2025-01-14', due: '2025-01-20' },
  ];

  it('refuses a due day without a recurrence, a recurring plan-submission deadline and a day out of 1–31, with the field named', async () => {
    const draft = await draftPlan('laocai.editor', 'Kế hoạch thử mốc định kỳ sai', { milestones: [] });
    const before = await scalar<number>(`select count(*)::int from plan_milestone where plan_id = $1`, [draft]);
    for (const [input, field] of [
      [{ kind: 'RESULT_REPORT', title: 'Báo cáo', dueDay: 20 }, 'dueDay'],
      [{ kind: 'PLAN_SUBMISSION', title: 'Gửi kế hoạch', recurrence: 'MONTH', dueDay: 20 }, 'recurrence'],
      [{ kind: 'RESULT_REPORT', title: 'Báo cáo', recurrence: 'MONTH', dueDay: 32 }, 'dueDay'],
      [{ kind: 'RESULT_REPORT', title: 'Báo cáo', recurrence: 'MONTH', dueDay: 0 }, 'dueDay'],
    ] as const) {
      const r = await call(as['laocai.editor'], 'saveMilestone', 'SaveMilestoneInput', { planId: draft, ...input }, 'milestone { id }');
      expect(codeOf(r), JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions!.field).toBe(field);
    }
    expect(await scalar<number>(`select count(*)::int from plan_milestone where plan_id = $1`, [draft])).toBe(before);
  });

  it('a monthly report due on the 20th makes five obligations per district, each with its window, label and due date', async () => {
    plan = await draftPlan('laocai.editor', 'Kế hoạch báo cáo định kỳ hằng tháng', {
      period: ['2024-09-01', '2024-12-31'],
      milestones: [
        { kind: 'RESULT_REPORT', title: 'Báo cáo định kỳ hằng tháng', recurrence: 'MONTH', dueDay: 20 },
        { kind: 'FINAL_REVIEW', title: 'Báo cáo tổng kết', dueDate: '2024-12-18' },
      ],
    });
    const saved = await ok(
      env.gql(`query($id: String!) { plan(id: $id) { milestones { kind recurrence dueDay } } }`, { id: plan }, as['laocai.viewer']),
    );
    expect(saved.plan.milestones).toEqual([
      { kind: 'RESULT_REPORT', recurrence: 'MONTH', dueDay: 20 },
      { kind: 'FINAL_REVIEW', recurrence: null, dueDay: null },
    ]);
    await issueOn(env, as['laocai.editor'], as['laocai.approver'], plan, '2024-08-25');
    monthly = (await milestonesOf(plan))[0].id;

    const all = await obligations({ planId: plan, milestoneId: monthly }, as['laocai.viewer']);
    expect(all).toHaveLength(districts.length * PERIODS.length);
    for (const code of districts) {
      const mine = all.filter((o) => o.unit.code === code).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
      expect(
        mine.map((o) => ({ label: o.period.label, start: o.period.start, end: o.period.end, due: o.dueDate })),
        code,
      ).toEqual(PERIODS);
      expect(mine.every((o) => o.state === 'OPEN' && o.period.kind === 'MONTH')).toBe(true);
    }
    // The one-off review stays one obligation per district, without a period.
    const final = await obligations({ planId: plan, milestoneId: (await milestonesOf(plan))[1].id }, as['laocai.viewer']);
    expect(final.map((o) => [o.unit.code, o.dueDate, o.period])).toEqual(districts.map((c) => [c, '2024-12-18', null]));
  });

  it('the follow-up of a periodic milestone is per period: rows, summary and list take the period', async () => {
    const ROLLUP = `query($m: String!, $p: String) { reportRollup(milestoneId: $m, period: $p, first: 100) {
      totalCount nodes { obligation { unit { code } period { key label } } } } }`;
    const SUMMARY = `query($m: String!, $p: String) { reportRollupSummary(milestoneId: $m, period: $p) { units byCompliance { compliance count } } }`;
    const all = (await ok(env.gql(ROLLUP, { m: monthly }, as['laocai.viewer']))).reportRollup;
    expect(all.totalCount).toBe(districts.length * PERIODS.length);
    const october = (await ok(env.gql(ROLLUP, { m: monthly, p: 'MONTH-2024-10' }, as['laocai.viewer']))).reportRollup;
    expect(october.totalCount).toBe(districts.length);
    expect(october.nodes.map((n: any) => n.obligation.unit.code)).toEqual(districts);
    expect(new Set(october.nodes.map((n: any) => n.obligation.period.label))).toEqual(new Set(['tháng 10/2024']));
    const summary = (await ok(env.gql(SUMMARY, { m: monthly, p: 'MONTH-2024-10' }, as['laocai.viewer']))).reportRollupSummary;
    expect(summary.units).toBe(districts.length);
    const list = await obligations({ milestoneId: monthly, period: 'MONTH-2024-10' }, as['laocai.viewer']);
    expect(list.map((o) => o.dueDate)).toEqual(districts.map(() => '2024-10-20'));
    for (const bad of ['2024-10', 'MONTH-2024-13', 'WEEK-2024-01']) {
      const r = await env.gql(ROLLUP, { m: monthly, p: bad }, as['laocai.viewer']);
      expect(codeOf(r), bad).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions!.field).toBe('period');
    }
  });

  it("a report on a period counts that period's data window, which may begin before the plan", async () => {
    const mine = await obligations({ unitId: String(ids.tplaocai), milestoneId: monthly }, as['tplaocai.viewer']);
    const september = mine.find((o) => o.period.label === 'tháng 09/2024');
    const r = (
      await mut(as['tplaocai.editor'], 'createReport', 'CreateReportInput', { obligationId: september.id }, `report { ${REPORT} }`)
    ).report;
    expect(r).toMatchObject({ periodStart: '2024-08-15', periodEnd: '2024-09-14' });
    // Saving the text with its window is fine; a day before the window (and the plan) is not.
    const saved = await mut(
      as['tplaocai.editor'],
      'updateReportText',
      'UpdateReportTextInput',
      { reportId: r.id, version: r.version, periodStart: '2024-08-15', proposals: 'Không' },
      'report { periodStart version }',
    );
    expect(saved.report.periodStart).toBe('2024-08-15');
    const bad = await call(
      as['tplaocai.editor'],
      'updateReportText',
      'UpdateReportTextInput',
      { reportId: r.id, version: saved.report.version, periodStart: '2024-08-14' },
      'report { id }',
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions).toMatchObject({ field: 'periodStart', reason: 'PERIOD_OUTSIDE_PLAN' });
  });

  it("a derived plan recurs three days earlier; its communes' periods link to the city's own obligation for the same period", async () => {
    const derived = await mut(as['tplaocai.editor'], 'derivePlan', 'DerivePlanInput', { parentPlanId: plan }, 'plan { id }');
    const cityPlan = derived.plan.id as string;
    expect((await milestonesOf(cityPlan)).map(({ kind, recurrence, dueDay, dueDate }) => ({ kind, recurrence, dueDay, dueDate }))).toEqual([
      { kind: 'RESULT_REPORT', recurrence: 'MONTH', dueDay: 17, dueDate: null },
      { kind: 'FINAL_REVIEW', recurrence: null, dueDay: null, dueDate: '2024-12-15' },
    ]);
    await issueOn(env, as['tplaocai.editor'], as['tplaocai.approver'], cityPlan, '2024-08-28');
    const cityMonthly = (await milestonesOf(cityPlan))[0].id;
    const communes = await scalar<number>(`select count(*)::int from admin_unit where parent_id = $1`, [ids.tplaocai]);
    const below = await obligations({ planId: cityPlan, milestoneId: cityMonthly }, as['tplaocai.viewer']);
    expect(below).toHaveLength(communes * PERIODS.length);
    const cityOwn = await obligations({ unitId: String(ids.tplaocai), milestoneId: monthly }, as['tplaocai.viewer']);
    const ward = below.filter((o) => o.unit.code === '02641').sort((a, b) => a.dueDate.localeCompare(b.dueDate));
    expect(ward.map((o) => o.dueDate)).toEqual(PERIODS.map((p) => p.due.replace(/-20$/, '-17')));
    for (const o of ward) {
      const parent = cityOwn.find((c) => c.id === o.parentObligationId);
      expect(parent?.period.label, o.period.label).toBe(o.period.label);
    }
  });
});

/* ------------------------------------------------------------------ amendments */

describe('issuing an amendment adjusts the obligations of the version it replaces', () => {
  let v1: string;
  let v2: string;
  let first: { id: string }; // A: due 03/10, moved to 10/10
  let review: { id: string }; // B: removed
  let final: { id: string }; // C: removed
  const obligationOf = async (milestoneId: string, code: string) =>
    (
      await env.db.query(
        `select o.* from report_obligation o join admin_unit u on u.id = o.unit_id where o.milestone_id = $1 and u.code = $2`,
        [milestoneId, code],
      )
    ).rows[0];
  const submit = async (milestoneId: string, code: string, editor: string, approver: string) => {
    const o = await obligationOf(milestoneId, code);
    const r = (await mut(as[editor], 'createReport', 'CreateReportInput', { obligationId: o.id }, 'report { id version }')).report;
    await mut(as[approver], 'submitReport', 'ReportTransitionInput', { reportId: r.id, version: r.version }, 'report { id }');
  };
  let cityDraftOnFinal: string;

  beforeAll(async () => {
    v1 = await draftPlan('laocai.editor', 'Kế hoạch cao điểm (sẽ sửa đổi)', {
      period: ['2024-09-01', '2024-12-31'],
      milestones: [
        { kind: 'RESULT_REPORT', title: 'Báo cáo kết quả 01 tháng', dueDate: '2024-10-03' },
        { kind: 'INTERIM_REVIEW', title: 'Báo cáo sơ kết', dueDate: '2024-11-03' },
        { kind: 'FINAL_REVIEW', title: 'Báo cáo tổng kết', dueDate: '2024-12-18' },
      ],
    });
    await issueOn(env, as['laocai.editor'], as['laocai.approver'], v1, '2024-08-25');
    [first, review, final] = await milestonesOf(v1);
    // Bát Xát reports on the first month and on the review; the city starts its final review but never submits it.
    await submit(first.id, '082', 'batxat.editor', 'batxat.approver');
    await submit(review.id, '082', 'batxat.editor', 'batxat.approver');
    const cityFinal = await obligationOf(final.id, '080');
    cityDraftOnFinal = (
      await mut(as['tplaocai.editor'], 'createReport', 'CreateReportInput', { obligationId: cityFinal.id }, 'report { id }')
    ).report.id;
  });

  it('moves the continued milestone’s obligations (due date with them, except where submitted), opens the new one’s, closes the removed ones’', async () => {
    const before = Object.fromEntries(
      (await env.db.query(`select id, unit_id from report_obligation where milestone_id = $1`, [first.id])).rows.map((r) => [
        r.unit_id,
        r.id,
      ]),
    );
    v2 = (await mut(as['laocai.editor'], 'amendPlan', 'AmendPlanInput', { planId: v1 }, 'plan { id }')).plan.id;
    const [a2, b2, c2] = await milestonesOf(v2);
    await mut(
      as['laocai.editor'],
      'saveMilestone',
      'SaveMilestoneInput',
      { planId: v2, milestoneId: a2.id, version: 1, kind: 'RESULT_REPORT', title: a2.title, dueDate: '2024-10-10' },
      'milestone { id }',
    );
    for (const m of [b2, c2])
      await mut(as['laocai.editor'], 'deleteMilestone', 'DeletePlanPartInput', { id: m.id, version: 1 }, 'deletedId');
    await mut(
      as['laocai.editor'],
      'saveMilestone',
      'SaveMilestoneInput',
      { planId: v2, kind: 'RESULT_REPORT', title: 'Báo cáo kết quả 03 tháng', dueDate: '2024-12-01' },
      'milestone { id }',
    );
    await issueOn(env, as['laocai.editor'], as['laocai.approver'], v2, '2024-09-05');
    const [newFirst, added] = await milestonesOf(v2);

    // A: the same obligations (ids kept, reports with them), now on v2's milestone; due dates moved but Bát Xát's.
    const moved = await env.db.query(
      `select id, unit_id, plan_id, due_date::text as due, state from report_obligation where milestone_id = $1`,
      [newFirst.id],
    );
    expect(moved.rows).toHaveLength(districts.length);
    for (const r of moved.rows) {
      expect(r.id).toBe(before[r.unit_id]);
      expect(r.plan_id).toBe(v2);
      expect(r.due, String(r.unit_id)).toBe(r.unit_id === ids.batxat ? '2024-10-03' : '2024-10-10');
    }
    expect(await scalar<number>(`select count(*)::int from report_obligation where milestone_id = $1`, [first.id])).toBe(0);
    // The new milestone: every district owes it.
    expect(await scalar<number>(`select count(*)::int from report_obligation where milestone_id = $1 and state = 'OPEN'`, [added.id])).toBe(
      districts.length,
    );
    // B and C: closed where nobody submitted — the city's draft does not keep C open —, Bát Xát's submitted review stays.
    const left = (
      await env.db.query(
        `select o.milestone_id, u.code, o.state, o.closed_reason, o.closed_on from report_obligation o join admin_unit u on u.id = o.unit_id
         where o.plan_id = $1`,
        [v1],
      )
    ).rows;
    expect(left).toHaveLength(2 * districts.length);
    for (const r of left) {
      const kept = r.milestone_id === review.id && r.code === '082';
      expect({ state: r.state, reason: r.closed_reason }, `${r.code} ${r.milestone_id}`).toEqual(
        kept ? { state: 'OPEN', reason: null } : { state: 'CLOSED', reason: 'MILESTONE_REMOVED' },
      );
    }
    // The issue's audit event says what it did.
    const audit = await scalar<any>(`select after from audit_event where entity_type = 'Plan' and entity_id = $1 and action = 'ISSUE'`, [
      v2,
    ]);
    expect(audit.obligations).toEqual({
      opened: districts.length,
      moved: districts.length,
      rescheduled: districts.length - 1,
      closed: 2 * districts.length - 1,
    });
  });

  it('lists and counts only open obligations unless closed ones are asked for; a closed one takes no report', async () => {
    const open = await obligations({ planId: v1 }, as['laocai.viewer']);
    expect(open.map((o) => o.unit.code)).toEqual(['082']);
    const withClosed = await obligations({ planId: v1, closed: true }, as['laocai.viewer']);
    expect(withClosed).toHaveLength(2 * districts.length);
    expect(
      withClosed.filter((o) => o.state === 'CLOSED').every((o) => o.compliance === 'CLOSED' && o.closedReason === 'MILESTONE_REMOVED'),
    ).toBe(true);
    const summary = await ok(
      env.gql(
        `query($m: String!) { reportRollupSummary(milestoneId: $m) { units byCompliance { compliance count } } }`,
        { m: final.id },
        as['laocai.viewer'],
      ),
    );
    expect(summary.reportRollupSummary).toEqual({ units: 0, byCompliance: [] });
    // The city's draft stays (history) but is not submitted; nor is a new report started on a closed obligation.
    const draft = await ok(
      env.gql(`query($id: String!) { report(id: $id) { id version status } }`, { id: cityDraftOnFinal }, as['tplaocai.editor']),
    );
    const before = await scalar<number>(`select count(*)::int from report`);
    const refused = await call(
      as['tplaocai.approver'],
      'submitReport',
      'ReportTransitionInput',
      { reportId: draft.report.id, version: draft.report.version },
      'report { id }',
    );
    expect(codeOf(refused)).toBe('INVALID_STATE');
    expect(refused.errors![0].extensions).toMatchObject({ reason: 'OBLIGATION_CLOSED', closedReason: 'MILESTONE_REMOVED' });
    const closed = await obligationOf(review.id, '080');
    const start = await call(as['tplaocai.editor'], 'createReport', 'CreateReportInput', { obligationId: closed.id }, 'report { id }');
    expect(codeOf(start)).toBe('INVALID_STATE');
    expect(start.errors![0].extensions).toMatchObject({ reason: 'OBLIGATION_CLOSED' });
    expect(await scalar<number>(`select count(*)::int from report`)).toBe(before);
  });
});

/* ------------------------------------------------------------------ agencies */

describe('agencies the plan names owe their own report where they have accounts', () => {
  const ag: Record<'A' | 'B' | 'C' | 'other', string> = { A: '', B: '', C: '', other: '' };
  let plan: string;
  let milestone: string;
  let obligationOf: Record<'A' | 'B', string>;
  let reportA: { id: string; version: number };
  let reportB: string;
  let prefix: string;

  const account = async (username: string, role: string, agencyId: string | null) =>
    (
      await mut(
        as['laocai.admin'],
        'createUser',
        'CreateUserInput',
        { unitId: String(ids.laocai), username, displayName: username, role, password: 'KeHoach@2026', agencyId },
        'user { id agencyId agency { name } }',
      )
    ).user;

  beforeAll(async () => {
    ag.A = (await insertAgency(env.db, ids.laocai, 'Ban Chỉ huy thử nghiệm A', 'POLICE')).id;
    ag.B = (await insertAgency(env.db, ids.laocai, 'Cơ quan thử nghiệm B', 'HEALTH')).id;
    ag.C = (await insertAgency(env.db, ids.laocai, 'Cơ quan thử nghiệm C (không có tài khoản)', 'OTHER')).id;
    ag.other = (await insertAgency(env.db, ids.batxat, 'Cơ quan của Bát Xát', 'OTHER')).id;
    // The province's username key ("10." — "10-2025." when the 2025 tree reused the code).
    const reused = await scalar<boolean>(`select exists (select 1 from admin_unit where code = '10' and valid_from is not null)`);
    prefix = reused ? '10-2025.' : '10.';
  });

  it('an account works for an agency of its own unit: createUser and updateUser take agencyId, anything else is BAD_USER_INPUT', async () => {
    const a = await account(`${prefix}a.editor`, 'EDITOR', ag.A);
    expect(a).toMatchObject({ agencyId: ag.A, agency: { name: 'Ban Chỉ huy thử nghiệm A' } });
    await account(`${prefix}b.editor`, 'EDITOR', ag.B);
    await account(`${prefix}b.approver`, 'APPROVER', ag.B);
    // An approver made the unit's, then moved to agency A.
    const approver = await account(`${prefix}a.approver`, 'APPROVER', null);
    const moved = await mut(
      as['laocai.admin'],
      'updateUser',
      'UpdateUserInput',
      { id: approver.id, version: 1, agencyId: ag.A },
      'user { agencyId version }',
    );
    expect(moved.user).toEqual({ agencyId: ag.A, version: 2 });
    // Another unit's agency and no agency at all answer alike, and nothing is written.
    const users = await scalar<number>(`select count(*)::int from app_user`);
    const answers = [];
    for (const agencyId of [ag.other, '00000000-0000-4000-8000-0000000000aa', 'not-an-id']) {
      const r = await call(
        as['laocai.admin'],
        'createUser',
        'CreateUserInput',
        { unitId: String(ids.laocai), username: `${prefix}x.editor`, displayName: 'X', role: 'EDITOR', password: 'KeHoach@2026', agencyId },
        'user { id }',
      );
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      answers.push(r.errors![0].extensions);
    }
    expect(answers[0]).toMatchObject({ field: 'agencyId', reason: 'AGENCY_NOT_OF_UNIT' });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(await scalar<number>(`select count(*)::int from app_user`)).toBe(users);
    for (const k of ['a.editor', 'a.approver', 'b.editor', 'b.approver']) as[k] = await env.login(`${prefix}${k}`);
  });

  it('issuing a plan that names agencies: one obligation per agency with accounts, owed to the plan’s unit, beside the districts', async () => {
    plan = await draftPlan('laocai.editor', 'Kế hoạch có cơ quan báo cáo', {
      period: ['2024-09-01', '2024-12-31'],
      tasks: [
        { text: 'Ban Chỉ huy A chủ trì đấu tranh các tụ điểm', lead: [{ name: 'Ban Chỉ huy thử nghiệm A', agencyId: ag.A }] },
        { text: 'Cơ quan B chủ trì tuyên truyền', lead: [{ name: 'Cơ quan thử nghiệm B', agencyId: ag.B }] },
        { text: 'Cơ quan C chủ trì rà soát', lead: [{ name: 'Cơ quan thử nghiệm C', agencyId: ag.C }] },
        { text: 'UBND các huyện triển khai', lead: [{ name: 'UBND các huyện', subordinateCommittees: true }] },
      ],
      milestones: [{ kind: 'RESULT_REPORT', title: 'Báo cáo kết quả 01 tháng', dueDate: '2024-10-03' }],
      targets: [
        {
          metric: 'số vụ bắt giữ',
          unitOfMeasure: 'vụ',
          value: 60,
          allocations: [
            { assignee: 'Ban Chỉ huy thử nghiệm A', agencyId: ag.A, value: 10 },
            { assignee: 'Thành phố Lào Cai', unitId: String(ids.tplaocai), value: 30 },
            { assignee: 'Huyện Bát Xát', unitId: String(ids.batxat), value: 20 },
          ],
        },
      ],
    });
    await issueOn(env, as['laocai.editor'], as['laocai.approver'], plan, '2024-08-25');
    milestone = (await milestonesOf(plan))[0].id;
    const all = await obligations({ planId: plan, milestoneId: milestone }, as['laocai.viewer']);
    expect(all).toHaveLength(districts.length + 2);
    const agencies = all.filter((o) => o.agency);
    expect(agencies.map((o) => [o.agency.name, o.unit.code, o.dueDate]).sort()).toEqual([
      ['Ban Chỉ huy thử nghiệm A', '10', '2024-10-03'],
      ['Cơ quan thử nghiệm B', '10', '2024-10-03'],
    ]);
    obligationOf = {
      A: agencies.find((o) => o.agency.id === ag.A).id,
      B: agencies.find((o) => o.agency.id === ag.B).id,
    };
    // An agency's account sees its own obligation, not its sibling's.
    const mine = await obligations({ unitId: String(ids.laocai) }, as['a.editor']);
    expect(mine.map((o) => o.id)).toEqual([obligationOf.A]);
    const owed = await obligations({ owedTo: String(ids.laocai), milestoneId: milestone }, as['b.editor']);
    expect(owed.filter((o) => o.agency).map((o) => o.id)).toEqual([obligationOf.B]);
  });

  it("the agency's report holds the tasks it leads and the targets allocated to it", async () => {
    const r = (await mut(as['a.editor'], 'createReport', 'CreateReportInput', { obligationId: obligationOf.A }, `report { ${REPORT} }`))
      .report;
    expect(r.tasks.map((t: any) => t.text)).toEqual(['Ban Chỉ huy A chủ trì đấu tranh các tụ điểm']);
    expect(r.figures.map((f: any) => f.allocated)).toEqual([10]);
    reportA = { id: r.id, version: r.version };
    reportB = (await mut(as['b.editor'], 'createReport', 'CreateReportInput', { obligationId: obligationOf.B }, 'report { id }')).report.id;
  });

  // role-of-unit × agency × operation → outcome (visible → allowed → state, as everywhere else).
  const ROWS: [string, string, 'read' | 'create' | 'edit' | 'submit' | 'accept', string][] = [
    ['its own agency’s editor edits', 'a.editor', 'edit', 'OK'],
    ['a sibling agency’s editor does not see it', 'b.editor', 'edit', 'NOT_FOUND'],
    ['a sibling agency’s editor cannot start it', 'b.editor', 'create', 'NOT_FOUND'],
    ['a sibling agency’s approver does not see it', 'b.approver', 'submit', 'NOT_FOUND'],
    ['a sibling agency’s account does not read it', 'b.editor', 'read', 'NOT_FOUND'],
    ['the unit’s own editor sees it but does not write it', 'laocai.editor', 'edit', 'FORBIDDEN'],
    ['the unit’s own editor cannot start it', 'laocai.editor', 'create', 'FORBIDDEN'],
    ['the unit’s viewer reads the draft', 'laocai.viewer', 'read', 'OK'],
    ['a sibling unit does not see it', 'batxat.editor', 'edit', 'NOT_FOUND'],
    ['a sibling unit cannot read it', 'batxat.viewer', 'read', 'NOT_FOUND'],
    ['the superior does not read a draft', 'quocgia.viewer', 'read', 'NOT_FOUND'],
    ['its own agency’s editor does not submit', 'a.editor', 'submit', 'FORBIDDEN'],
    ['a unit below does not see it', 'tplaocai.approver', 'submit', 'NOT_FOUND'],
    ['the agency’s approver submits', 'a.approver', 'submit', 'OK'],
    ['the superior reads it once submitted', 'quocgia.viewer', 'read', 'OK'],
    ['the agency’s approver does not accept it', 'a.approver', 'accept', 'FORBIDDEN'],
    ['a sibling agency’s approver does not see it submitted either', 'b.approver', 'accept', 'NOT_FOUND'],
    ['the unit’s approver accepts it', 'laocai.approver', 'accept', 'OK'],
  ];
  const run = async (who: Caller, op: string): Promise<GqlResult> => {
    const version = await scalar<number>(`select version from report where id = $1`, [reportA.id]);
    if (op === 'read') return env.gql(`query($id: String!) { report(id: $id) { id } }`, { id: reportA.id }, who);
    if (op === 'create') return call(who, 'createReport', 'CreateReportInput', { obligationId: obligationOf.A }, 'report { id }');
    if (op === 'edit') {
      const f = (await env.db.query(`select target_id, version from report_figure where report_id = $1`, [reportA.id])).rows[0];
      return call(
        who,
        'updateReportFigure',
        'UpdateReportFigureInput',
        { reportId: reportA.id, targetId: f.target_id, version: f.version, periodValue: '7', cumulativeValue: '7' },
        'figure { periodValue }',
      );
    }
    const name = op === 'submit' ? 'submitReport' : 'acceptReport';
    return call(who, name, 'ReportTransitionInput', { reportId: reportA.id, version }, 'report { status }');
  };
  const snapshot = async () =>
    (
      await env.db.query(
        `select (select count(*)::int from report) as reports, (select count(*)::int from audit_event) as audits,
           (select row_to_json(r)::text from report r where id = $1) as report,
           (select json_agg(f order by f.id)::text from report_figure f where f.report_id = $1) as figures`,
        [reportA.id],
      )
    ).rows[0];

  it.each(ROWS)('%s (%s, %s → %s)', async (_label, who, op, expected) => {
    const before = await snapshot();
    const r = await run(as[who], op);
    if (expected === 'OK') {
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      if (op !== 'read') {
        const e = (await env.db.query(`select entity_type, entity_id, actor_user_id from audit_event order by id desc limit 1`)).rows[0];
        expect(e).toMatchObject({ entity_type: 'Report', entity_id: reportA.id, actor_user_id: expect.any(String) });
      }
    } else {
      expect(codeOf(r), JSON.stringify(r.errors)).toBe(expected);
      expect(await snapshot()).toEqual(before);
    }
  });

  it('row-level security repeats it: an agency account’s unfiltered selects hold its own agency’s rows, never a sibling’s', async () => {
    expect(reportB).toBeTruthy();
    const principalOf = async (username: string): Promise<Principal> => {
      const { rows } = await env.db.query(
        `select a.id, a.display_name as label, a.role, a.unit_id as "unitId", u.path::text as "unitPath", a.province_id as "provinceId",
           a.agency_id as "agencyId" from app_user a join admin_unit u on u.id = a.unit_id where a.username = $1`,
        [username],
      );
      return { kind: 'USER', ...rows[0] };
    };
    for (const username of [`${prefix}a.editor`, `${prefix}b.editor`, 'laocai.viewer', 'quocgia.viewer']) {
      const p = await principalOf(username);
      const c = new pg.Client({ connectionString: env.app.appDatabaseUrl });
      await c.connect();
      try {
        await c.query('begin');
        await c.query(
          `select set_config('kehoach.unit_path', $1, true), set_config('kehoach.unit_id', $2, true),
             set_config('kehoach.principal_id', $3, true), set_config('kehoach.agency_id', $4, true)`,
          [p.unitPath, String(p.unitId), p.id, p.agencyId ?? ''],
        );
        const reports = (
          await env.db.query(`select id, unit_id as "unitId", unit_path::text as "unitPath", agency_id as "agencyId", status from report`)
        ).rows;
        const seen = (await c.query(`select id from report`)).rows.map((r) => r.id).sort();
        expect(seen, username).toEqual(
          reports
            .filter((r) => canReadReport(p, r))
            .map((r) => r.id)
            .sort(),
        );
        const all = (await env.db.query(`select id, unit_path::text as "unitPath", agency_id as "agencyId" from report_obligation`)).rows;
        const seenObligations = (await c.query(`select id from report_obligation`)).rows.map((r) => r.id).sort();
        expect(seenObligations, username).toEqual(
          all
            .filter((o) => canReadObligation(p, o))
            .map((o) => o.id)
            .sort(),
        );
        const mine = p.agencyId === ag.A;
        expect(seen.includes(reportA.id), username).toBe(p.agencyId !== ag.B && (p.unitId === ids.laocai || username === 'quocgia.viewer'));
        expect(seen.includes(reportB), username).toBe(!mine && p.unitId === ids.laocai);
        // Nobody writes a sibling agency's draft.
        const updated = await c.query(`update report set proposals = 'x' where id = $1`, [reportB]);
        expect(updated.rowCount, username).toBe(p.agencyId === ag.B || (p.unitId === ids.laocai && !p.agencyId) ? 1 : 0);
      } finally {
        await c.query('rollback');
        await c.end();
      }
    }
  });

  it("an agency's approver does not issue the unit's plans (issuing adjusts every agency's obligations)", async () => {
    const draft = await draftPlan('laocai.editor', 'Kế hoạch thử phê duyệt', {
      milestones: [{ kind: 'RESULT_REPORT', title: 'Báo cáo', dueDate: '2024-10-03' }],
    });
    const version = (
      await mut(
        as['laocai.editor'],
        'submitPlanForReview',
        'PlanTransitionInput',
        { planId: draft, version: await planVersion(draft) },
        'plan { version }',
      )
    ).plan.version;
    const r = await call(
      as['a.approver'],
      'issuePlan',
      'IssuePlanInput',
      { planId: draft, version, issuedDate: '2024-08-25', signature: { signerName: 'Chủ tịch' } },
      'plan { status }',
    );
    expect(codeOf(r)).toBe('FORBIDDEN');
    expect(await scalar<string>(`select status from plan where id = $1`, [draft])).toBe('IN_REVIEW');
  });

  it("agency figures never count in the units' totals: the summary is the districts', the agency has its own row", async () => {
    // The city reports 25 cases of its 30.
    const city = (await obligations({ unitId: String(ids.tplaocai), milestoneId: milestone }, as['tplaocai.viewer']))[0];
    const r = (await mut(as['tplaocai.editor'], 'createReport', 'CreateReportInput', { obligationId: city.id }, `report { ${REPORT} }`))
      .report;
    const f = r.figures[0];
    await mut(
      as['tplaocai.editor'],
      'updateReportFigure',
      'UpdateReportFigureInput',
      { reportId: r.id, targetId: f.targetId, version: f.version, periodValue: '25', cumulativeValue: '25' },
      'figure { id }',
    );
    const version = await scalar<number>(`select version from report where id = $1`, [r.id]);
    await mut(as['tplaocai.approver'], 'submitReport', 'ReportTransitionInput', { reportId: r.id, version }, 'report { id }');

    const summary = (
      await ok(
        env.gql(
          `query($m: String!) { reportRollupSummary(milestoneId: $m) { units targets { metric allocated achieved unitsReporting } } }`,
          { m: milestone },
          as['laocai.viewer'],
        ),
      )
    ).reportRollupSummary;
    expect(summary.units).toBe(districts.length);
    // Allocated to the districts 30 + 20 (not the agency's 10); achieved the city's 25 (not + the agency's 7).
    expect(summary.targets).toEqual([{ metric: 'số vụ bắt giữ', allocated: 50, achieved: 25, unitsReporting: 1 }]);
    const rollup = await env.gql(
      `query($m: String!) { reportRollup(milestoneId: $m, first: 50) { nodes { obligation { agency { id name } unit { code } report { id status } } targets { allocated achieved reportedByUnit } } } }`,
      { m: milestone },
      as['laocai.viewer'],
    );
    const page = await ok(Promise.resolve(rollup));
    const agencyRow = page.reportRollup.nodes.find((n: any) => n.obligation.agency?.id === ag.A);
    expect(agencyRow.targets).toEqual([{ allocated: 10, achieved: 7, reportedByUnit: true }]);
    expect(agencyRow.obligation.agency.name).toBeTruthy();
    expect(agencyRow.obligation.report.status).toBe('ACCEPTED');
    // Agencies, reports and allocations come with the page's one statement: the caller, the page.
    expect(rollup.sqlCount).toBe(2);
  });

  it("an agency's notices are its own: a return reaches its accounts and the unit's, never a sibling agency's", async () => {
    const notices = async (who: string) =>
      (
        await ok(env.gql(`{ notifications(first: 100) { nodes { kind note obligation { id } } } }`, {}, as[who]))
      ).notifications.nodes.filter((n: any) => n.obligation?.id === obligationOf.B);
    const version = async () => scalar<number>(`select version from report where id = $1`, [reportB]);
    await mut(as['b.approver'], 'submitReport', 'ReportTransitionInput', { reportId: reportB, version: await version() }, 'report { id }');
    // Returned by the unit's approver to an agency of the same unit: the notice is written in the act.
    const returned = await call(
      as['laocai.approver'],
      'returnReport',
      'ReportTransitionInput',
      { reportId: reportB, version: await version(), reason: 'Thiếu số liệu quý' },
      'report { status }',
    );
    expect(returned.errors, JSON.stringify(returned.errors)).toBeUndefined();
    expect(returned.data!.returnReport.report.status).toBe('RETURNED');
    expect((await notices('b.editor')).map((n: any) => [n.kind, n.note])).toEqual([['REPORT_RETURNED', 'Thiếu số liệu quý']]);
    expect((await notices('laocai.editor')).map((n: any) => n.kind)).toEqual(['REPORT_RETURNED']);
    // The submission was told to the unit's approvers; agency A's accounts see none of B's.
    expect((await notices('laocai.approver')).map((n: any) => n.kind).sort()).toEqual(['REPORT_RETURNED', 'REPORT_SUBMITTED']);
    expect(await notices('a.editor')).toEqual([]);
    expect(await notices('a.approver')).toEqual([]);
    expect(
      await scalar<string>(`select agency_id from notification where obligation_id = $1 and kind = 'REPORT_RETURNED'`, [obligationOf.B]),
    ).toBe(ag.B);
  });

  it("reminders of an agency's obligation go to that agency: in the portal, and by e-mail to its accounts only", async () => {
    const owner = await openOrm(env.app.databaseUrl, {});
    try {
      const em = owner.em.fork();
      const due = await scalar<string>(`select due_date::text from report_obligation where id = $1`, [obligationOf.A]);
      const owed = (
        await env.db.query(
          `select id as "obligationId", unit_id as "unitId", plan_id as "planId", issuer_unit_id as "fromUnitId", agency_id as "agencyId"
           from report_obligation where id = any($1::uuid[]) order by agency_id`,
          [[obligationOf.A, obligationOf.B]],
        )
      ).rows;
      // The job's batch names the agency of each (those still open: A's report was accepted above).
      const listed = (await openObligationsDueBetween(em, due, due, null, 5000)).filter((o) =>
        [obligationOf.A, obligationOf.B].includes(o.obligationId),
      );
      expect(listed.length).toBeGreaterThan(0);
      for (const o of listed) expect(o).toMatchObject(owed.find((x) => x.obligationId === o.obligationId)!);
      const batch = owed.map((o) => ({ ...o, unitId: Number(o.unitId), fromUnitId: Number(o.fromUnitId) }));
      await insertReminders(em, NotificationKind.REPORT_DUE_SOON, batch);
      const kinds = async (who: string, obligation: string) =>
        (await ok(env.gql(`{ notifications(first: 100) { nodes { kind obligation { id } } } }`, {}, as[who]))).notifications.nodes
          .filter((n: any) => n.obligation?.id === obligation && n.kind === 'REPORT_DUE_SOON')
          .map((n: any) => n.kind);
      expect(await kinds('a.editor', obligationOf.A)).toEqual(['REPORT_DUE_SOON']);
      expect(await kinds('b.editor', obligationOf.A)).toEqual([]);
      expect(await kinds('b.editor', obligationOf.B)).toEqual(['REPORT_DUE_SOON']);
      expect(await kinds('laocai.viewer', obligationOf.A)).toEqual(['REPORT_DUE_SOON']);
      // The e-mail goes to the accounts that write the report: the agency's, not the unit's nor a sibling's.
      await env.db.query(`update app_user set email = username || '@example.vn' where unit_id = $1`, [ids.laocai]);
      const notice = await scalar<string>(`select id from notification where obligation_id = $1 and kind = 'REPORT_DUE_SOON'`, [
        obligationOf.A,
      ]);
      const [taken] = (await takeUnmailed(em, 5000)).filter((n) => n.id === notice);
      const to = (await mailRecipients(em, [ids.laocai])).filter((r) => isRecipient(r, taken!)).map((r) => r.email);
      expect(to.length).toBeGreaterThan(0);
      expect(to.every((e) => e.startsWith(`${prefix}a.`))).toBe(true);
    } finally {
      await owner.close();
    }
  });
});

describe('an agency owes its reports while it is enabled and has an enabled account', () => {
  let gialai: number;
  let agency: string;
  let plan: string;
  let today: string;
  const accounts: Record<'editor' | 'approver', { id: string; username: string }> = {} as never;

  it("createUser with agencyId opens the agency's obligations due from today on the unit's plans in force, not the past ones", async () => {
    for (const role of ['admin', 'editor', 'approver']) as[`gialai.${role}`] = await env.login(`gialai.${role}`);
    gialai = await scalar<number>(`select unit_id from app_user where username = 'gialai.editor'`);
    agency = (await insertAgency(env.db, gialai, 'Cơ quan thử nghiệm D', 'OTHER')).id;
    today = todayInVietnam();
    // A monthly report over a span that began three months ago and ends in five.
    const start = `${addDays(today, -90).slice(0, 7)}-01`;
    const end = addDays(today, 150);
    plan = await draftPlan('gialai.editor', 'Kế hoạch có cơ quan chưa có tài khoản', {
      period: [start, end],
      tasks: [
        { text: 'Cơ quan D chủ trì rà soát', lead: [{ name: 'Cơ quan thử nghiệm D', agencyId: agency }] },
        { text: 'UBND các xã triển khai', lead: [{ name: 'UBND các xã', subordinateCommittees: true }] },
      ],
      milestones: [{ kind: 'RESULT_REPORT', title: 'Báo cáo định kỳ hằng tháng', recurrence: 'MONTH', dueDay: 20 }],
    });
    await issueOn(env, as['gialai.editor'], as['gialai.approver'], plan, addDays(today, -80));
    const owedBy = async () =>
      (
        await env.db.query(`select due_date::text as due from report_obligation where plan_id = $1 and agency_id = $2 order by due_date`, [
          plan,
          agency,
        ])
      ).rows.map((r) => r.due);
    expect(await owedBy()).toEqual([]);
    const units = (
      await env.db.query(
        `select distinct due_date::text as due from report_obligation where plan_id = $1 and agency_id is null order by 1`,
        [plan],
      )
    ).rows.map((r) => r.due as string);
    expect(units.some((d) => d < today)).toBe(true);

    const prefixD = await accountPrefix('gialai.admin', gialai);
    const user = await mut(
      as['gialai.admin'],
      'createUser',
      'CreateUserInput',
      {
        unitId: String(gialai),
        username: `${prefixD}d.editor`,
        displayName: 'Cán bộ D',
        role: 'EDITOR',
        password: 'KeHoach@2026',
        agencyId: agency,
      },
      'user { id }',
    );
    expect(user.user.id).toBeTruthy();
    accounts.editor = { id: user.user.id, username: `${prefixD}d.editor` };
    // The same due dates as the communes', from today on; nothing already past is held against it.
    expect(await owedBy()).toEqual(units.filter((d) => d >= today));
    expect((await owedBy()).length).toBeGreaterThan(0);
    // Idempotent: a second account of the agency opens nothing more.
    const before = await scalar<number>(`select count(*)::int from report_obligation where agency_id = $1`, [agency]);
    const second = await mut(
      as['gialai.admin'],
      'createUser',
      'CreateUserInput',
      {
        unitId: String(gialai),
        username: `${prefixD}d.approver`,
        displayName: 'Lãnh đạo D',
        role: 'APPROVER',
        password: 'KeHoach@2026',
        agencyId: agency,
      },
      'user { id }',
    );
    expect(await scalar<number>(`select count(*)::int from report_obligation where agency_id = $1`, [agency])).toBe(before);
    accounts.approver = { id: second.user.id, username: `${prefixD}d.approver` };
  });

  it('its last two accounts disabled at once: what falls due from today closes (AGENCY_WITHOUT_ACCOUNT), the past and the submitted stay; an account back reopens them', async () => {
    const state = async () =>
      (
        await env.db.query(
          `select id, due_date::text as due, state, closed_reason as reason, closed_on::text as "closedOn" from report_obligation
           where agency_id = $1 order by due_date, id`,
          [agency],
        )
      ).rows as { id: string; due: string; state: string; reason: string | null; closedOn: string | null }[];
    const owed = await state();
    expect(owed.length).toBeGreaterThanOrEqual(3);
    expect(owed.every((o) => o.state === 'OPEN')).toBe(true);
    // One it reported on ahead of time (submitted: stays), one that fell due while it had accounts (stays).
    as['d.editor'] = await env.login(accounts.editor.username);
    as['d.approver'] = await env.login(accounts.approver.username);
    const submitted = owed[1];
    const r = (await mut(as['d.editor'], 'createReport', 'CreateReportInput', { obligationId: submitted.id }, 'report { id version }'))
      .report;
    await mut(as['d.approver'], 'submitReport', 'ReportTransitionInput', { reportId: r.id, version: r.version }, 'report { id }');
    const past = owed[0];
    await env.db.query(`update report_obligation set due_date = $2::date where id = $1`, [past.id, addDays(today, -1)]);

    // Both accounts disabled in two requests at once. Each sees the other's account still enabled
    // unless they decide one after the other: the agency's row, held here, makes them queue on it.
    const version = async (id: string) => scalar<number>(`select version from app_user where id = $1`, [id]);
    const holder = anotherConnection();
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`select 1 from agency where id = $1 for update`, [agency]);
      const disabling = [accounts.editor, accounts.approver].map(async (a) =>
        call(
          as['gialai.admin'],
          'updateUser',
          'UpdateUserInput',
          { id: a.id, version: await version(a.id), disabled: true },
          'user { disabled }',
        ),
      );
      let waiting = 0;
      for (let i = 0; i < 100 && waiting < 2; i++) {
        await new Promise((res) => setTimeout(res, 50));
        waiting = await scalar<number>(
          `select count(*)::int from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
        );
      }
      expect(waiting, 'both disabling requests wait for the agency').toBe(2);
      await holder.query('commit');
      for (const d of await Promise.all(disabling)) expect(d.errors, JSON.stringify(d.errors)).toBeUndefined();
    } finally {
      await holder.end();
    }
    const after = await state();
    for (const o of after) {
      const stays = o.id === past.id || o.id === submitted.id;
      expect({ state: o.state, reason: o.reason }, o.due).toEqual(
        stays ? { state: 'OPEN', reason: null } : { state: 'CLOSED', reason: 'AGENCY_WITHOUT_ACCOUNT' },
      );
    }
    // GraphQL says why.
    const listed = await obligations({ planId: plan, closed: true }, as['gialai.editor']);
    const closedOnes = listed.filter((o) => o.agency?.id === agency && o.state === 'CLOSED');
    expect(closedOnes.length).toBe(after.length - 2);
    expect(closedOnes.every((o) => o.closedReason === 'AGENCY_WITHOUT_ACCOUNT' && o.compliance === 'CLOSED')).toBe(true);

    // An account enabled again: the same obligations open again, nothing new made.
    await mut(
      as['gialai.admin'],
      'updateUser',
      'UpdateUserInput',
      { id: accounts.editor.id, version: await version(accounts.editor.id), disabled: false },
      'user { disabled }',
    );
    expect((await state()).map((o) => ({ id: o.id, state: o.state, reason: o.reason }))).toEqual(
      owed.map((o) => ({ id: o.id, state: 'OPEN', reason: null })),
    );

    // The agency disabled — by the national administrator, above the unit: row-level security lets an
    // administrator above adjust the agency's obligations (migration 0024) — closed again, with that
    // reason; enabled: open again.
    const setAgencyDisabled = async (disabled: boolean) =>
      mut(
        as['quocgia.admin'],
        'updateAgency',
        'UpdateAgencyInput',
        { id: agency, version: await scalar<number>(`select version from agency where id = $1`, [agency]), disabled },
        'agency { id }',
      );
    await setAgencyDisabled(true);
    expect((await state()).filter((o) => o.state === 'CLOSED').map((o) => o.reason)).toEqual(
      owed.filter((o) => o.id !== past.id && o.id !== submitted.id).map(() => 'AGENCY_DISABLED'),
    );
    await setAgencyDisabled(false);
    expect((await state()).every((o) => o.state === 'OPEN' && o.reason === null)).toBe(true);
  });

  it('all of its accounts disabled in parallel requests, then enabled again in parallel: closed once, reopened, nothing doubled', async () => {
    const prefix = await accountPrefix('gialai.admin', gialai);
    const ids = [accounts.editor.id];
    for (let i = 0; i < 11; i++) {
      const u = await mut(
        as['gialai.admin'],
        'createUser',
        'CreateUserInput',
        {
          unitId: String(gialai),
          username: `${prefix}d.nv${i}`,
          displayName: `Cán bộ D ${i}`,
          role: 'VIEWER',
          password: 'KeHoach@2026',
          agencyId: agency,
        },
        'user { id }',
      );
      ids.push(u.user.id);
    }
    const obligationsOf = async () =>
      (await env.db.query(`select id, state, closed_reason as reason from report_obligation where agency_id = $1 order by id`, [agency]))
        .rows;
    const before = await obligationsOf();
    expect(before.every((o) => o.state === 'OPEN')).toBe(true);
    const setAll = async (disabled: boolean) => {
      const versions = (await env.db.query(`select id, version from app_user where id = any($1::uuid[])`, [ids])).rows;
      const answers = await Promise.all(
        versions.map((v) =>
          call(as['gialai.admin'], 'updateUser', 'UpdateUserInput', { id: v.id, version: v.version, disabled }, 'user { id }'),
        ),
      );
      for (const a of answers) expect(a.errors, JSON.stringify(a.errors)).toBeUndefined();
    };
    await setAll(true);
    const closed = await obligationsOf();
    expect(closed.map((o) => o.id)).toEqual(before.map((o) => o.id));
    // Whatever order the twelve requests ran in, the last to leave saw no account and closed them.
    expect(closed.filter((o) => o.state === 'CLOSED').length).toBeGreaterThan(0);
    expect(closed.filter((o) => o.state === 'CLOSED').every((o) => o.reason === 'AGENCY_WITHOUT_ACCOUNT')).toBe(true);
    await setAll(false);
    expect(await obligationsOf()).toEqual(before);
  });

  it('the table takes every reason GraphQL can give for a closed obligation', async () => {
    const id = await scalar<string>(`select id from report_obligation where agency_id = $1 limit 1`, [agency]);
    const c = anotherConnection();
    await c.connect();
    try {
      for (const reason of ObligationClosedReasons) {
        await c.query('begin');
        await c.query(`update report_obligation set state = 'CLOSED', closed_on = current_date, closed_reason = $2 where id = $1`, [
          id,
          reason,
        ]);
        await c.query('rollback');
      }
    } finally {
      await c.end();
    }
  });
});

/* ------------------------------------------------------------------ dissolution */

describe('a dissolved unit owes nothing due after its last day; its successors owe from their start', () => {
  it('at issue: a national quarterly plan of 2025 is owed by the old provinces until 30/06 and by the new ones after', async () => {
    const national = await draftPlan('quocgia.editor', 'Kế hoạch quốc gia báo cáo hằng quý năm 2025', {
      period: ['2025-01-01', '2025-12-31'],
      milestones: [{ kind: 'RESULT_REPORT', title: 'Báo cáo định kỳ hằng quý', recurrence: 'QUARTER', dueDay: 20 }],
    });
    await issueOn(env, as['quocgia.editor'], as['quocgia.approver'], national, '2025-03-01');
    const rows = (
      await env.db.query(
        `select u.code, u.valid_from::text as "from", u.valid_to::text as "to", o.due_date::text as due, o.period_key as period
         from report_obligation o join admin_unit u on u.id = o.unit_id where o.plan_id = $1 order by u.code, o.due_date`,
        [national],
      )
    ).rows;
    const old = (
      await env.db.query(
        `select code from admin_unit where parent_id = (select id from admin_unit where code = 'VN') and valid_to = '2025-06-30'`,
      )
    ).rows;
    const fresh = (
      await env.db.query(
        `select code from admin_unit where parent_id = (select id from admin_unit where code = 'VN') and valid_from = '2025-07-01'`,
      )
    ).rows;
    expect(old.length).toBeGreaterThan(2);
    expect(fresh.length).toBeGreaterThan(2);
    // Q1 (15/12/2024–14/03/2025) and Q2 due 20/03 and 20/06 from each old province; Q3, Q4 and Q1 2026 from each new one.
    expect(rows.filter((r) => r.to === '2025-06-30').map((r) => r.due)).toEqual(old.flatMap(() => ['2025-03-20', '2025-06-20']));
    expect(rows.filter((r) => r.from === '2025-07-01').map((r) => r.due)).toEqual(
      fresh.flatMap(() => ['2025-09-20', '2025-12-20', '2026-03-20']),
    );
    expect(rows).toHaveLength(old.length * 2 + fresh.length * 3);
    const laoCaiNew = rows.filter((r) => r.code === '15' && r.from === '2025-07-01').map((r) => r.period);
    expect(laoCaiNew).toEqual(['QUARTER-2025-03', 'QUARTER-2025-04', 'QUARTER-2026-01']);
  });

  it('when recorded: Bát Xát dissolved on 31/10/2024 into a new district, in one transaction with its audit event', async () => {
    const plan = await scalar<string>(
      `select id from plan where title = 'Kế hoạch báo cáo định kỳ hằng tháng' and unit_id = $1 and status = 'ISSUED'`,
      [ids.laocai],
    );
    const monthly = (await milestonesOf(plan))[0].id;
    const november = (
      await env.db.query(`select id from report_obligation where milestone_id = $1 and unit_id = $2 and period_key = 'MONTH-2024-11'`, [
        monthly,
        ids.batxat,
      ])
    ).rows[0].id;
    // Bát Xát reports on November before it goes: that obligation stays.
    const r = (await mut(as['batxat.editor'], 'createReport', 'CreateReportInput', { obligationId: november }, 'report { id version }'))
      .report;
    await mut(as['batxat.approver'], 'submitReport', 'ReportTransitionInput', { reportId: r.id, version: r.version }, 'report { id }');
    // A district established on 01/11/2024 below the province (the owner writes the unit tables).
    const laoCaiPath = await scalar<string>(`select path::text from admin_unit where id = $1`, [ids.laocai]);
    const successor = await scalar<number>(
      `insert into admin_unit (code, name, kind, level, parent_id, province_id, path, valid_from)
       values ('099', 'Huyện Bát Xát Mới', 'huyện', 'DISTRICT', $1, $1, '0', '2024-11-01') returning id`,
      [ids.laocai],
    );
    await env.db.query(`update admin_unit set path = ($1 || '.' || id)::ltree where id = $2`, [laoCaiPath, successor]);
    const owned = async (unitId: number) =>
      (
        await env.db.query(
          `select o.due_date::text as due, o.period_key as period, o.state, o.closed_reason as reason from report_obligation o
           where o.plan_id = $1 and o.unit_id = $2 order by o.due_date, o.period_key`,
          [plan, unitId],
        )
      ).rows;
    expect(await owned(successor)).toEqual([]);

    const orm = await openOrm(env.app.databaseUrl, { pool: { min: 0, max: 1 } });
    try {
      const changes = await orm.em
        .fork()
        .transactional((em) =>
          dissolveUnit(em, { unitId: ids.batxat, lastDay: '2024-10-31', successors: [{ unitId: successor, kind: 'FULL' }] }),
        );
      expect(changes.opened).toBeGreaterThanOrEqual(4);
      expect(changes.closed).toBeGreaterThanOrEqual(3);
    } finally {
      await orm.close(true);
    }
    expect(await owned(ids.batxat)).toEqual([
      { due: '2024-09-20', period: 'MONTH-2024-09', state: 'OPEN', reason: null },
      { due: '2024-10-20', period: 'MONTH-2024-10', state: 'OPEN', reason: null },
      { due: '2024-11-20', period: 'MONTH-2024-11', state: 'OPEN', reason: null }, // reported on: kept
      { due: '2024-12-18', period: '', state: 'CLOSED', reason: 'UNIT_DISSOLVED' },
      { due: '2024-12-20', period: 'MONTH-2024-12', state: 'CLOSED', reason: 'UNIT_DISSOLVED' },
      { due: '2025-01-20', period: 'MONTH-2025-01', state: 'CLOSED', reason: 'UNIT_DISSOLVED' },
    ]);
    expect(await owned(successor)).toEqual([
      { due: '2024-11-20', period: 'MONTH-2024-11', state: 'OPEN', reason: null },
      { due: '2024-12-18', period: '', state: 'OPEN', reason: null },
      { due: '2024-12-20', period: 'MONTH-2024-12', state: 'OPEN', reason: null },
      { due: '2025-01-20', period: 'MONTH-2025-01', state: 'OPEN', reason: null },
    ]);
    const audit = await scalar<any>(`select row_to_json(a) from audit_event a where entity_type = 'AdminUnit' and entity_id = $1`, [
      String(ids.batxat),
    ]);
    expect(audit).toMatchObject({ action: 'DISSOLVE', actor_user_id: null, after: { validTo: '2024-10-31' } });
    // The province sees the successor among what is owed to it, and Bát Xát's closed months only when it asks for them.
    const seen = await obligations({ planId: plan, milestoneId: monthly }, as['laocai.viewer']);
    expect(seen.filter((o) => o.unit.code === '099').map((o) => o.period.label)).toEqual([
      'tháng 11/2024',
      'tháng 12/2024',
      'tháng 01/2025',
    ]);
    expect(
      seen
        .filter((o) => o.unit.code === '082')
        .map((o) => o.period.label)
        .sort(),
    ).toEqual(['tháng 09/2024', 'tháng 10/2024', 'tháng 11/2024']);
  });
});
