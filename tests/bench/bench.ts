/**
 * One benchmark pass: every operation through the product's HTTP server, as raw SQL (the floor)
 * and through PostGraphile where it applies, at each concurrency; SQL statements per operation;
 * server RSS before and after a run of mixed requests. Used by run.ts (national data set) and by
 * the smoke test (small tree, a handful of requests, no timing assertions).
 */
import pg from 'pg';
import { boot } from '../../api/src/boot.js';
import { loadConfig } from '../../api/src/config.js';
import { JWT_SECRET, readDataset, settleAfterMigrations, startBenchDb, type Dataset } from './dataset.js';
import type { DocumentNode } from 'graphql';
import { print } from 'graphql';
import { searchKey, todayInVietnam } from '../../api/src/core/text.js';
import { runLoad, type LoadStats } from './load.js';
import { OPS, exportProbe, seedO7Versions, type BenchContext } from './ops.js';
import { gqlClient } from './write-path.js';

export interface BenchUnits {
  provinceUnitId: number;
  districtUnitId: number;
  draftUnitId: number;
  emptyUnitId: number;
  rootPlanId: string;
}

/** The units and plan a generated data set aims the operations at. */
export function unitsOf(dataset: Dataset): BenchUnits {
  const t = dataset.targets;
  return {
    provinceUnitId: t.province.id,
    districtUnitId: t.district.id,
    draftUnitId: t.draftCommune.id,
    emptyUnitId: t.emptyCommune.id,
    rootPlanId: dataset.generated.roots.old!,
  };
}

/**
 * The diagnostics' setup (profile.ts, trace.ts): the data set's database, the product's server in
 * this process on production settings, a pool for the floor, and the operations' context.
 */
export async function inProcessBench(opts: { exposeSqlCount?: boolean } = {}) {
  const dataset = readDataset();
  if (!dataset) throw new Error('no benchmark data set: run `npm run bench` first');
  const { embedded, url } = await startBenchDb();
  const app = await boot(
    loadConfig({ ...process.env, DATABASE_URL: url, PORT: '0', KEHOACH_JWT_SECRET: JWT_SECRET, NODE_ENV: 'production' }),
    { seed: false, exposeSqlCount: opts.exposeSqlCount ?? false },
  );
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  await settleAfterMigrations(pool);
  const ctx = await resolveContext(pool, app.server.url, null, unitsOf(dataset));
  return {
    url,
    app,
    pool,
    ctx,
    async stop() {
      await pool.end();
      await app.stop();
      await embedded.stop();
    },
  };
}

export interface OpResult {
  id: string;
  name: string;
  sql: number;
  bytes: number;
  rows: { gql: number; floor: number; pgl?: number };
  gql: LoadStats[];
  floor: LoadStats[];
  pgl?: LoadStats[];
  note?: string;
}

export interface BenchResult {
  ops: OpResult[];
  o6: { available: boolean; note: string; runs?: { seconds: number; bytes: number; lines: number }[] };
  rss?: { requests: number; beforeMB: number; afterMB: number; pglBeforeMB?: number; pglAfterMB?: number };
  context: Record<string, unknown>;
}

