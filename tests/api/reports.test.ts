import { print, type DocumentNode } from 'graphql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canReadObligation, canReadReport } from '../../api/src/core/access/policy.js';
import type { Principal } from '../../api/src/core/context.js';
import { insertUser } from '../support/api-helpers.js';
import { codeOf, createTestEnv, type Caller, type GqlResult, type TestEnv } from '../support/env.js';

/*
 * Progress reports (issue 11, docs/REPORTS.md) through the real HTTP server, under row-level
 * security: the demo's first-month reports of Lào Cai, then the whole loop — a commune reports,
 * its district's report is pre-filled with the communes' sum and lists who has not reported, an
 * override needs a note, the province sees achieved against allocated with the late and missing
 * units, accepts one, returns another, the returned one comes back, a correction is a new version.
 */

let env: TestEnv;
const as = {} as Record<string, Caller>;
let laoCaiPlan: string;
let provinceMilestone: string;
let cityPlan: string;
let cityMilestone: string;

const OBLIGATION = `id kind title dueDate status compliance submittedOn parentObligationId unit { id code name } report { id status }`;
const OBLIGATIONS = `query($planId: String, $unitId: String, $milestoneId: String, $first: Int, $after: String) {
  reportObligations(planId: $planId, unitId: $unitId, milestoneId: $milestoneId, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { ${OBLIGATION} } } }`;
const REPORT = `id status version versionNo correctsReportId periodStart periodEnd difficulties proposals returnedReason firstSubmittedOn
  unit { code } obligation { id dueDate compliance }
  tasks { id nodeId label text status done version }
  figures { id targetId metric unitOfMeasure allocated periodValue cumulativeValue sumFromBelow cumulativeFromBelow unitsBelow difference overrideNote gap version }
  subordinates { expected reported missing { code } }
  versions { id versionNo status }`;
const ROLLUP = `query($m: String!, $depth: CascadeDepth, $first: Int, $after: String) {
  reportRollup(milestoneId: $m, depth: $depth, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { obligation { id depth status compliance unit { code } } targets { targetId metric allocated achieved achievedCumulative reportedByUnit gap } } } }`;

async function ok<T = any>(r: Promise<GqlResult<T>>): Promise<T> {
  const got = await r;
  expect(got.errors, JSON.stringify(got.errors)).toBeUndefined();
  return got.data!;
}
const m = (name: string, type: string, input: Record<string, unknown>, who: Caller, selection = `report { ${REPORT} }`) =>
  env.gql(`mutation($i: ${type}!) { ${name}(input: $i) { ${selection} } }`, { i: input }, who);
const getReport = (id: string, who: Caller) => env.gql(`query($id: String!) { report(id: $id) { ${REPORT} } }`, { id }, who);
const obligations = (vars: Record<string, unknown>, who: Caller) => env.gql(OBLIGATIONS, { first: 100, ...vars }, who);
const rollup = (vars: Record<string, unknown>, who: Caller) => env.gql(ROLLUP, { first: 100, ...vars }, who);

async function scalar<T = any>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await env.db.query(sql, params);
  return (rows[0] ? Object.values(rows[0])[0] : undefined) as T;
}
const reportTableCounts = async () =>
  (
    await env.db.query(`select (select count(*)::int from report) r, (select count(*)::int from report_task) t,
      (select count(*)::int from report_figure) f, (select count(*)::int from report_rollup) x, (select count(*)::int from audit_event) a`)
  ).rows[0];

beforeAll(async () => {
  env = await createTestEnv();
  for (const u of ['laocai', 'tplaocai', 'phuonglaocai', 'batxat']) {
    for (const role of ['editor', 'approver', 'viewer']) as[`${u}.${role}`] = await env.login(`${u}.${role}`);
  }
  laoCaiPlan = await scalar(`select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = '10' and p.status = 'ISSUED'`);
  provinceMilestone = await scalar(
    `select id from plan_milestone where plan_id = $1 and kind = 'RESULT_REPORT' order by position limit 1`,
    [laoCaiPlan],
  );
  cityPlan = await scalar(`select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = '080' and p.status = 'DRAFT'`);
});
afterAll(async () => {
  await env?.stop();
});

describe('the demo: first-month reports of the Lào Cai districts', () => {
  it('the province sees every district with its status: one late, one missing, one returned, the others on time', async () => {
    const d = await ok(obligations({ planId: laoCaiPlan, milestoneId: provinceMilestone }, as['laocai.viewer']));
    const byCode = Object.fromEntries(d.reportObligations.nodes.map((o: any) => [o.unit.code, o]));
    expect(d.reportObligations.totalCount).toBe(9);
    expect(byCode['080']).toMatchObject({ status: 'NONE', compliance: 'MISSING', dueDate: '2024-10-03' });
    expect(byCode['082']).toMatchObject({ status: 'SUBMITTED', compliance: 'LATE', submittedOn: '2024-10-08' });
    expect(byCode['084']).toMatchObject({ status: 'RETURNED', compliance: 'RETURNED' });
    for (const c of ['083', '085', '086', '089']) expect(byCode[c]).toMatchObject({ status: 'ACCEPTED', compliance: 'ON_TIME' });
    for (const c of ['087', '088']) expect(byCode[c]).toMatchObject({ status: 'SUBMITTED', compliance: 'ON_TIME' });
  });

  it("Mường Khương's report was built on its communes' sum and counts once in the province's roll-up", async () => {
    const d = await ok(rollup({ m: provinceMilestone, depth: 'ALL' }, as['laocai.viewer']));
    const rows = d.reportRollup.nodes as any[];
    const district = rows.find((r) => r.obligation.unit.code === '083' && r.obligation.depth === 1);
    const communes = rows.filter((r) => r.obligation.depth === 2 && r.obligation.status === 'SUBMITTED');
    expect(communes.length).toBeGreaterThanOrEqual(3);
    // Every commune figure rolls into the district's report, which reported it itself: the
    // province's total for a target is the districts' own figures, never districts plus communes.
    const cases = district.targets.find((t: any) => t.metric === 'phát hiện, bắt giữ, khởi tố');
    expect(cases).toMatchObject({ allocated: 8, reportedByUnit: true });
    expect(cases.gap).toBe(cases.achievedCumulative - 8);
  });
});

