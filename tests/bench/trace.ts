/**
 * Diagnostics: the SQL statements one operation runs in-process, each with its time (warm, median
 * of 5). Usage: node --import tsx tests/bench/trace.ts O1
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { openOrm } from '../../api/src/core/db/orm.js';
import { createLoaders, createSchema } from '../../api/src/app.js';
import { resolvePrincipal } from '../../api/src/modules/auth/principal.js';
import { createTokenSigner } from '../../api/src/modules/auth/tokens.js';
import { inProcessBench } from './bench.js';
import { JWT_SECRET } from './dataset.js';
import { OPS, transport } from './ops.js';

const require = createRequire(import.meta.url);
const graphql = require('graphql') as typeof import('graphql');
const id = process.argv[2] ?? 'O1';
const { url, pool, ctx, stop } = await inProcessBench();
const op = OPS.find((o) => o.id === id)!;
const captured: { query: string; variables: Record<string, unknown>; token?: string }[] = [];
const orig = transport.post;
transport.post = async (u, q, v, tok) => {
  captured.push({ query: q, variables: v, token: tok });
  return orig(u, q, v, tok);
};
const r0 = await op.gql(ctx, 0);
if (op.after) await op.after(ctx, r0);
transport.post = orig;
const orm = await openOrm(url);
const signer = createTokenSigner(JWT_SECRET, 3600);
const schema = await createSchema({ signer });
const proto = Object.getPrototypeOf(orm.em) as { execute: (...a: unknown[]) => Promise<unknown> };
const exec = proto.execute;
let log: { sql: string; ms: number }[] = [];
proto.execute = async function (this: unknown, ...a: unknown[]) {
  const s = performance.now();
  try {
    return await exec.apply(this, a);
  } finally {
    log.push({ sql: String(a[0]).replace(/\s+/g, ' ').slice(0, 110), ms: performance.now() - s });
  }
};
const runs: { sql: string; ms: number }[][] = [];
for (let i = 0; i < 6; i++) {
  log = [];
  let created: unknown;
  for (const req of captured) {
    const em = orm.em.fork();
    const principal = await resolvePrincipal(em, signer, req.token ? `Bearer ${req.token}` : undefined, undefined);
    const v = req.variables as any;
    if (v.i?.nodeId && v.i.version !== undefined)
      v.i.version = (await pool.query('select version from plan_node where id = $1', [v.i.nodeId])).rows[0].version;
    const res = await graphql.execute({
      schema,
      document: graphql.parse(req.query),
      variableValues: v,
      contextValue: { em, principal, loaders: createLoaders(em), requestId: crypto.randomUUID() },
    });
    if (res.errors) throw res.errors[0];
    created = res.data;
  }
  if (op.after) await op.after(ctx, { data: created });
  if (i > 0) runs.push(log);
}
const n = runs[0].length;
for (let k = 0; k < n; k++) {
  const ms = runs.map((r) => r[k]?.ms ?? 0).sort((a, b) => a - b)[2];
  console.log(`${ms.toFixed(2).padStart(7)} ms  ${runs[0][k].sql}`);
}
await orm.close(true);
await stop();
process.exit(0);