/** Finds the plans and nodes the operations aim at, signs in, and resets what earlier runs changed. */
export async function resolveContext(pool: pg.Pool, appUrl: string, pglUrl: string | null, u: BenchUnits): Promise<BenchContext> {
  const one = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows[0];
  const planOf = async (unitId: number) =>
    (
      await one(
        `select p.id from plan p join plan_rollup r on r.plan_id = p.id where p.unit_id = $1 and r.lineage @> array[$2::uuid] order by p.created_at limit 1`,
        [unitId, u.rootPlanId],
      )
    )?.id as string;
  const provincePlanId = await planOf(u.provinceUnitId);
  const districtPlanId = await planOf(u.districtUnitId);
  const draftPlanId = await planOf(u.draftUnitId);
  if (!provincePlanId || !districtPlanId || !draftPlanId) throw new Error('benchmark plans not found in the data set');
  // Leftovers of an interrupted run: a plan derived for the empty unit, edited texts of the draft.
  await pool.query(`delete from plan where unit_id = $1`, [u.emptyUnitId]);
  await pool.query(`update plan_node set text = left(text, -7) where plan_id = $1 and text like '% (sửa)'`, [draftPlanId]);
  await pool.query(
    `update plan_node set provenance = case when derived_from_node_id is null then 'LOCAL'
       when jsonb_build_object('kind', kind, 'label', label, 'text', text, 'task', task) = source_snapshot then 'INHERITED' else 'ADAPTED' end
     where plan_id = $1`,
    [draftPlanId],
  );
  const nodes = (
    await pool.query(
      `select id, text from plan_node where plan_id = $1 and kind = 'BULLET' and derived_from_node_id is not null order by id limit 32`,
      [draftPlanId],
    )
  ).rows as { id: string; text: string }[];
  const province = await one(`select id, path::text as path from admin_unit where id = $1`, [u.provinceUnitId]);
  const tasks = Number((await one(`select count(*) as n from plan_node where plan_id = $1 and task is not null`, [provincePlanId])).n);
  // O9/O10: the province plan's first monthly report, followed on the portal's page with its own queries.
  const milestone = await one(`select id from plan_milestone where plan_id = $1 and kind = 'RESULT_REPORT' order by position limit 1`, [
    provincePlanId,
  ]);
  const portal = await import('../../portal/src/reports/reports.graphql.js');
  const gql = gqlClient(appUrl);
  const names = (id: number) => ({ viewer: `b${id}.viewer`, editor: `b${id}.editor` });
  const ctx: BenchContext = {
    appUrl,
    pglUrl,
    pool,
    viewerToken: await gql.login(names(u.provinceUnitId).viewer),
    draftEditorToken: await gql.login(names(u.draftUnitId).editor),
    emptyEditorToken: await gql.login(names(u.emptyUnitId).editor),
    provincePlanId,
    provinceUnit: { id: province.id, path: province.path },
    districtPlanId,
    draftPlanId,
    draftNodes: nodes,
    emptyUnitId: u.emptyUnitId,
    matrixUnits: Math.max(1, Math.min(100, Math.round(2000 / Math.max(1, tasks)))),
    searchText: searchKey('Sơn'),
    rollupMilestoneId: milestone?.id,
    rollupQuery: print(portal.REPORT_ROLLUP as DocumentNode),
    rollupSummaryQuery: print(portal.REPORT_ROLLUP_SUMMARY as DocumentNode),
    today: todayInVietnam(),
  };
  // Versions of the nodes O7 edits: its edits start from them (the diagnostics' too: trace.ts, profile.ts).
  const { rows } = await pool.query(`select id, version from plan_node where id = any($1::uuid[])`, [nodes.map((n) => n.id)]);
  for (const r of rows) o7VersionsSeed.set(r.id, r.version);
  seedO7Versions(o7VersionsSeed);
  return ctx;
}

export const o7VersionsSeed = new Map<string, number>();

export interface BenchOptions {
  concurrencies: number[];
  maxRequests: number;
  maxSeconds: number;
  warmup: number;
  /** Requests of the RSS phase (0: skip). */
  rssRequests: number;
  serverRss?: () => Promise<number>;
  pglRss?: () => Promise<number>;
  log: (m: string) => void;
  only?: string[];
}