describe('the desk: reports due and reports waiting for acceptance (filters)', () => {
  const DESK = `query($unitId: String, $owedTo: String, $statuses: [ObligationReportStatus!], $dueBy: String) {
    reportObligations(unitId: $unitId, owedToUnitId: $owedTo, statuses: $statuses, dueBy: $dueBy, first: 50) {
      totalCount nodes { id dueDate status unit { code } } } }`;
  const codes = (d: any) => (d.reportObligations.nodes as any[]).map((o) => o.unit.code).sort();

  it("the province's submitted reports waiting for it: owed to it, status SUBMITTED, no more", async () => {
    const laoCai = String(await env.unitId('10'));
    const d = await ok(env.gql(DESK, { owedTo: laoCai, statuses: ['SUBMITTED'] }, as['laocai.approver']));
    expect(codes(d)).toEqual(['082', '087', '088']);
    expect(d.reportObligations.totalCount).toBe(3);
    // Mường Khương's communes submitted too, but to their district: not owed to the province.
    const all = await ok(env.gql(DESK, { owedTo: laoCai }, as['laocai.approver']));
    expect(new Set((all.reportObligations.nodes as any[]).map((o) => o.unit.code.length))).toEqual(new Set([3]));
    // Never sideways: Bát Xát asking for what is owed to the province sees only its own.
    const side = await ok(env.gql(DESK, { owedTo: laoCai, statuses: ['SUBMITTED'] }, as['batxat.viewer']));
    expect(codes(side)).toEqual(['082']);
    expect(side.reportObligations.totalCount).toBe(1);
  });

  it('a unit’s reports due by a day and not yet submitted', async () => {
    const city = String(await env.unitId('080'));
    const open = ['NONE', 'DRAFT', 'RETURNED'];
    const d = await ok(env.gql(DESK, { unitId: city, statuses: open, dueBy: '2024-10-10' }, as['tplaocai.viewer']));
    expect(d.reportObligations.nodes.map((o: any) => o.dueDate)).toEqual(['2024-10-03']);
    expect(d.reportObligations.totalCount).toBe(1);
    const later = await ok(env.gql(DESK, { unitId: city, statuses: open, dueBy: '2024-12-31' }, as['tplaocai.viewer']));
    expect(later.reportObligations.totalCount).toBeGreaterThan(1);
    // Bát Xát submitted its first-month report: not due any more.
    const batXat = String(await env.unitId('082'));
    const none = await ok(env.gql(DESK, { unitId: batXat, statuses: open, dueBy: '2024-10-10' }, as['batxat.viewer']));
    expect(none.reportObligations.totalCount).toBe(0);
    const bad = await env.gql(DESK, { unitId: city, dueBy: '2024-02-30' }, as['tplaocai.viewer']);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.field).toBe('dueBy');
  });
});

