import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, createTestEnv, type Caller, type GqlResult, type TestEnv } from '../support/env.js';

/*
 * Reports for integrators and for the superiors' screens (issue 11, docs/REPORTS.md): the NDJSON
 * export of reports, the counted figures as a Relay connection, the trend across a plan's
 * reporting periods, and the cascade's report column — on the demo's first-month reports of Lào
 * Cai, through the real HTTP server under row-level security.
 */

let env: TestEnv;
const as = {} as Record<string, Caller>;
let laoCaiPlan: string;
let cityDraftPlan: string;
/** The Lào Cai plan's reporting milestones, in order of due date. */
let milestones: { id: string; dueDate: string }[];
let cityDraftReport: string;
/** The province's target of 160 cases allocated to its districts. */
let casesTarget: string;

const CASES = 'phát hiện, bắt giữ, khởi tố';

async function ok<T = any>(r: Promise<GqlResult<T>>): Promise<T> {
  const got = await r;
  expect(got.errors, JSON.stringify(got.errors)).toBeUndefined();
  return got.data!;
}
async function scalar<T = any>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await env.db.query(sql, params);
  return (rows[0] ? Object.values(rows[0])[0] : undefined) as T;
}
async function exportReports(unitId: number | string, who?: Caller, query = '') {
  const headers: Record<string, string> = {};
  if (who?.token) headers.authorization = `Bearer ${who.token}`;
  if (who?.apiKey) headers.authorization = `ApiKey ${who.apiKey}`;
  return fetch(`${env.url}/api/export/reports.ndjson?unitId=${unitId}${query}`, { headers });
}
const lines = async (res: Response) => {
  expect(res.status).toBe(200);
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
};

beforeAll(async () => {
  env = await createTestEnv();
  for (const u of ['laocai', 'tplaocai', 'batxat']) {
    for (const role of ['editor', 'approver', 'viewer', 'admin']) as[`${u}.${role}`] = await env.login(`${u}.${role}`);
  }
  laoCaiPlan = await scalar(`select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = '10' and p.status = 'ISSUED'`);
  cityDraftPlan = await scalar(`select p.id from plan p join admin_unit u on u.id = p.unit_id where u.code = '080' and p.status = 'DRAFT'`);
  casesTarget = await scalar(`select id from plan_target where plan_id = $1 and metric = $2 and value = 160`, [laoCaiPlan, CASES]);
  milestones = (
    await env.db.query(
      `select id, due_date::text as "dueDate" from plan_milestone where plan_id = $1 and kind <> 'PLAN_SUBMISSION' order by due_date, position`,
      [laoCaiPlan],
    )
  ).rows;
  // The city starts its phase-1 report on the province plan: a draft its superior must never see.
  const obligation = await scalar(
    `select o.id from report_obligation o join admin_unit u on u.id = o.unit_id where u.code = '080' and o.milestone_id = $1`,
    [milestones[1].id],
  );
  const created = await ok(
    env.gql(
      `mutation($i: CreateReportInput!) { createReport(input: $i) { report { id figures { targetId version metric } } } }`,
      { i: { obligationId: obligation, idempotencyKey: 'integrators-city-draft' } },
      as['tplaocai.editor'],
    ),
  );
  cityDraftReport = created.createReport.report.id;
  const fig = created.createReport.report.figures.find((f: any) => f.targetId === casesTarget);
  await ok(
    env.gql(
      `mutation($i: UpdateReportFigureInput!) { updateReportFigure(input: $i) { figure { id } } }`,
      { i: { reportId: cityDraftReport, targetId: fig.targetId, version: fig.version, periodValue: '41', cumulativeValue: '41' } },
      as['tplaocai.editor'],
    ),
  );
});
afterAll(async () => {
  await env?.stop();
});

