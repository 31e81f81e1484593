/**
 * `npm run bench`: the national-scale benchmark (issue 7).
 *
 *  1. the data set: the whole country in both shapes with a national plan derived down every
 *     branch, generated into .data/bench/ (reused while the generator version and seed match);
 *  2. the product's server in a child process on production settings, PostGraphile v5 in another,
 *     both over that database; the load generator and the raw-SQL floor in this process;
 *  3. every operation at concurrency 1, 8 and 32; SQL statements per operation; server RSS
 *     before and after 10,000 requests;
 *  4. a markdown table on stdout and in tests/bench/results/latest.md, JSON in
 *     tests/bench/results/<date>.json, and the table in README.md under "Benchmark".
 *
 * Options: --quick (fewer requests), --only O1,O3 (subset), --no-pgl (skip PostGraphile),
 * --replica (O1 and O2 again through a server that reads from a streaming replica).
 * Loopback only: every request goes to 127.0.0.1.
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../../api/src/config.js';
import { runBench, resolveContext, unitsOf, type BenchResult } from './bench.js';
import { BENCH_DB, BENCH_DIR, JWT_SECRET, ensureDataset, settleAfterMigrations, startBenchDb, type Dataset } from './dataset.js';
import type { EmbeddedDatabase } from '../../api/src/core/db/embedded.js';
import { startStandby } from '../support/standby.js';
import { post } from './load.js';
import type { BenchContext } from './ops.js';
import { breakdown } from './breakdown.js';
import { child } from './children.js';
import { O1_PGL_FUNCTION } from './ops.js';
import { evaluate, markdown, mergeRun, type Report } from './report.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only =
  args
    .find((a) => a.startsWith('--only'))
    ?.split('=')[1]
    ?.split(',') ?? (args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined);
const t0 = Date.now();
const log = (m: string) => console.log(`[bench +${Math.round((Date.now() - t0) / 1000)}s] ${m}`);

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

/** `--render <results.json>`: the markdown again from a stored run (after editing the notes). */
function render(file: string) {
  let report = JSON.parse(fs.readFileSync(file, 'utf8')) as Report;
  // A subset run is shown inside the last full run's table, as when it was measured.
  const full = /-only-/.test(file) ? lastFullRun(path.dirname(file)) : null;
  if (full) report = mergeRun(full, report, path.basename(file));
  const md = markdown(report, evaluate(report));
  fs.writeFileSync(path.join(REPO_ROOT, 'tests', 'bench', 'results', 'latest.md'), `${md}\n`);
  if (!report.quick) updateReadme(md);
  console.log(md);
}

