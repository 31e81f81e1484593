/**
 * Diagnostics: the CPU one operation costs the product's process (server and its HTTP client in
 * one process, PostgreSQL apart), as user+system CPU time per request, which a busy machine
 * disturbs far less than wall time. Sequential requests over HTTP, as in the load run at c=1.
 * Usage (under the benchmark lock): node --import tsx [--cpu-prof] tests/bench/profile.ts O3 [requests]
 */
import 'reflect-metadata';
import { inProcessBench } from './bench.js';
import { OPS } from './ops.js';

const id = process.argv[2] ?? 'O3';
const requests = Number(process.argv[3] ?? 400);
const { ctx, stop } = await inProcessBench({ exposeSqlCount: true });
const op = OPS.find((o) => o.id === id)!;
for (let i = 0; i < 50; i++) await op.gql(ctx, 0); // warm-up
const cpu: number[] = [];
const wall: number[] = [];
let sql = 0;
for (let i = 0; i < requests; i++) {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const r = await op.gql(ctx, 0);
  wall.push(performance.now() - w0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  sql = (r as { sql: number }).sql;
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`${id}: ${requests} requests, ${sql} statements; CPU p50 ${median(cpu).toFixed(2)} ms, wall p50 ${median(wall).toFixed(2)} ms`);
await stop();
process.exit(0);