describe('the loop: commune → district → province', () => {
  const CASES = 'phát hiện, bắt giữ, khởi tố';
  let communeObligation: string;
  let communeReport: any;
  let cityObligation: string;
  let cityReport: any;
  let casesTarget: string; // the city plan's target the commune reports on
  let provinceCasesTarget: string;

  it('issuing the city plan opens an obligation for every commune of the city, due on its own (earlier) milestone', async () => {
    const version = await scalar<number>(`select version from plan where id = $1`, [cityPlan]);
    const s = await ok(
      env.gql(
        `mutation($i: PlanTransitionInput!) { submitPlanForReview(input: $i) { plan { version } } }`,
        { i: { planId: cityPlan, version } },
        as['tplaocai.editor'],
      ),
    );
    await ok(
      env.gql(
        `mutation($i: IssuePlanInput!) { issuePlan(input: $i) { plan { status } } }`,
        {
          i: {
            planId: cityPlan,
            version: s.submitPlanForReview.plan.version,
            issuedDate: '2024-08-28',
            signature: { signerName: 'Chủ tịch' },
          },
        },
        as['tplaocai.approver'],
      ),
    );
    cityMilestone = await scalar(`select id from plan_milestone where plan_id = $1 and kind = 'RESULT_REPORT' order by position limit 1`, [
      cityPlan,
    ]);
    const communes = await scalar<number>(`select count(*)::int from admin_unit where parent_id = $1`, [await env.unitId('080')]);
    const d = await ok(obligations({ planId: cityPlan, milestoneId: cityMilestone }, as['tplaocai.viewer']));
    expect(d.reportObligations.totalCount).toBe(communes);
    const mine = await ok(obligations({ unitId: String(await env.unitId('02641')) }, as['phuonglaocai.viewer']));
    const o = mine.reportObligations.nodes.find((x: any) => x.kind === 'RESULT_REPORT');
    expect(o).toMatchObject({ dueDate: '2024-09-30', status: 'NONE', compliance: 'MISSING', parentObligationId: null });
    communeObligation = o.id;
    // The city's own obligation on the province plan is what the communes' figures roll into.
    const city = await ok(obligations({ unitId: String(await env.unitId('080')), milestoneId: provinceMilestone }, as['tplaocai.viewer']));
    cityObligation = city.reportObligations.nodes[0].id;
    const seenByCity = await ok(obligations({ planId: cityPlan, milestoneId: cityMilestone }, as['tplaocai.viewer']));
    expect(seenByCity.reportObligations.nodes.find((x: any) => x.id === communeObligation).parentObligationId).toBe(cityObligation);
  });

  it('a commune writes its report: tasks of the plan it implements, its targets, nothing pre-filled from below', async () => {
    const d = await ok(
      m(
        'createReport',
        'CreateReportInput',
        { obligationId: communeObligation, idempotencyKey: 'phuong-report-1' },
        as['phuonglaocai.editor'],
      ),
    );
    communeReport = d.createReport.report;
    expect(communeReport).toMatchObject({ status: 'DRAFT', versionNo: 1, periodStart: '2024-09-01', periodEnd: '2024-09-30' });
    expect(communeReport.tasks.length).toBeGreaterThan(10);
    expect(communeReport.subordinates).toEqual({ expected: 0, reported: 0, missing: [] });
    const cases = communeReport.figures.find((f: any) => f.metric === CASES);
    expect(cases).toMatchObject({ periodValue: null, sumFromBelow: null, allocated: null });
    casesTarget = cases.targetId;
    provinceCasesTarget = await scalar(`select derived_from_target_id from plan_target where id = $1`, [casesTarget]);
    // A retry with the same key returns the same report, and writes nothing more.
    const again = await ok(
      m(
        'createReport',
        'CreateReportInput',
        { obligationId: communeObligation, idempotencyKey: 'phuong-report-1' },
        as['phuonglaocai.editor'],
      ),
    );
    expect(again.createReport.report.id).toBe(communeReport.id);
    expect(codeOf(await m('createReport', 'CreateReportInput', { obligationId: communeObligation }, as['phuonglaocai.editor']))).toBe(
      'INVALID_STATE',
    );
  });

  it('refuses bad figures and periods with the field named, storing nothing', async () => {
    const fig = communeReport.figures.find((f: any) => f.targetId === casesTarget);
    const before = await reportTableCounts();
    const rowBefore = await scalar(`select row_to_json(f)::text from report_figure f where id = $1`, [fig.id]);
    const bad: [Record<string, unknown>, string, string?][] = [
      [{ periodValue: '-1' }, 'periodValue', 'FIGURE_INVALID'],
      [{ periodValue: 'ba' }, 'periodValue', 'FIGURE_INVALID'],
      [{ periodValue: '1e3' }, 'periodValue', 'FIGURE_INVALID'],
      [{ cumulativeValue: '1000000000001' }, 'cumulativeValue', 'FIGURE_INVALID'],
      [{ targetId: provinceCasesTarget, periodValue: '1' }, 'targetId', 'TARGET_NOT_REPORTED'],
      [{ targetId: 'not-a-uuid', periodValue: '1' }, 'targetId'],
    ];
    for (const [input, field, reason] of bad) {
      const r = await m(
        'updateReportFigure',
        'UpdateReportFigureInput',
        { reportId: communeReport.id, targetId: casesTarget, version: fig.version, ...input },
        as['phuonglaocai.editor'],
        'figure { id }',
      );
      expect(codeOf(r), JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions!.field).toBe(field);
      if (reason) expect(r.errors![0].extensions!.reason).toBe(reason);
    }
    for (const [input, field] of [
      [{ periodStart: '2024-01-01' }, 'periodStart'],
      [{ periodEnd: '2025-03-01' }, 'periodEnd'],
      [{ periodEnd: '2024-13-01' }, 'periodEnd'],
    ] as const) {
      const r = await m(
        'updateReportText',
        'UpdateReportTextInput',
        { reportId: communeReport.id, version: communeReport.version, ...input },
        as['phuonglaocai.editor'],
      );
      expect(codeOf(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions!.field).toBe(field);
    }
    expect(await reportTableCounts()).toEqual(before);
    expect(await scalar(`select row_to_json(f)::text from report_figure f where id = $1`, [fig.id])).toBe(rowBefore);
  });

  it('the commune fills its figures and a task; its superior never sees the draft; its approver submits', async () => {
    const fig = communeReport.figures.find((f: any) => f.targetId === casesTarget);
    const f = await ok(
      m(
        'updateReportFigure',
        'UpdateReportFigureInput',
        { reportId: communeReport.id, targetId: casesTarget, version: fig.version, periodValue: '3', cumulativeValue: '3' },
        as['phuonglaocai.editor'],
        'figure { periodValue cumulativeValue version }',
      ),
    );
    expect(f.updateReportFigure.figure).toEqual({ periodValue: 3, cumulativeValue: 3, version: 2 });
    const t = communeReport.tasks[0];
    await ok(
      m(
        'updateReportTask',
        'UpdateReportTaskInput',
        { taskId: t.id, version: t.version, status: 'COMPLETED', done: 'Đã tổ chức hội nghị' },
        as['phuonglaocai.editor'],
        'task { status }',
      ),
    );
    // A stale version of the task is a conflict.
    expect(
      codeOf(
        await m(
          'updateReportTask',
          'UpdateReportTaskInput',
          { taskId: t.id, version: t.version, status: 'IN_PROGRESS' },
          as['phuonglaocai.editor'],
          'task { status }',
        ),
      ),
    ).toBe('CONFLICT');
    // Drafts stay with the unit: the city and the province answer as for no report at all.
    for (const who of ['tplaocai.viewer', 'laocai.viewer', 'batxat.viewer'])
      expect(codeOf(await getReport(communeReport.id, as[who]))).toBe('NOT_FOUND');
    const seen = await ok(obligations({ planId: cityPlan, milestoneId: cityMilestone }, as['tplaocai.viewer']));
    expect(seen.reportObligations.nodes.find((x: any) => x.id === communeObligation)).toMatchObject({ status: 'NONE', report: null });
    // Editors do not submit; the commune's approver does.
    const version = (await ok(getReport(communeReport.id, as['phuonglaocai.editor']))).report.version;
    expect(
      codeOf(await m('submitReport', 'ReportTransitionInput', { reportId: communeReport.id, version }, as['phuonglaocai.editor'])),
    ).toBe('FORBIDDEN');
    const s = await ok(m('submitReport', 'ReportTransitionInput', { reportId: communeReport.id, version }, as['phuonglaocai.approver']));
    communeReport = s.submitReport.report;
    expect(communeReport.status).toBe('SUBMITTED');
    expect((await ok(getReport(communeReport.id, as['tplaocai.viewer']))).report.status).toBe('SUBMITTED');
    // A submitted report is immutable.
    const fig2 = communeReport.figures.find((x: any) => x.targetId === casesTarget);
    expect(
      codeOf(
        await m(
          'updateReportFigure',
          'UpdateReportFigureInput',
          { reportId: communeReport.id, targetId: casesTarget, version: fig2.version, periodValue: '4' },
          as['phuonglaocai.editor'],
          'figure { id }',
        ),
      ),
    ).toBe('INVALID_STATE');
  });

  it('before the city reports, the province sees the communes’ sum for the city (counted once), the city late and missing', async () => {
    const d = await ok(rollup({ m: provinceMilestone }, as['laocai.viewer']));
    const city = d.reportRollup.nodes.find((r: any) => r.obligation.unit.code === '080');
    expect(city.obligation).toMatchObject({ status: 'NONE', compliance: 'MISSING' });
    expect(city.targets.find((t: any) => t.targetId === provinceCasesTarget)).toMatchObject({
      allocated: 45,
      achieved: 3,
      achievedCumulative: 3,
      reportedByUnit: false,
      gap: -42,
    });
  });

  it("the city's report is pre-filled with the communes' sum and lists the communes that have not reported", async () => {
    const d = await ok(m('createReport', 'CreateReportInput', { obligationId: cityObligation }, as['tplaocai.editor']));
    cityReport = d.createReport.report;
    const communes = await scalar<number>(`select count(*)::int from report_obligation where parent_obligation_id = $1`, [cityObligation]);
    expect(cityReport.subordinates.expected).toBe(communes);
    expect(cityReport.subordinates.reported).toBe(1);
    expect(cityReport.subordinates.missing.map((u: any) => u.code)).not.toContain('02641');
    expect(cityReport.subordinates.missing).toHaveLength(communes - 1);
    const cases = cityReport.figures.find((f: any) => f.targetId === provinceCasesTarget);
    expect(cases).toMatchObject({
      allocated: 45,
      periodValue: 3,
      cumulativeValue: 3,
      sumFromBelow: 3,
      unitsBelow: 1,
      difference: 0,
      gap: -42,
    });
  });

  it('an override needs a note; the difference to the sum from below stays visible', async () => {
    const fig = cityReport.figures.find((f: any) => f.targetId === provinceCasesTarget);
    const input = { reportId: cityReport.id, targetId: provinceCasesTarget, version: fig.version, periodValue: '5', cumulativeValue: '5' };
    const r = await m('updateReportFigure', 'UpdateReportFigureInput', input, as['tplaocai.editor'], 'figure { id }');
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions).toMatchObject({ field: 'overrideNote', reason: 'OVERRIDE_NOTE_REQUIRED', sumFromBelow: 3 });
    const d = await ok(
      m(
        'updateReportFigure',
        'UpdateReportFigureInput',
        { ...input, overrideNote: 'Công an thành phố bắt giữ thêm 02 vụ ngoài địa bàn các phường' },
        as['tplaocai.editor'],
        'figure { periodValue sumFromBelow difference overrideNote }',
      ),
    );
    expect(d.updateReportFigure.figure).toMatchObject({ periodValue: 5, sumFromBelow: 3, difference: 2 });
    const t = await ok(
      m(
        'updateReportText',
        'UpdateReportTextInput',
        { reportId: cityReport.id, version: cityReport.version, difficulties: 'Địa bàn rộng', proposals: 'Tăng kinh phí' },
        as['tplaocai.editor'],
      ),
    );
    cityReport = t.updateReportText.report;
    expect(cityReport).toMatchObject({ difficulties: 'Địa bàn rộng', proposals: 'Tăng kinh phí', version: 2 });
    // A stale version of the report is a conflict.
    expect(
      codeOf(
        await m(
          'updateReportText',
          'UpdateReportTextInput',
          { reportId: cityReport.id, version: 1, proposals: 'x' },
          as['tplaocai.editor'],
        ),
      ),
    ).toBe('CONFLICT');
    const s = await ok(
      m('submitReport', 'ReportTransitionInput', { reportId: cityReport.id, version: cityReport.version }, as['tplaocai.approver']),
    );
    cityReport = s.submitReport.report;
    expect(cityReport.status).toBe('SUBMITTED');
  });

  it('the province sees achieved against allocated: the city reported 5 itself (not 5 + 3), late', async () => {
    const d = await ok(rollup({ m: provinceMilestone, depth: 'ALL' }, as['laocai.viewer']));
    const city = d.reportRollup.nodes.find((r: any) => r.obligation.unit.code === '080');
    expect(city.obligation).toMatchObject({ depth: 1, status: 'SUBMITTED', compliance: 'LATE' });
    expect(city.targets.find((t: any) => t.targetId === provinceCasesTarget)).toMatchObject({
      allocated: 45,
      achieved: 5,
      reportedByUnit: true,
      gap: -40,
    });
    const commune = d.reportRollup.nodes.find((r: any) => r.obligation.unit.code === '02641');
    expect(commune.obligation).toMatchObject({ depth: 2, status: 'SUBMITTED', compliance: 'LATE' });
    // Counted once: the roll-up's total for the province target over the districts is the
    // districts' figures; the commune's 3 is inside the city's 5.
    const total = await scalar<string>(
      `select sum(x.achieved_period)::text from report_rollup x join report_obligation o on o.id = x.obligation_id
       where o.milestone_id = $1 and x.target_id = $2`,
      [provinceMilestone, provinceCasesTarget],
    );
    const districtsOwn = (d.reportRollup.nodes as any[])
      .filter((r) => r.obligation.depth === 1)
      .map((r) => r.targets.find((t: any) => t.targetId === provinceCasesTarget)?.achieved ?? 0)
      .reduce((a: number, b: number) => a + b, 0);
    expect(Number(total)).toBe(districtsOwn);
    // The city's district siblings never see it; the commune never sees its superior's report.
    expect(codeOf(await getReport(cityReport.id, as['batxat.viewer']))).toBe('NOT_FOUND');
    expect(codeOf(await getReport(cityReport.id, as['phuonglaocai.viewer']))).toBe('NOT_FOUND');
  });

  it('the province accepts the city, returns Bát Xát with a reason; Bát Xát edits and submits again', async () => {
    expect(
      codeOf(
        await m('acceptReport', 'ReportTransitionInput', { reportId: cityReport.id, version: cityReport.version }, as['tplaocai.approver']),
      ),
    ).toBe('FORBIDDEN');
    expect(
      codeOf(
        await m('acceptReport', 'ReportTransitionInput', { reportId: cityReport.id, version: cityReport.version }, as['laocai.editor']),
      ),
    ).toBe('FORBIDDEN');
    const a = await ok(
      m('acceptReport', 'ReportTransitionInput', { reportId: cityReport.id, version: cityReport.version }, as['laocai.approver']),
    );
    cityReport = a.acceptReport.report;
    expect(cityReport.status).toBe('ACCEPTED');
    const bx = (
      await ok(obligations({ planId: laoCaiPlan, milestoneId: provinceMilestone }, as['laocai.viewer']))
    ).reportObligations.nodes.find((o: any) => o.unit.code === '082');
    const bxReport = (await ok(getReport(bx.report.id, as['laocai.viewer']))).report;
    expect(
      codeOf(await m('returnReport', 'ReportTransitionInput', { reportId: bxReport.id, version: bxReport.version }, as['laocai.approver'])),
    ).toBe('BAD_USER_INPUT');
    const r = await ok(
      m(
        'returnReport',
        'ReportTransitionInput',
        { reportId: bxReport.id, version: bxReport.version, reason: 'Thiếu số liệu cai nghiện' },
        as['laocai.approver'],
      ),
    );
    expect(r.returnReport.report).toMatchObject({ status: 'RETURNED', returnedReason: 'Thiếu số liệu cai nghiện' });
    const after = (
      await ok(obligations({ planId: laoCaiPlan, milestoneId: provinceMilestone }, as['laocai.viewer']))
    ).reportObligations.nodes.find((o: any) => o.unit.code === '082');
    expect(after).toMatchObject({ status: 'RETURNED', compliance: 'RETURNED' });
    const edited = await ok(
      m(
        'updateReportText',
        'UpdateReportTextInput',
        { reportId: bxReport.id, version: r.returnReport.report.version, proposals: 'Đã bổ sung số liệu' },
        as['batxat.editor'],
      ),
    );
    const again = await ok(
      m(
        'submitReport',
        'ReportTransitionInput',
        { reportId: bxReport.id, version: edited.updateReportText.report.version },
        as['batxat.approver'],
      ),
    );
    expect(again.submitReport.report).toMatchObject({ status: 'SUBMITTED', returnedReason: null, firstSubmittedOn: '2024-10-08' });
    const back = (
      await ok(obligations({ planId: laoCaiPlan, milestoneId: provinceMilestone }, as['laocai.viewer']))
    ).reportObligations.nodes.find((o: any) => o.unit.code === '082');
    expect(back).toMatchObject({ status: 'SUBMITTED', compliance: 'LATE' });
  });

  it('a correction is a new version; the accepted one stays in force until the correction is submitted', async () => {
    const c = await ok(
      m(
        'correctReport',
        'CorrectReportInput',
        { reportId: cityReport.id, version: cityReport.version, idempotencyKey: 'city-correction-1' },
        as['tplaocai.editor'],
      ),
    );
    const v2 = c.correctReport.report;
    expect(v2).toMatchObject({
      status: 'DRAFT',
      versionNo: 2,
      correctsReportId: cityReport.id,
      firstSubmittedOn: cityReport.firstSubmittedOn,
    });
    expect(v2.figures.find((f: any) => f.targetId === provinceCasesTarget)).toMatchObject({
      periodValue: 5,
      overrideNote: expect.any(String),
    });
    // The province still sees version 1, accepted; never the draft correction.
    expect(codeOf(await getReport(v2.id, as['laocai.viewer']))).toBe('NOT_FOUND');
    expect((await ok(getReport(cityReport.id, as['laocai.viewer']))).report.versions).toEqual([
      { id: cityReport.id, versionNo: 1, status: 'ACCEPTED' },
    ]);
    const fig = v2.figures.find((f: any) => f.targetId === provinceCasesTarget);
    await ok(
      m(
        'updateReportFigure',
        'UpdateReportFigureInput',
        {
          reportId: v2.id,
          targetId: provinceCasesTarget,
          version: fig.version,
          periodValue: '6',
          cumulativeValue: '6',
          overrideNote: 'Bổ sung 01 vụ được xác minh sau',
        },
        as['tplaocai.editor'],
        'figure { id }',
      ),
    );
    const v2now = (await ok(getReport(v2.id, as['tplaocai.editor']))).report;
    const s = await ok(m('submitReport', 'ReportTransitionInput', { reportId: v2.id, version: v2now.version }, as['tplaocai.approver']));
    expect(s.submitReport.report.versions).toEqual([
      { id: v2.id, versionNo: 2, status: 'SUBMITTED' },
      { id: cityReport.id, versionNo: 1, status: 'SUPERSEDED' },
    ]);
    const d = await ok(rollup({ m: provinceMilestone }, as['laocai.viewer']));
    const city = d.reportRollup.nodes.find((r: any) => r.obligation.unit.code === '080');
    expect(city.targets.find((t: any) => t.targetId === provinceCasesTarget)).toMatchObject({ achieved: 6, reportedByUnit: true });
  });

  it('NOT_FOUND for an obligation of an invisible unit; INVALID_STATE when submitting after the plan was revoked', async () => {
    expect(codeOf(await m('createReport', 'CreateReportInput', { obligationId: communeObligation }, as['batxat.editor']))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await m('createReport', 'CreateReportInput', { obligationId: cityObligation }, as['phuonglaocai.editor']))).toBe(
      'NOT_FOUND',
    );
    expect(
      codeOf(
        await m('createReport', 'CreateReportInput', { obligationId: '00000000-0000-4000-8000-000000000000' }, as['phuonglaocai.editor']),
      ),
    ).toBe('NOT_FOUND');
    // The commune corrects its report, then the city revokes its plan: nothing more is submitted on it.
    const c = await ok(
      m('correctReport', 'CorrectReportInput', { reportId: communeReport.id, version: communeReport.version }, as['phuonglaocai.editor']),
    );
    const version = await scalar<number>(`select version from plan where id = $1`, [cityPlan]);
    await ok(
      env.gql(
        `mutation($i: PlanTransitionInput!) { revokePlan(input: $i) { plan { status } } }`,
        { i: { planId: cityPlan, version, reason: 'Ban hành kế hoạch khác' } },
        as['tplaocai.approver'],
      ),
    );
    const before = await reportTableCounts();
    const r = await m(
      'submitReport',
      'ReportTransitionInput',
      { reportId: c.correctReport.report.id, version: c.correctReport.report.version },
      as['phuonglaocai.approver'],
    );
    expect(codeOf(r)).toBe('INVALID_STATE');
    expect(r.errors![0].extensions!.reason).toBe('PLAN_REVOKED');
    expect(await reportTableCounts()).toEqual(before);
  });
});