async function main() {
  const renderFrom = args.indexOf('--render');
  if (renderFrom >= 0) return render(args[renderFrom + 1]);
  const dataset: Dataset = await ensureDataset(log);
  const loadBefore = os.loadavg().map((x) => Math.round(x * 10) / 10);
  const { embedded, url } = await startBenchDb();
  const children: ChildProcess[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 40 });
  pool.on('error', (e) => log(`pool: ${e.message}`));
  try {
    const pgVersion = (await pool.query(`show server_version`)).rows[0].server_version as string;
    const app = await child('server-child.ts', { BENCH_PG_URL: url, KEHOACH_JWT_SECRET: JWT_SECRET, NODE_ENV: 'production' });
    children.push(app.proc);
    log(`product server (production settings) at ${app.url}`);
    await settleAfterMigrations(pool, log);
    let pglUrl: string | null = null;
    let pglRss: (() => Promise<number>) | undefined;
    if (!args.includes('--no-pgl')) {
      try {
        await pool.query(O1_PGL_FUNCTION);
        const pgl = await child('postgraphile-child.ts', { BENCH_PG_URL: url });
        children.push(pgl.proc);
        pglUrl = pgl.url;
        pglRss = pgl.rss;
        log(`PostGraphile v5 at ${pgl.url}`);
      } catch (e) {
        log(`PostGraphile did not start: ${(e as Error).message}`);
      }
    }
    const t = dataset.targets;
    const ctx = await resolveContext(pool, app.url, pglUrl, unitsOf(dataset));
    const result: BenchResult = await runBench(ctx, {
      concurrencies: [1, 8, 32],
      maxRequests: quick ? 300 : 4000,
      maxSeconds: quick ? 2 : 5,
      warmup: quick ? 5 : 30,
      rssRequests: quick ? 1000 : 10_000,
      serverRss: app.rss,
      pglRss,
      log,
      only,
    });
    let breakdownResult: Record<string, Record<string, number>> | undefined;
    if (!args.includes('--no-breakdown')) {
      log('stage breakdown (in-process, one request at a time)');
      const p50 = (list: { concurrency: number; p50: number }[]) => list.find((x) => x.concurrency === 1)?.p50 ?? NaN;
      if (!app.appDatabaseUrl) throw new Error('the server did not say its serving role URL');
      breakdownResult = await breakdown(
        app.appDatabaseUrl,
        JWT_SECRET,
        ctx,
        Object.fromEntries(result.ops.map((o) => [o.id, p50(o.gql)])),
        Object.fromEntries(result.ops.map((o) => [o.id, p50(o.floor)])),
        quick ? 5 : 30,
        only,
      );
    }
    const replica =
      args.includes('--replica') && app.appDatabaseUrl
        ? await replicaRun(embedded, url, app.appDatabaseUrl, ctx, quick, children)
        : undefined;
    const report = {
      at: new Date().toISOString(),
      machine: { ...machine(), postgres: pgVersion },
      dataset: {
        seed: dataset.seed,
        generatorVersion: dataset.version,
        generatedSeconds: dataset.generated.seconds,
        plans: dataset.generated.plans,
        nodes: dataset.generated.nodes,
        byStatus: dataset.generated.byStatus,
        sizes: dataset.sizes,
        targets: Object.fromEntries(Object.entries(t).map(([k, u]) => [k, `${u.name} (${u.code})`])),
      },
      quick,
      loadAverage: { before: loadBefore, after: os.loadavg().map((x) => Math.round(x * 10) / 10) },
      ...result,
      breakdown: breakdownResult,
      replica,
    };
    const evaluation = evaluate(report);
    const md = markdown(report, evaluation);
    console.log(`\n${md}`);
    const dir = path.join(REPO_ROOT, 'tests', 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const stamp = report.at.slice(0, 19).replace(/[:T]/g, '-');
    if (!only) {
      fs.writeFileSync(path.join(dir, `${stamp}${quick ? '-quick' : ''}.json`), JSON.stringify({ ...report, evaluation }, null, 2));
      fs.writeFileSync(path.join(dir, 'latest.md'), `${md}\n`);
      if (!quick) updateReadme(md);
      log(`results written to ${path.relative(REPO_ROOT, dir)} (data set in ${path.relative(REPO_ROOT, BENCH_DIR)})`);
    } else if (!quick) {
      // A subset run: its JSON, and its rows put into the last full run's table (README, latest.md).
      const file = `${stamp}-only-${only.join('-')}.json`;
      fs.writeFileSync(path.join(dir, file), JSON.stringify({ ...report, evaluation }, null, 2));
      const full = lastFullRun(dir);
      if (full) {
        const merged = mergeRun(full, report as Report, file);
        const mergedMd = markdown(merged, evaluate(merged));
        fs.writeFileSync(path.join(dir, 'latest.md'), `${mergedMd}\n`);
        updateReadme(mergedMd);
      }
      log(`results written to ${path.relative(REPO_ROOT, dir)}/${file}${full ? ', and into the last full run’s table' : ''}`);
    }
  } catch (e) {
    // Said before the clean-up: stopping the server can end in-flight requests with their own errors.
    log(`failed: ${(e as Error).stack ?? e}`);
    throw e;
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await pool.end();
    await embedded.stop();
  }
}

