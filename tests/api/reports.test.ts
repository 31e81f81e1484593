import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  provinceMilestone = await scalar(`select id from plan_milestone where plan_id = $1 and kind = 'RESULT_REPORT' order by position limit 1`, [
    laoCaiPlan,
  ]);
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