export async function runBench(ctx: BenchContext, o: BenchOptions): Promise<BenchResult> {
  seedO7Versions(o7VersionsSeed);
  const results: OpResult[] = [];
  const rss0 = o.serverRss ? await o.serverRss() : 0;
  for (const op of OPS) {
    if (o.only && !o.only.includes(op.id)) continue;
    const probe: any = await op.gql(ctx, 0);
    if (op.after) await op.after(ctx, probe);
    const fl: any = await op.floor(ctx, 0);
    if (op.after) await op.after(ctx, fl);
    const pg = op.pgl && ctx.pglUrl ? await op.pgl(ctx) : undefined;
    const rows = {
      gql: op.size?.('gql', probe) ?? -1,
      floor: op.size?.('floor', fl) ?? -1,
      ...(pg ? { pgl: op.size?.('pgl', pg) ?? -1 } : {}),
    };
    const r: OpResult = {
      id: op.id,
      name: op.name,
      sql: probe.sql,
      bytes: probe.bytes,
      rows,
      gql: [],
      floor: [],
      ...(pg ? { pgl: [] } : {}),
    };
    for (let i = 0; i < o.warmup; i++) {
      const a = await op.gql(ctx, 0);
      if (op.after) await op.after(ctx, a);
      const b = await op.floor(ctx, 0);
      if (op.after) await op.after(ctx, b);
      if (pg) await op.pgl!(ctx);
    }
    for (const c of o.concurrencies) {
      if (op.maxConcurrency && c > op.maxConcurrency) continue;
      const common = { concurrency: c, maxRequests: o.maxRequests, maxSeconds: o.maxSeconds };
      const after = op.after ? (_w: number, res: unknown) => op.after!(ctx, res) : undefined;
      r.gql.push(await runLoad((w) => op.gql(ctx, w), { ...common, after }));
      r.floor.push(await runLoad((w) => op.floor(ctx, w), { ...common, after }));
      if (pg) r.pgl!.push(await runLoad(() => op.pgl!(ctx), common));
      const g = r.gql.at(-1)!;
      o.log(
        `${op.id} c=${c}: GraphQL p50 ${g.p50} ms, ${g.rps} req/s${g.errors ? ` (${g.errors} errors: ${g.firstError})` : ''}; floor p50 ${r.floor.at(-1)!.p50} ms` +
          (pg ? `; PostGraphile p50 ${r.pgl!.at(-1)!.p50} ms, ${r.pgl!.at(-1)!.rps} req/s` : ''),
      );
    }
    results.push(r);
  }

  // O6: the streaming export, when the endpoint exists (and asked for: `--only` names it).
  let o6: BenchResult['o6'] = { available: false, note: 'not yet available (GET /api/export/plans.ndjson is not served)' };
  const skip = (id: string) => !!o.only && !o.only.includes(id);
  const probe = skip('O6') ? null : await exportProbe(ctx.appUrl, ctx.viewerToken, ctx.provinceUnit.id);
  if (skip('O6')) o6 = { available: false, note: 'not measured in this run' };
  if (probe && probe.status === 200) {
    const runs = [];
    for (let i = 0; i < Math.max(1, Math.min(5, o.warmup)); i++) {
      const t = performance.now();
      const p = await exportProbe(ctx.appUrl, ctx.viewerToken, ctx.provinceUnit.id);
      runs.push({ seconds: Math.round(performance.now() - t) / 1000, bytes: p!.bytes, lines: p!.lines });
    }
    o6 = { available: true, note: `whole province, ${runs[0].lines} plans`, runs };
  } else if (probe) {
    o6 = { available: false, note: `export answered HTTP ${probe.status}` };
  }

  // RSS before and after a run of mixed read requests.
  let rss: BenchResult['rss'];
  // RSS over mixed reads: in full runs only (a subset run measures its operations, nothing else).
  if (o.rssRequests && o.serverRss && !o.only) {
    const reads = OPS.filter((x) => ['O1', 'O2', 'O3', 'O4a', 'O4b', 'O5'].includes(x.id));
    const before = await o.serverRss();
    const pglBefore = o.pglRss ? await o.pglRss() : undefined;
    const stats = await runLoad((w, i) => reads[i % reads.length].gql(ctx, w), {
      concurrency: 8,
      maxRequests: o.rssRequests,
      maxSeconds: 600,
    });
    const after = await o.serverRss();
    rss = {
      requests: stats.requests,
      beforeMB: Math.round(before / 1048576),
      afterMB: Math.round(after / 1048576),
      ...(o.pglRss ? { pglBeforeMB: Math.round(pglBefore! / 1048576), pglAfterMB: Math.round((await o.pglRss()) / 1048576) } : {}),
    };
    o.log(`RSS: ${rss.beforeMB} MB before, ${rss.afterMB} MB after ${stats.requests} requests (${Math.round(rss0 / 1048576)} MB at start)`);
  }
  return {
    ops: results,
    o6,
    rss,
    context: { matrixUnits: ctx.matrixUnits, searchText: ctx.searchText, startRssMB: Math.round(rss0 / 1048576) },
  };
}