describe('bounded SQL: a report page and a roll-up page cost the same whatever the number of units', () => {
  it("roll-up: 1 unit or every unit at every depth, on the portal's follow-up page — a fixed number of statements", async () => {
    // The portal's own query, with the units and the reports the viewer sees.
    const { REPORT_ROLLUP } = await import('../../portal/src/reports/reports.graphql.js');
    const page = (first: number) =>
      env.gql(print(REPORT_ROLLUP as DocumentNode), { milestoneId: provinceMilestone, first }, as['laocai.viewer']);
    const one = await page(1);
    const all = await page(100);
    expect(one.errors).toBeUndefined();
    expect(all.errors).toBeUndefined();
    const nodes = all.data!.reportRollup.nodes as {
      obligation: { depth: number; unit: { name: string }; report: { status: string } | null };
    }[];
    expect(nodes.length).toBeGreaterThan(20);
    expect(new Set(nodes.map((n) => n.obligation.depth))).toEqual(new Set([1, 2]));
    expect(nodes.every((n) => n.obligation.unit.name)).toBe(true);
    expect(nodes.filter((n) => n.obligation.report).length).toBeGreaterThan(5);
    // The principal; the page in ONE statement (rows, count, units, agencies, reports, roll-up
    // cells, allocations). Exactly two: one more is a regression.
    expect(all.sqlCount).toBe(one.sqlCount);
    expect(all.sqlCount).toBe(2);
    const total = all.data!.reportRollup.totalCount;
    const after = (cursor: string) =>
      env.gql(print(REPORT_ROLLUP as DocumentNode), { milestoneId: provinceMilestone, first: 100, after: cursor }, as['laocai.viewer']);
    const rest = await after(all.data!.reportRollup.pageInfo.endCursor);
    expect(rest.data!.reportRollup.totalCount).toBe(total);
    expect(nodes.length + rest.data!.reportRollup.nodes.length).toBe(total);
    const past = await after(rest.data!.reportRollup.pageInfo.endCursor);
    expect(past.data!.reportRollup.nodes).toEqual([]);
    expect(past.data!.reportRollup.totalCount).toBe(total);
  });

  it('obligations: 1 or all, with their reports', async () => {
    const q = `query($first: Int) { reportObligations(planId: "${laoCaiPlan}", first: $first) { totalCount nodes { ${OBLIGATION} issuerUnit { code } } } }`;
    const one = await env.gql(q, { first: 1 }, as['laocai.viewer']);
    const all = await env.gql(q, { first: 100 }, as['laocai.viewer']);
    expect(all.data!.reportObligations.nodes.length).toBe(27);
    expect(all.sqlCount).toBe(one.sqlCount);
  });

  it('a report: a commune’s (no subordinates) and a district’s (its communes, more figures) cost the same', async () => {
    const reports = (
      await env.db.query(
        `select r.id, u.code from report r join admin_unit u on u.id = r.unit_id where u.code in ('083') or r.unit_id in
         (select id from admin_unit where parent_id = (select id from admin_unit where code = '083' and valid_from is null)) order by u.code`,
      )
    ).rows;
    const district = reports.find((r) => r.code === '083')!.id;
    const commune = reports.find((r) => r.code !== '083')!.id;
    const d = await getReport(district, as['laocai.viewer']);
    const c = await getReport(commune, as['laocai.viewer']);
    expect(d.errors).toBeUndefined();
    expect(c.errors).toBeUndefined();
    expect(d.data!.report.subordinates.expected).toBeGreaterThan(10);
    expect(d.data!.report.figures.length).toBeGreaterThan(c.data!.report.figures.length - 1);
    expect(d.sqlCount).toBe(c.sqlCount);
    expect(d.sqlCount).toBeLessThanOrEqual(10);
  });
});

