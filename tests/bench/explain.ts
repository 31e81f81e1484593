/** Diagnostics: EXPLAIN ANALYZE of one statement on the benchmark database (rolled back). Usage: explain.ts "<sql>" */
import pg from 'pg';
import { startBenchDb } from './dataset.js';

const { embedded, url } = await startBenchDb();
const c = new pg.Client({ connectionString: url });
await c.connect();
try {
  await c.query('begin');
  const r = await c.query(`explain (analyze, buffers) ${process.argv[2]}`);
  for (const row of r.rows) console.log(row['QUERY PLAN']);
} finally {
  await c.query('rollback');
  await c.end();
  await embedded.stop();
}
process.exit(0);
