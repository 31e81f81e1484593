import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/env.js';
import { runBench, resolveContext, type BenchResult } from '../bench/bench.js';
import { breakdown } from '../bench/breakdown.js';
import { child } from '../bench/children.js';
import { generate, type GenerateOptions, type GenerateResult } from '../bench/generate.js';
import { evaluate, markdown, type Report } from '../bench/report.js';
import { snapshot, type Snapshot } from '../bench/snapshot.js';
import { gqlClient } from '../bench/write-path.js';
import { O10_FLOOR_SQL, O1_PGL_FUNCTION, O9_FLOOR_SQL, gqlPost, type BenchContext } from '../bench/ops.js';
import { TEST_JWT_SECRET } from '../support/env.js';

/**
 * The benchmark harness (tests/bench) must not rot: the bulk generator writes exactly what the
 * product's write paths write (same seed, small tree, both ways, compared row by row without ids
 * and timestamps), and a tiny benchmark pass runs every operation. No timing assertions.
 */
const SMALL: Pick<GenerateOptions, 'seed' | 'scope' | 'rootSize' | 'force' | 'fillTo' | 'forceReports'> = {
  seed: 'smoke-1',
  scope: { shapes: ['old', 'new'], provinces: { old: ['10'], new: ['15'] }, maxChildren: 3 },
  rootSize: 40,
  // A little of everything in a tree this small (and the units the benchmark pass aims at).
  force: { '15@2025': 'ISSUED', '02635': 'IN_REVIEW', '082': 'DRAFT', '083': 'ISSUED' },
  fillTo: { '083': 60 },
};

let viaGraphql: TestEnv;
let bulk: TestEnv;
let a: Snapshot;
let b: Snapshot;
let genA: GenerateResult;
let genB: GenerateResult;

async function dump(env: TestEnv, g: GenerateResult) {
  const db = new pg.Client({ connectionString: env.app.databaseUrl });
  await db.connect();
  try {
    return await snapshot(db, Object.values(g.roots));
  } finally {
    await db.end();
  }
}

let emptyCommune: { id: number; code: string };

beforeAll(async () => {
  [viaGraphql, bulk] = await Promise.all([createTestEnv(), createTestEnv()]);
  // The third commune of Huyện Mường Khương (083) gets no plan: the benchmark's derivePlan aims at it.
  const { rows } = await bulk.db.query(
    `select c.id, c.code from admin_unit c join admin_unit d on d.id = c.parent_id where d.code = '083' and d.valid_from is null order by c.code limit 3`,
  );
  emptyCommune = rows[2];
  SMALL.force = { ...SMALL.force, [emptyCommune.code]: 'NONE' };
  // Reports: one commune has not reported; the commune without a plan reports on its district's tasks and targets.
  SMALL.forceReports = { [rows[0].code]: 'NONE', [emptyCommune.code]: 'ON_TIME' };
  genA = await generate({ ...SMALL, databaseUrl: viaGraphql.app.databaseUrl, gql: gqlClient(viaGraphql.url), mode: 'graphql' });
  genB = await generate({ ...SMALL, databaseUrl: bulk.app.databaseUrl, gql: gqlClient(bulk.url), mode: 'bulk' });
  [a, b] = await Promise.all([dump(viaGraphql, genA), dump(bulk, genB)]);
}, 300_000);

afterAll(async () => {
  await Promise.all([viaGraphql?.stop(), bulk?.stop()]);
});