/**
 * `--replica`: a streaming replica of the data set (a base backup copied while the primary runs,
 * tests/support/standby.ts), a second product server given it in DATABASE_REPLICA_URLS, and the
 * reads that tolerate lag — O1 and O2 — measured through it, beside their floor run on the replica
 * (docs/SCALING.md, "Read replicas"). Everything shares the same 2 cores here, so this shows that
 * replica reads cost what primary reads cost, not the capacity a replica on its own machine adds.
 */
async function replicaRun(
  primary: EmbeddedDatabase,
  primaryUrl: string,
  appDatabaseUrl: string,
  ctx: BenchContext,
  quick: boolean,
  children: ChildProcess[],
): Promise<Report['replica']> {
  const dir = path.join(REPO_ROOT, '.data', 'bench-replica');
  fs.rmSync(dir, { recursive: true, force: true });
  const started = Date.now();
  log('streaming replica: base backup of the data set…');
  const standby = await startStandby(primary, dir);
  const readySeconds = Math.round((Date.now() - started) / 100) / 10;
  log(`streaming replica ready (${readySeconds} s)`);
  const role = new URL(appDatabaseUrl);
  const superuser = decodeURIComponent(new URL(primaryUrl).password);
  const replicaPool = new pg.Pool({ connectionString: standby.url(BENCH_DB, 'postgres', superuser), max: 40 });
  replicaPool.on('error', (e) => log(`replica pool: ${e.message}`));
  try {
    const server = await child('server-child.ts', {
      BENCH_PG_URL: primaryUrl,
      DATABASE_APP_URL: appDatabaseUrl,
      DATABASE_REPLICA_URLS: standby.url(BENCH_DB, decodeURIComponent(role.username), decodeURIComponent(role.password)),
      KEHOACH_JWT_SECRET: JWT_SECRET,
      NODE_ENV: 'production',
    });
    children.push(server.proc);
    // The reads must really be served by the replica, or the figures would be the primary's again.
    const probe = await post(`${server.url}/graphql`, JSON.stringify({ query: '{ me { id } }' }), {
      authorization: `Bearer ${ctx.viewerToken}`,
    });
    const servedBy = String(probe.headers['x-kehoach-served-by'] ?? 'unknown');
    if (!servedBy.startsWith('replica')) throw new Error(`a read through the replica server was served by ${servedBy}`);
    const lag = (await replicaPool.query(`select coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp()), 0)::float as s`))
      .rows[0].s;
    const result = await runBench(
      { ...ctx, appUrl: server.url, pool: replicaPool, pglUrl: null },
      {
        concurrencies: [1, 8, 32],
        maxRequests: quick ? 300 : 4000,
        maxSeconds: quick ? 2 : 5,
        warmup: quick ? 5 : 30,
        rssRequests: 0,
        log: (m) => log(`replica: ${m}`),
        only: ['O1', 'O2'],
      },
    );
    server.proc.kill('SIGTERM');
    return { readySeconds, servedBy, lagSeconds: Math.round(lag * 10) / 10, ops: result.ops };
  } finally {
    await replicaPool.end();
    await standby.stop();
  }
}

/** The newest full run stored in tests/bench/results/ (neither quick nor a subset). */
function lastFullRun(dir: string): Report | null {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\.json$/.test(f))
    .sort();
  return files.length ? (JSON.parse(fs.readFileSync(path.join(dir, files.at(-1)!), 'utf8')) as Report) : null;
}

/** Replaces (or appends) the "Benchmark" section of README.md. */
function updateReadme(md: string) {
  const file = path.join(REPO_ROOT, 'README.md');
  const text = fs.readFileSync(file, 'utf8');
  const section = `## Benchmark\n\n${md.replace(/^# .*\n+/, '')}\n`;
  const start = text.search(/^## Benchmark\s*$/m);
  if (start < 0) {
    fs.writeFileSync(file, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  const rest = text.slice(start + 1);
  const next = rest.search(/^## /m);
  fs.writeFileSync(file, text.slice(0, start) + section + (next >= 0 ? `\n${rest.slice(next)}` : ''));
}

await main();
process.exit(0);
