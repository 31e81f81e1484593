/**
 * This checkout's server against another checkout's, on the benchmark data set, one request at a
 * time and interleaved: each round sends the operation to one server, then the other (the order
 * alternates), then runs the raw-SQL floor, so that all three see the same machine load. On a
 * machine shared with other work, the ratios of one such run compare two versions where the
 * absolute figures of two separate runs cannot. Beside latency, the CPU time each request took in
 * its server and in the PostgreSQL sessions serving it (from /proc: same machine only), which a
 * busy machine disturbs far less than the time requests wait for a core.
 *
 * Usage, under the benchmark's lock and with the data set ready (README, "Benchmark"):
 *   git worktree add /tmp/base main   # or: git archive main | tar -x -C /tmp/base (and link node_modules)
 *   flock /tmp/kehoach-bench.lock npm run bench:ab -- --base /tmp/base --only O4a,O4b [--rounds 500]
 * Both servers run their own code on the same database (migrations: the base's must be a prefix
 * of this checkout's). Read operations only (O1–O5, O9, O10).
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../../api/src/config.js';
import { resolveContext, unitsOf } from './bench.js';
import { child } from './children.js';
import { JWT_SECRET, readDataset, settleAfterMigrations, startBenchDb } from './dataset.js';
import { percentile } from './load.js';
import { OPS } from './ops.js';

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const base = arg('--base');
if (!base) throw new Error('--base <directory of the other checkout> is required');
const only = (arg('--only') ?? 'O4a,O4b').split(',');
const rounds = Number(arg('--rounds') ?? 500);
const dataset = readDataset();
if (!dataset) throw new Error('the benchmark data set is not ready (npm run bench generates it)');

const { embedded, url } = await startBenchDb();
const pool = new pg.Pool({ connectionString: url, max: 4 });
pool.on('error', () => {}); // the database stops first at the end
// One data folder for both: each boot sets the serving role's password from the file kept there.
const env = { BENCH_PG_URL: url, KEHOACH_JWT_SECRET: JWT_SECRET, NODE_ENV: 'production', KEHOACH_DATA_DIR: path.join(REPO_ROOT, '.data') };
const servers = { base: await child('server-child.ts', env, path.resolve(base)), this: await child('server-child.ts', env) };
try {
  await settleAfterMigrations(pool, (m) => console.log(m));
  const ctx = await resolveContext(pool, servers.this.url, null, unitsOf(dataset));
  /** CPU ticks (1/100 s) of each PostgreSQL session of a server (application_name kehoach-<pid>-…). */
  const sessionTicks = async (serverPid: number) => {
    const { rows } = await pool.query(`select pid from pg_stat_activity where application_name like $1`, [`kehoach-${serverPid}-%`]);
    const ticks = new Map<number, number>();
    for (const { pid } of rows as { pid: number }[]) {
      try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ticks.set(pid, Number(fields[11]) + Number(fields[12])); // utime, stime
      } catch {
        // the session ended
      }
    }
    return ticks;
  };
  const cpuNow = async (side: 'base' | 'this') => ({ node: await servers[side].cpu(), pg: await sessionTicks(servers[side].proc.pid!) });
  const timed = async (fn: () => Promise<unknown>) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };
  for (const op of OPS.filter((o) => only.includes(o.id))) {
    const contexts = { base: { ...ctx, appUrl: servers.base.url }, this: ctx };
    const ms: Record<'base' | 'this' | 'floor', number[]> = { base: [], this: [], floor: [] };
    const sql: Record<'base' | 'this', number> = { base: 0, this: 0 };
    for (let i = 0; i < 20; i++) for (const side of ['base', 'this'] as const) await op.gql(contexts[side], 0); // warm-up
    const cpu0 = { base: await cpuNow('base'), this: await cpuNow('this') };
    for (let i = 0; i < rounds; i++) {
      for (const side of i % 2 === 0 ? (['base', 'this'] as const) : (['this', 'base'] as const)) {
        let result: unknown;
        ms[side].push(await timed(async () => (result = await op.gql(contexts[side], 0))));
        sql[side] = (result as { sql: number }).sql;
      }
      ms.floor.push(await timed(() => op.floor(ctx, 0)));
    }
    const cpu1 = { base: await cpuNow('base'), this: await cpuNow('this') };
    const cpuPerRequest = (side: 'base' | 'this') => {
      let ticks = 0;
      for (const [pid, t] of cpu1[side].pg) ticks += t - (cpu0[side].pg.get(pid) ?? 0);
      return { node: (cpu1[side].node - cpu0[side].node) / rounds / 1000, pg: (ticks * 10) / rounds };
    };
    const p = (xs: number[], q: number) =>
      percentile(
        [...xs].sort((a, b) => a - b),
        q,
      );
    const floor = p(ms.floor, 50);
    const line = (side: 'base' | 'this') =>
      `${side.padEnd(5)} p50 ${p(ms[side], 50).toFixed(2)} ms, p90 ${p(ms[side], 90).toFixed(2)} ms, ${sql[side]} statements, ` +
      `${(p(ms[side], 50) / floor).toFixed(2)}× floor, ${(p(ms[side], 50) - floor).toFixed(2)} ms above it; ` +
      `CPU per request: server ${cpuPerRequest(side).node.toFixed(2)} ms, PostgreSQL ${cpuPerRequest(side).pg.toFixed(2)} ms`;
    console.log(`${op.id} (${rounds} rounds; floor p50 ${floor.toFixed(2)} ms)\n  ${line('base')}\n  ${line('this')}`);
  }
} finally {
  for (const s of Object.values(servers)) s.proc.kill('SIGTERM');
  await pool.end();
  await embedded.stop();
}
process.exit(0);
