/**
 * Where a request's time goes, measured in-process on the same database (one request at a time),
 * as the server runs it: as the serving role, under row-level security, in one transaction with
 * the caller set (measured as the owner, the SQL left out the cost of the policies — for the
 * roll-up pages most of what was put down to "HTTP & Apollo"):
 *  - SQL: wall time with at least one statement in flight through MikroORM (driver and row parsing),
 *    the caller's statement (which sets it for row-level security) included;
 *  - execution: the rest of GraphQL execution (type-graphql resolvers, loaders, shaping rows);
 *  - serialisation: JSON.stringify of the result;
 * the remainder of the HTTP p50 is Apollo's pipeline (parse, validate, limits), Express and HTTP.
 */
import 'reflect-metadata';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type { MikroORM } from '@mikro-orm/postgresql';
import { foldBegins } from '../../api/src/core/db/begin-folding.js';
import { openOrm } from '../../api/src/core/db/orm.js';
import { createLoaders, createSchema } from '../../api/src/app.js';
import { resolvePrincipal } from '../../api/src/modules/auth/principal.js';
import { createTokenSigner } from '../../api/src/modules/auth/tokens.js';
import { percentile } from './load.js';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { OPS, seedO7Versions, type BenchContext } from './ops.js';

// type-graphql is CommonJS: use the same graphql instance it uses.
const require = createRequire(import.meta.url);
const graphql = require('graphql') as typeof import('graphql');

const compiledQueries = new Map<string, CompiledQuery | null>();

interface Captured {
  query: string;
  variables: Record<string, unknown>;
  token?: string;
}

/** Captures the GraphQL requests an operation sends (by running it against a recording stub). */
async function capture(op: (typeof OPS)[number], ctx: BenchContext): Promise<Captured[]> {
  const ops = await import('./ops.js');
  const seen: Captured[] = [];
  const original = ops.transport.post;
  ops.transport.post = async (_url, query, variables, token) => {
    seen.push({ query, variables, token });
    return original(_url, query, variables, token);
  };
  try {
    const r = await op.gql(ctx, 0);
    if (op.after) await op.after(ctx, r);
  } finally {
    ops.transport.post = original;
  }
  return seen;
}

export async function breakdown(
  /** The serving role's URL, as the server under measure uses it (its boot gave the role its password). */
  appUrl: string,
  jwtSecret: string,
  ctx: BenchContext,
  httpP50: Record<string, number>,
  floorP50: Record<string, number>,
  runs = 30,
  only?: string[],
): Promise<Record<string, Record<string, number>>> {
  // BEGIN goes with the first statement, as on the server's pools (core/db/begin-folding.ts).
  const orm: MikroORM = await openOrm(appUrl, { pool: { min: 0, max: 10 }, driverOptions: { onPoolCreated: foldBegins } });
  const signer = createTokenSigner(jwtSecret, 3600);
  const schema = await createSchema({ signer });
  const compiledFor = (text: string, document: import('graphql').DocumentNode): CompiledQuery | null => {
    if (!compiledQueries.has(text)) {
      const isQuery = document.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'query');
      const compiled = isQuery ? compileQuery(schema, document) : null;
      compiledQueries.set(text, compiled && isCompiledQuery(compiled) ? compiled : null);
    }
    return compiledQueries.get(text)!;
  };
  // SQL wall time: intervals with at least one statement in flight.
  let inFlight = 0;
  let since = 0;
  let sqlMs = 0;
  const proto = Object.getPrototypeOf(orm.em) as { execute: (...a: unknown[]) => Promise<unknown> };
  const exec = proto.execute;
  proto.execute = async function (this: unknown, ...a: unknown[]) {
    if (inFlight++ === 0) since = performance.now();
    try {
      return await exec.apply(this, a);
    } finally {
      if (--inFlight === 0) sqlMs += performance.now() - since;
    }
  };
  const out: Record<string, Record<string, number>> = {};
  try {
    for (const op of OPS) {
      if (only && !only.includes(op.id)) continue;
      const requests = await capture(op, ctx);
      const samples: { total: number; sql: number; ser: number; http: number }[] = [];
      for (let i = 0; i < runs; i++) {
        // The same request over HTTP, interleaved so both see the same machine load.
        const h = performance.now();
        const viaHttp = await op.gql(ctx, 0);
        const http = performance.now() - h;
        if (op.after) await op.after(ctx, viaHttp);
        let total = 0;
        let sql = 0;
        let ser = 0;
        let created: unknown;
        for (const req of requests) {
          const em = orm.em.fork();
          const document = graphql.parse(req.query);
          const variables = await currentVersions(ctx, req.variables);
          sqlMs = 0;
          const t = performance.now();
          await em.begin();
          let result: { data?: unknown; errors?: readonly { message: string }[] } | undefined;
          try {
            const principal = await resolvePrincipal(em, signer, req.token ? `Bearer ${req.token}` : undefined, undefined);
            const contextValue = { em, principal, loaders: createLoaders(em), requestId: crypto.randomUUID() };
            // As the server runs it (core/graphql/compiled-execution.ts): a query compiled once by
            // graphql-jit, a mutation through graphql-js.
            const compiled = compiledFor(req.query, document);
            result = compiled
              ? await compiled.query(undefined, contextValue, variables)
              : await graphql.execute({ schema, document, variableValues: variables, contextValue });
            total += performance.now() - t;
            sql += sqlMs;
          } finally {
            // Not timed: the server does not wait for a query's COMMIT either (core/http.ts).
            await (result?.errors?.length ? em.rollback() : em.commit());
          }
          if (result.errors?.length) throw new Error(`${op.id}: ${result.errors[0].message}`);
          const s = performance.now();
          JSON.stringify(result);
          ser += performance.now() - s;
          created = result.data;
        }
        if (op.after) await op.after(ctx, { data: created });
        if (op.id === 'O7') {
          // The replayed edits moved the nodes' versions on.
          const { rows } = await ctx.pool.query(`select id, version from plan_node where id = any($1::uuid[])`, [
            ctx.draftNodes.map((n) => n.id),
          ]);
          seedO7Versions(new Map(rows.map((r) => [r.id, r.version])));
        }
        samples.push({ total, sql, ser, http });
      }
      const med = (k: 'total' | 'sql' | 'ser' | 'http') =>
        percentile(
          samples.map((s) => s[k]).sort((a, b) => a - b),
          50,
        );
      const total = med('total');
      const sql = med('sql');
      const ser = med('ser');
      const http = med('http');
      void httpP50;
      out[op.id] = {
        http,
        sql,
        execution: Math.max(0, total - sql),
        serialisation: ser,
        rest: http !== undefined ? Math.max(0, http - total - ser) : NaN,
        floor: floorP50[op.id],
      };
    }
  } finally {
    proto.execute = exec;
    await orm.close(true);
  }
  return out;
}

/** Replayed edits (O7) carry the node's current version. */
async function currentVersions(ctx: BenchContext, v: Record<string, unknown>): Promise<Record<string, unknown>> {
  const input = v.i as { nodeId?: string; version?: number } | undefined;
  if (!input?.nodeId || input.version === undefined) return v;
  const { rows } = await ctx.pool.query(`select version from plan_node where id = $1`, [input.nodeId]);
  return { ...v, i: { ...input, version: rows[0].version } };
}
