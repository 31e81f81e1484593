/**
 * The peer: PostGraphile v5 (amber preset) over the same database, in its own process, with its
 * own connection pool. Prints "LISTENING <url>" when ready.
 */
import http from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const connectionString = process.env.BENCH_PG_URL!;
const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset],
  // By default only indexed columns can filter and order; O2 filters plans by province_id, which
  // has no index of its own (the product uses the ltree path). Let PostGraphile use it anyway.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  // `bench` holds the cascade as one SQL function (tests/bench/ops.ts, O1_PGL_FUNCTION).
  pgServices: [makePgService({ connectionString, schemas: ['public', 'bench'], poolConfig: { max: 20 } } as never)],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
};
const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = http.createServer();
server.on('error', (e) => {
  console.error(e);
  process.exit(1);
});
await serv.addTo(server);
const schema = await pgl.getSchema();
if (process.env.BENCH_PGL_SCHEMA_OUT) {
  const { printSchema } = await import('postgraphile/graphql');
  (await import('node:fs')).writeFileSync(process.env.BENCH_PGL_SCHEMA_OUT, printSchema(schema));
}
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  console.log(`LISTENING http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`);
});
process.on('message', (m) => {
  if (m === 'rss' && process.send) process.send({ rss: process.memoryUsage().rss });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