describe('bulk generator', () => {
  it('builds a tree with a mix of statuses, adaptations, omissions and local tasks', () => {
    expect(genB.plans).toBe(genA.plans);
    expect(genB.plans).toBeGreaterThan(10);
    expect(Object.keys(genB.byStatus).length).toBeGreaterThan(1);
    const prov = (b.node as { provenance: string }[]).map((n) => n.provenance);
    expect(new Set(prov)).toEqual(new Set(['INHERITED', 'ADAPTED', 'LOCAL', 'OMITTED']));
    expect(b.omission.length).toBeGreaterThan(0);
    expect(b.allocation.length).toBeGreaterThan(0);
  });

  it('writes first monthly reports of every kind, with figures rolled up the chain', () => {
    expect(genB.reports).toEqual(genA.reports);
    const reports = b.report as { status: string; first_submitted_on: string | null }[];
    expect(new Set(reports.map((r) => r.status))).toEqual(new Set(['DRAFT', 'SUBMITTED', 'ACCEPTED', 'RETURNED']));
    expect(Object.keys(genB.reports.byFate).sort()).toEqual(['DRAFT', 'LATE', 'NONE', 'ON_TIME', 'RETURNED']);
    expect(b.reportTask.length).toBeGreaterThan(reports.length);
    const rollup = b.reportRollup as { below_units: number; own_period: number | null }[];
    // A district's row sums its communes; a unit's own figure stands where it reported.
    expect(rollup.some((x) => x.below_units > 1)).toBe(true);
    expect(rollup.some((x) => x.own_period !== null)).toBe(true);
  });

  for (const table of [
    'plan',
    'legalBasis',
    'node',
    'phase',
    'target',
    'allocation',
    'milestone',
    'omission',
    'rollup',
    'numberSequence',
    'audit',
    'obligation',
    'report',
    'reportTask',
    'reportFigure',
    'reportRollup',
    'reportAudit',
  ]) {
    it(`writes the same ${table} rows as the write paths`, () => {
      expect(b[table].length).toBe(a[table].length);
      expect(b[table]).toEqual(a[table]);
    });
  }
});