describe('GET /api/export/reports.ndjson', () => {
  it('streams every report the caller reads under the unit, one per line, with its obligation, unit, period, status, compliance, tasks and figures', async () => {
    const province = await env.unitId('10');
    const got = await lines(await exportReports(province, as['laocai.viewer']));
    // Every report of the province's tree that it reads: never a draft, never a replaced version.
    const expected = (
      await env.db.query(
        `select r.id from report r where r.unit_path <@ (select path from admin_unit where id = $1)
           and r.status in ('SUBMITTED','ACCEPTED','RETURNED')`,
        [province],
      )
    ).rows.map((r) => r.id);
    expect(expected.length).toBeGreaterThan(8);
    expect(got.map((r) => r.id).sort()).toEqual([...expected].sort());
    expect(got.map((r) => r.id)).toEqual([...got.map((r) => r.id)].sort()); // in id order: the cursor

    const batXat = got.find((r) => r.unit.code === '082');
    expect(batXat).toMatchObject({
      status: 'SUBMITTED',
      compliance: 'LATE',
      versionNo: 1,
      firstSubmittedOn: '2024-10-08',
      unit: { code: '082', name: 'Huyện Bát Xát', level: 'DISTRICT' },
      obligation: {
        milestoneId: milestones[0].id,
        planId: laoCaiPlan,
        kind: 'RESULT_REPORT',
        dueDate: '2024-10-03',
        issuerUnit: { code: '10' },
      },
    });
    expect(batXat.periodEnd).toBe('2024-10-03');
    expect(batXat.obligation.periodEnd).toBe('2024-10-03');
    expect(batXat.tasks.length).toBeGreaterThan(5);
    expect(batXat.tasks[0]).toEqual({
      nodeId: expect.any(String),
      label: expect.anything(),
      text: expect.any(String),
      status: expect.any(String),
      done: expect.any(String),
    });
    const figures = await env.db.query(
      `select f.target_id, f.period_value::float8 v, f.cumulative_value::float8 c, f.allocated::float8 a from report_figure f where f.report_id = $1`,
      [batXat.id],
    );
    expect(batXat.figures).toHaveLength(figures.rows.length);
    for (const f of figures.rows) {
      expect(batXat.figures.find((x: any) => x.targetId === f.target_id)).toMatchObject({
        periodValue: f.v,
        cumulativeValue: f.c,
        allocated: f.a,
      });
    }
    expect(got.find((r) => r.unit.code === '084')).toMatchObject({ status: 'RETURNED', compliance: 'RETURNED' });
    // Nothing of the row the caller does not need or must not see.
    expect(Object.keys(batXat)).not.toContain('unitPath');
    expect(Object.keys(batXat)).not.toContain('provinceId');
  });

  it('a draft out of sight never appears; the unit sees its own', async () => {
    const province = await env.unitId('10');
    const city = await env.unitId('080');
    const seenAbove = await lines(await exportReports(province, as['laocai.viewer']));
    expect(seenAbove.map((r) => r.id)).not.toContain(cityDraftReport);
    expect(seenAbove.every((r) => r.status !== 'DRAFT')).toBe(true);
    expect(JSON.stringify(seenAbove)).not.toContain(cityDraftReport);
    const own = await lines(await exportReports(city, as['tplaocai.viewer']));
    expect(own.find((r) => r.id === cityDraftReport)).toMatchObject({
      status: 'DRAFT',
      compliance: 'MISSING',
      obligation: { milestoneId: milestones[1].id },
    });
    expect(own.find((r) => r.id === cityDraftReport).figures.find((f: any) => f.targetId === casesTarget)).toMatchObject({
      periodValue: 41,
    });
  });

  it("a sibling unit's reports never appear, whichever unit is asked", async () => {
    // Bát Xát asks for the whole province (an ancestor it may name): only its own reports.
    const got = await lines(await exportReports(await env.unitId('10'), as['batxat.viewer']));
    expect(got.length).toBeGreaterThan(0);
    expect(new Set(got.map((r) => r.unit.code))).toEqual(new Set(['082']));
    // The city, a sibling, is out of sight: NOT_FOUND, as for the plans' export.
    const sibling = await exportReports(await env.unitId('080'), as['batxat.viewer']);
    expect(sibling.status).toBe(404);
    expect(await sibling.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers API keys like the users of their unit; refuses the anonymous and bad parameters', async () => {
    const key = await ok(
      env.gql(
        `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
        { i: { unitId: String(await env.unitId('10')), name: 'Cổng dữ liệu báo cáo' } },
        as['laocai.admin'],
      ),
    );
    const province = await env.unitId('10');
    const byKey = await lines(await exportReports(province, { apiKey: key.createApiKey.secret }));
    const byViewer = await lines(await exportReports(province, as['laocai.viewer']));
    expect(byKey.map((r) => r.id)).toEqual(byViewer.map((r) => r.id));
    expect((await exportReports(province)).status).toBe(401);
    const bad = await exportReports(province, as['laocai.viewer'], '&versions=SOME');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await exportReports('abc', as['laocai.viewer'])).status).toBe(400);
  });

  it('crosses batches with its cursor: every version once with versions=ALL, the replaced ones left out by default', async () => {
    // 130 earlier versions of Bát Xát's report, as if corrected that many times (written as the owner).
    const report = (
      await env.db.query(`select r.* from report r join admin_unit u on u.id = r.unit_id where u.code = '082' and r.status = 'SUBMITTED'`)
    ).rows[0];
    await env.db.query(
      `insert into report (id, obligation_id, unit_id, unit_path, province_id, version_no, status, period_start, period_end, first_submitted_on)
       select gen_random_uuid(), $1, $2, $3, $4, 1000 + g, 'SUPERSEDED', $5, $6, $7 from generate_series(1, 130) g`,
      [
        report.obligation_id,
        report.unit_id,
        report.unit_path,
        report.province_id,
        report.period_start,
        report.period_end,
        report.first_submitted_on,
      ],
    );
    const all = await lines(await exportReports(await env.unitId('10'), as['laocai.viewer'], '&versions=ALL'));
    const current = await lines(await exportReports(await env.unitId('10'), as['laocai.viewer']));
    const ids = all.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.filter((r) => r.status === 'SUPERSEDED')).toHaveLength(130);
    expect(all.length).toBe(current.length + 130);
    expect(current.every((r) => r.status !== 'SUPERSEDED')).toBe(true);
    await env.db.query(`delete from report where obligation_id = $1 and status = 'SUPERSEDED' and version_no > 1000`, [
      report.obligation_id,
    ]);
  });
});

const FIGURES = `query($filter: ReportFiguresFilter!, $first: Int, $after: String) {
  reportFigures(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor }
    nodes { obligationId planId milestoneId kind dueDate periodStart periodEnd unit { code } targetId metric unitOfMeasure
      allocated achieved achievedCumulative reportedByUnit unitsBelow gap reportId } } }`;
const figures = (filter: Record<string, unknown>, who: Caller, extra: Record<string, unknown> = {}) =>
  env.gql(FIGURES, { filter, first: 100, ...extra }, who);

describe('reportFigures: the counted figures per unit, target and period', () => {
  it("a milestone's figures: each unit's own submitted figure (or its subordinates' sum), against its share, never a draft", async () => {
    const d = await ok(figures({ milestoneId: milestones[0].id }, as['laocai.viewer']));
    const nodes = d.reportFigures.nodes as any[];
    const expected = await scalar<number>(
      `select count(*)::int from report_rollup x join report_obligation o on o.id = x.obligation_id
       where o.milestone_id = $1 and (x.achieved_period is not null or x.achieved_cumulative is not null)`,
      [milestones[0].id],
    );
    expect(expected).toBeGreaterThan(5);
    expect(d.reportFigures.totalCount).toBe(expected);
    expect(nodes).toHaveLength(expected);
    // Si Ma Cai's report was returned and the city has none: neither counts.
    expect(nodes.some((n) => n.unit.code === '084' || n.unit.code === '080')).toBe(false);
    const batXat = nodes.find((n) => n.unit.code === '082' && n.targetId === casesTarget);
    const own = (
      await env.db.query(
        `select f.period_value::float8 v, f.cumulative_value::float8 c, r.id from report_figure f join report r on r.id = f.report_id
         join admin_unit u on u.id = r.unit_id where u.code = '082' and r.status = 'SUBMITTED' and f.target_id = $1`,
        [casesTarget],
      )
    ).rows[0];
    const allocated = await scalar<number>(
      `select a.value::float8 from plan_target_allocation a join plan_target t on t.id = a.target_id
       where t.id = $1 and a.unit_id = (select id from admin_unit where code = '082' and valid_from is null)`,
      [casesTarget],
    );
    expect(batXat).toMatchObject({
      planId: laoCaiPlan,
      kind: 'RESULT_REPORT',
      dueDate: '2024-10-03',
      periodEnd: '2024-10-03',
      achieved: own.v,
      achievedCumulative: own.c,
      reportedByUnit: true,
      unitsBelow: 0,
      allocated,
      gap: (own.c ?? own.v) - allocated,
      reportId: own.id,
    });
    // Ordered by due date, unit, then the target's place: the same order as the cursors.
    const order = nodes.map((n) => n.unit.code);
    expect(order).toEqual([...order].sort());
  });

  it('Mường Khương’s communes count on their district’s milestone, and their district’s figure once on the province’s', async () => {
    const district = await env.unitId('083');
    const d = await ok(figures({ unitId: String(district) }, as['laocai.viewer']));
    const rows = d.reportFigures.nodes as any[];
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.unit.code))).toEqual(new Set(['083']));
    const communes = await ok(
      figures(
        {
          planId: await scalar(
            `select plan_id from report_obligation o join report r on r.obligation_id = o.id join admin_unit u on u.id = r.unit_id where u.parent_id = $1 limit 1`,
            [district],
          ),
        },
        as['laocai.viewer'],
      ),
    );
    expect(communes.reportFigures.nodes.length).toBeGreaterThanOrEqual(3);
    expect(communes.reportFigures.nodes.every((n: any) => n.unit.code.length === 5 && n.reportedByUnit)).toBe(true);
  });

  it('pages with a keyset cursor: every row once, whatever the page size; a page costs the same statements', async () => {
    const all = await ok(figures({ milestoneId: milestones[0].id }, as['laocai.viewer']));
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const page: any = await ok(figures({ milestoneId: milestones[0].id }, as['laocai.viewer'], { first: 4, after }));
      seen.push(...page.reportFigures.nodes.map((n: any) => `${n.obligationId}|${n.targetId}`));
      if (!page.reportFigures.pageInfo.hasNextPage) break;
      after = page.reportFigures.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.reportFigures.nodes.map((n: any) => `${n.obligationId}|${n.targetId}`));
    const one = await figures({ milestoneId: milestones[0].id }, as['laocai.viewer'], { first: 1 });
    const many = await figures({ milestoneId: milestones[0].id }, as['laocai.viewer'], { first: 100 });
    expect(many.data!.reportFigures.nodes.length).toBeGreaterThan(10);
    expect(many.sqlCount).toBe(one.sqlCount);
    expect(many.sqlCount).toBeLessThanOrEqual(6);
  });

  it('filters by target and by the day the period ends', async () => {
    const target = casesTarget;
    const byTarget = await ok(figures({ targetId: target }, as['laocai.viewer']));
    expect(byTarget.reportFigures.nodes.length).toBeGreaterThan(3);
    expect(byTarget.reportFigures.nodes.every((n: any) => n.targetId === target)).toBe(true);
    const before = await ok(figures({ planId: laoCaiPlan, to: '2024-10-02' }, as['laocai.viewer']));
    expect(before.reportFigures.totalCount).toBe(0);
    const on = await ok(figures({ planId: laoCaiPlan, from: '2024-10-03', to: '2024-10-03' }, as['laocai.viewer']));
    const milestone = await ok(figures({ milestoneId: milestones[0].id }, as['laocai.viewer']));
    expect(on.reportFigures.totalCount).toBe(milestone.reportFigures.totalCount);
  });

  it('never sideways: a district sees its own figures only; a draft counts for nobody', async () => {
    const d = await ok(figures({ milestoneId: milestones[0].id }, as['batxat.viewer']));
    expect(new Set(d.reportFigures.nodes.map((n: any) => n.unit.code))).toEqual(new Set(['082']));
    expect(d.reportFigures.totalCount).toBe(d.reportFigures.nodes.length);
    // The city's draft (41 cases) is in no one's figures, its own included.
    for (const who of ['laocai.viewer', 'tplaocai.viewer']) {
      const phase = await ok(figures({ milestoneId: milestones[1].id }, as[who]));
      expect(phase.reportFigures.nodes.filter((n: any) => n.unit.code === '080')).toEqual([]);
    }
  });

  it('refuses what it cannot answer with the field named', async () => {
    const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
      [{}, {}, 'filter.planId'],
      [{ milestoneId: 'x' }, {}, 'filter.milestoneId'],
      [{ planId: laoCaiPlan, from: '2024-02-30' }, {}, 'filter.from'],
      [{ planId: laoCaiPlan, from: '2024-10-05', to: '2024-10-01' }, {}, 'filter.to'],
      [{ planId: laoCaiPlan }, { first: 101 }, 'first'],
      [{ planId: laoCaiPlan }, { after: 'bm90LWEtY3Vyc29y' }, 'after'],
    ];
    for (const [filter, extra, field] of cases) {
      const r = await figures(filter, as['laocai.viewer'], extra);
      expect(codeOf(r), JSON.stringify(filter)).toBe('BAD_USER_INPUT');
      expect(r.errors![0].extensions!.field).toBe(field);
    }
    expect(codeOf(await figures({ planId: laoCaiPlan }, {}))).toBe('UNAUTHENTICATED');
  });
});

const TREND = `query($planId: String!, $targetId: String) { reportTrend(planId: $planId, targetId: $targetId) {
  planId periods { milestoneId kind title dueDate periodStart periodEnd units reported }
  targets { targetId metric unitOfMeasure allocated points { achieved achievedCumulative unitsReporting gap } } } }`;

describe('reportTrend: achieved against allocated across the periods of a plan', () => {
  it("the province plan's three reporting milestones in order; the first month's totals are the follow page's, each figure once", async () => {
    const d = await ok(env.gql(TREND, { planId: laoCaiPlan }, as['laocai.viewer']));
    const t = d.reportTrend;
    expect(t.periods.map((p: any) => p.milestoneId)).toEqual(milestones.map((m) => m.id));
    expect(t.periods.map((p: any) => p.dueDate)).toEqual(['2024-10-03', '2024-11-03', '2024-12-18']);
    expect(t.periods.map((p: any) => p.units)).toEqual([9, 9, 9]);
    const counted = await scalar<number>(
      `select count(*)::int from report_obligation o where o.milestone_id = $1
         and exists (select 1 from report r where r.obligation_id = o.id and r.status in ('SUBMITTED','ACCEPTED'))`,
      [milestones[0].id],
    );
    expect(t.periods.map((p: any) => p.reported)).toEqual([counted, 0, 0]);

    const summary = await ok(
      env.gql(
        `query($m: String!) { reportRollupSummary(milestoneId: $m) { targets { targetId allocated achieved achievedCumulative unitsReporting gap } } }`,
        { m: milestones[0].id },
        as['laocai.viewer'],
      ),
    );
    expect(t.targets.map((x: any) => x.targetId).sort()).toEqual(summary.reportRollupSummary.targets.map((x: any) => x.targetId).sort());
    for (const s of summary.reportRollupSummary.targets) {
      const target = t.targets.find((x: any) => x.targetId === s.targetId);
      expect(target.allocated).toBe(s.allocated);
      expect(target.points).toHaveLength(3);
      expect(target.points[0]).toEqual({
        achieved: s.achieved,
        achievedCumulative: s.achievedCumulative,
        unitsReporting: s.unitsReporting,
        gap: s.gap,
      });
      // Nothing submitted yet for the later milestones (the city's phase-1 draft counts for nobody).
      for (const p of target.points.slice(1)) expect(p).toMatchObject({ achieved: null, achievedCumulative: null, unitsReporting: 0 });
    }
    const cases = t.targets.find((x: any) => x.targetId === casesTarget);
    expect(cases.allocated).toBe(160);
    expect(cases.points[0].achievedCumulative).toBeGreaterThan(0);
  });

  it('one target when asked; a district sees its own obligations only; an invisible plan is NOT_FOUND; a fixed number of statements', async () => {
    const target = casesTarget;
    const one = await ok(env.gql(TREND, { planId: laoCaiPlan, targetId: target }, as['laocai.viewer']));
    expect(one.reportTrend.targets.map((x: any) => x.targetId)).toEqual([target]);
    const province = await env.gql(TREND, { planId: laoCaiPlan }, as['laocai.viewer']);
    const district = await env.gql(TREND, { planId: laoCaiPlan }, as['batxat.viewer']);
    expect(district.data!.reportTrend.periods.map((p: any) => p.units)).toEqual([1, 1, 1]);
    const allocation = await scalar<number>(
      `select a.value::float8 from plan_target_allocation a where a.target_id = $1 and a.unit_id = $2`,
      [target, await env.unitId('082')],
    );
    expect(district.data!.reportTrend.targets.find((x: any) => x.targetId === target).allocated).toBe(allocation);
    expect(district.sqlCount).toBe(province.sqlCount);
    expect(province.sqlCount).toBeLessThanOrEqual(6);
    // The city's draft plan is out of a sibling's sight.
    expect(codeOf(await env.gql(TREND, { planId: cityDraftPlan }, as['batxat.viewer']))).toBe('NOT_FOUND');
    expect(codeOf(await env.gql(TREND, { planId: 'x' }, as['batxat.viewer']))).toBe('BAD_USER_INPUT');
    // A plan without obligations (a draft): no periods.
    const draft = await ok(env.gql(TREND, { planId: cityDraftPlan }, as['tplaocai.viewer']));
    expect(draft.reportTrend.periods).toEqual([]);
  });
});

const CASCADE = `query($id: String!, $m: String!, $first: Int, $depth: CascadeDepth) { plan(id: $id) {
  cascade(first: $first, filter: { depth: $depth }) { nodes { depth unit { code } status
    reportObligation(milestoneId: $m) { id milestoneId dueDate status compliance submittedOn report { id status } } } } } }`;

describe('the cascade shows plan and report status side by side', () => {
  it("each district's report on the chosen milestone: status and compliance as the follow page has them", async () => {
    const d = await ok(env.gql(CASCADE, { id: laoCaiPlan, m: milestones[0].id, first: 50 }, as['laocai.viewer']));
    const rows = d.plan.cascade.nodes as any[];
    expect(rows).toHaveLength(9);
    const follow = await ok(
      env.gql(
        `query($m: String!) { reportObligations(milestoneId: $m, first: 50) { nodes { id status compliance unit { code } report { id } } } }`,
        { m: milestones[0].id },
        as['laocai.viewer'],
      ),
    );
    for (const o of follow.reportObligations.nodes) {
      const row = rows.find((r) => r.unit.code === o.unit.code);
      expect(row.reportObligation).toMatchObject({ id: o.id, status: o.status, compliance: o.compliance, report: o.report });
    }
    const byCode = Object.fromEntries(rows.map((r) => [r.unit.code, r.reportObligation]));
    expect(byCode['080']).toMatchObject({ status: 'NONE', compliance: 'MISSING', report: null });
    expect(byCode['082']).toMatchObject({ status: 'SUBMITTED', compliance: 'LATE', submittedOn: '2024-10-08' });
    expect(byCode['084']).toMatchObject({ status: 'RETURNED', compliance: 'RETURNED' });
  });

  it("at every depth a commune's report on its district's milestone; a draft shows as no report above its unit", async () => {
    const d = await ok(env.gql(CASCADE, { id: laoCaiPlan, m: milestones[0].id, first: 100, depth: 'ALL' }, as['laocai.viewer']));
    const rows = d.plan.cascade.nodes as any[];
    const communes = rows.filter((r) => r.depth === 2 && r.reportObligation);
    expect(communes.length).toBeGreaterThanOrEqual(3);
    for (const c of communes) expect(c.reportObligation.milestoneId).not.toBe(milestones[0].id);
    expect(communes.filter((c) => c.reportObligation.status === 'SUBMITTED').length).toBeGreaterThanOrEqual(3);
    // The city's phase-1 draft: NONE to the province, DRAFT to the city itself.
    const above = await ok(env.gql(CASCADE, { id: laoCaiPlan, m: milestones[1].id, first: 50 }, as['laocai.viewer']));
    expect(above.plan.cascade.nodes.find((r: any) => r.unit.code === '080').reportObligation).toMatchObject({
      status: 'NONE',
      report: null,
    });
    const own = await ok(env.gql(CASCADE, { id: laoCaiPlan, m: milestones[1].id, first: 50 }, as['tplaocai.viewer']));
    expect(own.plan.cascade.nodes.map((r: any) => r.unit.code)).toEqual(['080']);
    expect(own.plan.cascade.nodes[0].reportObligation).toMatchObject({ status: 'DRAFT', report: { id: cityDraftReport } });
    // Never sideways: Bát Xát sees its own row and report only.
    const side = await ok(env.gql(CASCADE, { id: laoCaiPlan, m: milestones[0].id, first: 50 }, as['batxat.viewer']));
    expect(side.plan.cascade.nodes.map((r: any) => [r.unit.code, r.reportObligation.status])).toEqual([['082', 'SUBMITTED']]);
  });

  it('a page costs the same statements for two units or every unit at every depth', async () => {
    // The first two rows: the city (no report) and Bát Xát (a report to read).
    const one = await env.gql(CASCADE, { id: laoCaiPlan, m: milestones[0].id, first: 2, depth: 'ALL' }, as['laocai.viewer']);
    const all = await env.gql(CASCADE, { id: laoCaiPlan, m: milestones[0].id, first: 100, depth: 'ALL' }, as['laocai.viewer']);
    expect(all.errors).toBeUndefined();
    expect(all.data!.plan.cascade.nodes.length).toBeGreaterThan(50);
    expect(all.sqlCount).toBe(one.sqlCount);
    // The same page without the report column: the column is two statements (obligations, their reports).
    const without = await env.gql(
      `query($id: String!) { plan(id: $id) { cascade(first: 100, filter: { depth: ALL }) { nodes { depth unit { code } status } } } }`,
      { id: laoCaiPlan },
      as['laocai.viewer'],
    );
    expect(all.sqlCount - without.sqlCount).toBeLessThanOrEqual(2);
  });
});