describe('existence oracles: a hidden report or obligation answers like one that does not exist', () => {
  it('report(id), createReport and updateReportTask', async () => {
    // A draft of Bát Xát's (hidden from the city) on the province's second milestone.
    const bx = await scalar<string>(
      `select o.id from report_obligation o join admin_unit u on u.id = o.unit_id where u.code = '082' and o.plan_id = $1 and o.kind = 'INTERIM_REVIEW'`,
      [laoCaiPlan],
    );
    const draft = (await ok(m('createReport', 'CreateReportInput', { obligationId: bx }, as['batxat.editor']))).createReport.report;
    const absent = '00000000-0000-4000-8000-00000000abcd';
    const answer = async (r: Promise<GqlResult>) => {
      const x = await r;
      return { status: x.status, errors: x.errors };
    };
    const cases: [(id: string) => Promise<GqlResult>, string][] = [
      [(id) => getReport(id, as['tplaocai.editor']), draft.id],
      [(id) => getReport(id, as['laocai.viewer']), draft.id],
      [(id) => m('createReport', 'CreateReportInput', { obligationId: id }, as['tplaocai.editor']), bx],
      [
        (id) =>
          m(
            'updateReportTask',
            'UpdateReportTaskInput',
            { taskId: id, version: 1, status: 'COMPLETED' },
            as['laocai.editor'],
            'task { id }',
          ),
        draft.tasks[0].id,
      ],
    ];
    for (const [run, hidden] of cases) {
      const h = await answer(run(hidden));
      expect(h.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(h).toEqual(await answer(run(absent)));
    }
  });
});

describe('row-level security repeats the policy on the report tables', () => {
  beforeAll(async () => {
    // A district's draft (the city's phase review): what its province must not see.
    const o = await scalar<string>(
      `select o.id from report_obligation o join admin_unit u on u.id = o.unit_id
       where u.code = '080' and o.plan_id = $1 and o.kind = 'INTERIM_REVIEW' and not exists (select 1 from report r where r.obligation_id = o.id)`,
      [laoCaiPlan],
    );
    if (o) await ok(m('createReport', 'CreateReportInput', { obligationId: o }, as['tplaocai.editor'], 'report { id }'));
    expect(await scalar<number>(`select count(*)::int from report where status = 'DRAFT'`)).toBeGreaterThan(0);
  });
  const ACCOUNTS = ['quocgia.viewer', 'laocai.viewer', 'tplaocai.viewer', 'phuonglaocai.viewer', 'batxat.viewer'];
  async function principalOf(username: string): Promise<Principal> {
    const { rows } = await env.db.query(
      `select a.id, a.display_name as label, a.role, a.unit_id as "unitId", u.path::text as "unitPath", a.province_id as "provinceId"
       from app_user a join admin_unit u on u.id = a.unit_id where a.username = $1`,
      [username],
    );
    return { kind: 'USER', ...rows[0] };
  }

  it.each(ACCOUNTS)('%s: unfiltered selects return exactly what the policy allows, and writes outside it are refused', async (username) => {
    const p = await principalOf(username);
    const c = new pg.Client({ connectionString: env.app.appDatabaseUrl });
    await c.connect();
    try {
      await c.query('begin');
      await c.query(
        `select set_config('kehoach.unit_path', $1, true), set_config('kehoach.unit_id', $2, true), set_config('kehoach.principal_id', $3, true)`,
        [p.unitPath, String(p.unitId), p.id],
      );
      const allReports = (await env.db.query(`select id, unit_id as "unitId", unit_path::text as "unitPath", status from report`)).rows;
      const seen = (await c.query(`select id from report`)).rows.map((r) => r.id).sort();
      expect(seen).toEqual(
        allReports
          .filter((r) => canReadReport(p, r))
          .map((r) => r.id)
          .sort(),
      );
      const allObligations = (await env.db.query(`select id, unit_path::text as "unitPath" from report_obligation`)).rows;
      const seenObligations = (await c.query(`select id from report_obligation`)).rows.map((r) => r.id).sort();
      expect(seenObligations).toEqual(
        allObligations
          .filter((o) => canReadObligation(p, o))
          .map((o) => o.id)
          .sort(),
      );
      // Figures of reports out of sight stay out of sight; the roll-up is the caller's subtree's.
      const seenFigures = (await c.query(`select distinct report_id from report_figure`)).rows.map((r) => r.report_id);
      expect(seenFigures.every((id) => seen.includes(id))).toBe(true);
      const rollupUnits = (await c.query(`select distinct unit_path::text as p from report_rollup`)).rows.map((r) => r.p as string);
      expect(rollupUnits.every((x) => x === p.unitPath || x.startsWith(`${p.unitPath}.`))).toBe(true);
      // The roll-up is written only through its function.
      await c.query('savepoint s');
      await expect(c.query(`delete from report_rollup`)).rejects.toMatchObject({ code: '42501' });
      await c.query('rollback to savepoint s');
      // Nobody rewrites another unit's draft.
      const others = allReports.filter((r) => r.unitPath !== p.unitPath).map((r) => r.id);
      const updated = await c.query(`update report set difficulties = 'x' where id = any($1::uuid[]) and status = 'DRAFT'`, [others]);
      expect(updated.rowCount).toBe(0);
    } finally {
      await c.query('rollback');
      await c.end();
    }
  });
});

describe('the roll-up under concurrent submissions', () => {
  it("communes of Mường Khương submitting at once: the district's sum from below loses none of them", async () => {
    const district = await scalar<string>(
      `select o.id from report_obligation o join admin_unit u on u.id = o.unit_id where u.code = '083' and o.milestone_id = $1`,
      [provinceMilestone],
    );
    const free = (
      await env.db.query(
        `select o.id, o.unit_id from report_obligation o where o.parent_obligation_id = $1
           and not exists (select 1 from report r where r.obligation_id = o.id) order by o.unit_id limit 6`,
        [district],
      )
    ).rows;
    expect(free.length).toBe(6);
    const drafts: { id: string; version: number; approver: Caller }[] = [];
    for (const [i, o] of free.entries()) {
      const editor = (await insertUser(env.db, o.unit_id, { username: `mk-editor-${i}`, role: 'EDITOR' })).username;
      const approver = (await insertUser(env.db, o.unit_id, { username: `mk-approver-${i}`, role: 'APPROVER' })).username;
      const r = (await ok(m('createReport', 'CreateReportInput', { obligationId: o.id }, await env.login(editor)))).createReport.report;
      const fig = r.figures.find((f: any) => f.metric === 'phát hiện, bắt giữ, khởi tố');
      await ok(
        m(
          'updateReportFigure',
          'UpdateReportFigureInput',
          { reportId: r.id, targetId: fig.targetId, version: fig.version, periodValue: String(i + 1) },
          await env.login(editor),
          'figure { id }',
        ),
      );
      drafts.push({ id: r.id, version: r.version, approver: await env.login(approver) });
    }
    const results = await Promise.all(
      drafts.map((d) => m('submitReport', 'ReportTransitionInput', { reportId: d.id, version: d.version }, d.approver)),
    );
    for (const r of results) expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    // The district's sum from below, kept on write, against the communes' figures summed here.
    const { rows } = await env.db.query(
      `select x.target_id, x.below_period::float8 as below,
         (select sum(f.period_value)::float8 from report_obligation c join report r on r.obligation_id = c.id and r.status in ('SUBMITTED','ACCEPTED')
            join report_figure f on f.report_id = r.id where c.parent_obligation_id = $1 and f.rolls_into_target_id = x.target_id) as communes
       from report_rollup x where x.obligation_id = $1 and x.below_units > 0`,
      [district],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.below, r.target_id).toBe(r.communes);
    expect(rows.some((r) => r.communes >= 21)).toBe(true); // 1 + 2 + … + 6 on top of the demo's
  });
});

describe('the summary of a milestone: by compliance and per target, each figure once', () => {
  const SUMMARY = `query($m: String!) { reportRollupSummary(milestoneId: $m) {
    units byCompliance { compliance count } targets { targetId metric allocated achieved achievedCumulative unitsReporting gap } } }`;
  it('the province: nine districts, the allocations summed, the districts’ achieved figures summed', async () => {
    const r = await env.gql(SUMMARY, { m: provinceMilestone }, as['laocai.viewer']);
    expect(r.errors).toBeUndefined();
    const s = r.data!.reportRollupSummary;
    expect(s.units).toBe(9);
    expect(s.byCompliance.reduce((a: number, c: any) => a + c.count, 0)).toBe(9);
    const page = (await ok(rollup({ m: provinceMilestone }, as['laocai.viewer']))).reportRollup.nodes as any[];
    const cases = s.targets.find((t: any) => t.metric === 'phát hiện, bắt giữ, khởi tố' && t.allocated === 160);
    const cells = page.map((row) => row.targets.find((t: any) => t.targetId === cases.targetId)).filter(Boolean);
    const sum = (k: string) => cells.reduce((a: number, c: any) => a + (c[k] ?? 0), 0);
    expect(cases.achieved).toBe(sum('achieved'));
    expect(cases.achievedCumulative).toBe(sum('achievedCumulative'));
    expect(cases.unitsReporting).toBe(cells.filter((c: any) => c.achieved !== null || c.achievedCumulative !== null).length);
    expect(cases.gap).toBe(cases.achievedCumulative - 160);
    // The caller, then the obligations by compliance, the allocations and the totals in ONE statement.
    expect(r.sqlCount).toBe(2);
  });

  it('a rate (%) is the mean of the units, never their sum', async () => {
    const s = (await ok(env.gql(SUMMARY, { m: provinceMilestone }, as['laocai.viewer']))).reportRollupSummary;
    const page = (await ok(rollup({ m: provinceMilestone }, as['laocai.viewer']))).reportRollup.nodes as any[];
    const units = await scalar<string[]>(`select array_agg(distinct id::text) from plan_target where unit_of_measure = '%'`);
    const rates = (s.targets as any[]).filter((t) => (units ?? []).includes(t.targetId) && t.unitsReporting > 1);
    expect(rates.length).toBeGreaterThan(0);
    for (const rate of rates) {
      const cells = page
        .map((row) => row.targets.find((t: any) => t.targetId === rate.targetId))
        .filter((c: any) => c && c.achieved !== null);
      const mean = cells.reduce((a: number, c: any) => a + c.achieved, 0) / cells.length;
      expect(rate.achieved).toBeCloseTo(mean, 6);
      if (rate.allocated !== null) expect(rate.allocated).toBeLessThanOrEqual(100);
    }
  });

  it('a district sees only itself', async () => {
    const s = (await ok(env.gql(SUMMARY, { m: provinceMilestone }, as['batxat.viewer']))).reportRollupSummary;
    expect(s.units).toBe(1);
    expect(s.byCompliance).toEqual([{ compliance: 'LATE', count: 1 }]);
  });
});
