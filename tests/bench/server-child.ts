/**
 * The product's server for the benchmark, in its own process, on production settings (the same
 * boot() as `npm start`, NODE_ENV=production), with the x-sql-count header. Prints "LISTENING <url>".
 */
import 'reflect-metadata';
import { boot } from '../../api/src/boot.js';
import { loadConfig } from '../../api/src/config.js';

const app = await boot(loadConfig({ ...process.env, DATABASE_URL: process.env.BENCH_PG_URL, PORT: '0', NODE_ENV: 'production' }), {
  seed: false,
  exposeSqlCount: true,
});
// The serving role's URL first: the replica run (--replica) starts a second server with it.
console.log(`APP_DATABASE_URL ${app.appDatabaseUrl}`);
console.log(`LISTENING ${app.server.url}`);
process.on('message', (m) => {
  if (m === 'rss' && process.send) process.send({ rss: process.memoryUsage().rss });
  // CPU time used so far, in µs (tests/bench/ab.ts: CPU per request, steadier than latency on a busy machine).
  if (m === 'cpu' && process.send) {
    const { user, system } = process.cpuUsage();
    process.send({ cpu: user + system });
  }
});
process.on('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