describe('benchmark pass', () => {
  let result: BenchResult;
  let pgl: ChildProcess | undefined;
  let pool: pg.Pool;
  let ctx: BenchContext;

  beforeAll(async () => {
    const url = bulk.app.databaseUrl;
    pool = new pg.Pool({ connectionString: url, max: 4 });
    pool.on('error', () => {});
    await pool.query(O1_PGL_FUNCTION);
    const peer = await child('postgraphile-child.ts', { BENCH_PG_URL: url });
    pgl = peer.proc;
    ctx = await resolveContext(pool, bulk.url, peer.url, {
      provinceUnitId: await bulk.unitId('10'),
      districtUnitId: await bulk.unitId('083'),
      draftUnitId: await bulk.unitId('082'),
      emptyUnitId: emptyCommune.id,
      rootPlanId: genB.roots.old!,
    });
    result = await runBench(ctx, {
      concurrencies: [1, 2],
      maxRequests: 3,
      maxSeconds: 2,
      warmup: 1,
      rssRequests: 12,
      serverRss: async () => process.memoryUsage().rss,
      log: () => {},
    });
    const p50 = Object.fromEntries(result.ops.map((o) => [o.id, o.gql[0].p50]));
    const report: Report = {
      ...result,
      at: new Date().toISOString(),
      machine: { cpu: 'test', cores: 2, memoryGB: 1, os: 'test', node: process.version, postgres: 'test' },
      dataset: {
        seed: SMALL.seed,
        generatorVersion: 0,
        generatedSeconds: genB.seconds,
        plans: genB.plans,
        nodes: genB.nodes,
        byStatus: genB.byStatus,
        sizes: {},
        targets: {},
      },
      quick: true,
      breakdown: await breakdown(bulk.app.appDatabaseUrl, TEST_JWT_SECRET, ctx, p50, p50, 1),
    };
    result = report;
    expect(markdown(report, evaluate(report))).toContain('| O1 |');
  }, 90_000);

  afterAll(async () => {
    pgl?.kill('SIGTERM');
    await pool?.end();
  });

  it('runs every operation through GraphQL, the raw-SQL floor and PostGraphile without errors', () => {
    expect(result.ops.map((o) => o.id)).toEqual(['O1', 'O2', 'O3', 'O4a', 'O4b', 'O5', 'O7', 'O8', 'O9', 'O10']);
    for (const o of result.ops) {
      for (const s of [...o.gql, ...o.floor, ...(o.pgl ?? [])]) {
        expect(s.errors, `${o.id}: ${s.firstError}`).toBe(0);
        expect(s.requests).toBeGreaterThan(0);
      }
      expect(o.sql, o.id).toBeGreaterThan(0);
    }
    expect(result.ops.filter((o) => o.pgl).map((o) => o.id)).toEqual(['O1', 'O2', 'O3', 'O4a']);
    expect(result.rss?.requests).toBe(12);
    expect(Object.keys((result as Report).breakdown ?? {})).toEqual(['O1', 'O2', 'O3', 'O4a', 'O4b', 'O5', 'O7', 'O8', 'O9', 'O10']);
  });

  it('the floor and the peer compute the same result as the API', async () => {
    for (const o of result.ops) {
      if (o.id === 'O7' || o.id === 'O8') continue;
      expect(o.rows.floor, o.id).toBe(o.rows.gql);
    }
    const row = (id: string) => result.ops.find((o) => o.id === id)!.rows;
    // PostGraphile filters by province_id: the province's own plans are on its list too.
    const own = (await bulk.db.query(`select count(*)::int n from plan where unit_id = $1`, [await bulk.unitId('10')])).rows[0].n;
    expect(row('O2').pgl).toBe(row('O2').gql + own);
    expect(row('O1').pgl).toBe(row('O1').gql);
    expect(row('O3').pgl).toBe(row('O3').gql);
    expect(row('O4a').pgl).toBe(row('O4a').gql);
    expect(row('O3').gql).toBe(60);
  });

  it("O9's and O10's floors give the API's answer: the same rows, statuses and figures", async () => {
    // Numbers from numeric (SQL) and float8 (API) compared to 6 decimals; unit ids as the API's ID strings.
    const norm = (x: unknown): unknown =>
      JSON.parse(JSON.stringify(x), (k, v) => (typeof v === 'number' && k !== 'depth' ? Math.round(v * 1e6) / 1e6 : v));
    const page = await gqlPost(ctx.appUrl, ctx.rollupQuery, { milestoneId: ctx.rollupMilestoneId, first: 50 }, ctx.viewerToken);
    const floor = (await pool.query(O9_FLOOR_SQL, [ctx.rollupMilestoneId, ctx.provinceUnit.path, ctx.today])).rows[0].result;
    const api = page.data.reportRollup;
    expect(api.nodes.length).toBeGreaterThan(3);
    expect(floor.total).toBe(api.totalCount);
    expect(norm(floor.rows.map((r: any) => ({ ...r, unit: { ...r.unit, id: String(r.unit.id) } })))).toEqual(
      norm(api.nodes.map((n: any) => ({ ...n.obligation, targets: n.targets }))),
    );
    // Both depths, and figures achieved at both.
    expect(new Set(api.nodes.map((n: any) => n.obligation.depth))).toEqual(new Set([1, 2]));
    expect(api.nodes.some((n: any) => n.obligation.depth === 2 && n.targets.some((t: any) => t.achieved !== null))).toBe(true);

    const summary = (await gqlPost(ctx.appUrl, ctx.rollupSummaryQuery, { milestoneId: ctx.rollupMilestoneId }, ctx.viewerToken)).data
      .reportRollupSummary;
    const f10 = (await pool.query(O10_FLOOR_SQL, [ctx.rollupMilestoneId, ctx.provinceUnit.path, ctx.today])).rows[0].result;
    const byCompliance = (list: { compliance: string; count: number }[]) =>
      [...list].sort((a, b) => (a.compliance < b.compliance ? -1 : 1));
    expect(f10.units).toBe(summary.units);
    expect(byCompliance(f10.byCompliance)).toEqual(byCompliance(summary.byCompliance));
    expect(norm(f10.targets)).toEqual(norm(summary.targets));
  });
});
