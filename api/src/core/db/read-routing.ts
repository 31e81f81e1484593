import { parse, type OperationDefinitionNode } from 'graphql';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { BoundedCache } from '../bounded-cache.js';
import { beginTransaction, endTransaction } from './transaction.js';

/**
 * Reads that tolerate a little lag go to read replicas (DATABASE_REPLICA_URLS); writes, and the
 * reads a client makes right after its own write, go to the primary (docs/SCALING.md, "Read
 * replicas"). No state is kept on the server for this: the answer to a mutation carries the
 * primary's WAL position after its commit in the `X-Kehoach-Lsn` header; a client that sends it
 * back on its next requests is read from a replica only once that replica has replayed that far,
 * from the primary otherwise. The portal does so; an integrator may.
 */
export const LSN_HEADER = 'x-kehoach-lsn';
const LSN = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;

export interface ReadRouting {
  primary: MikroORM;
  replicas: MikroORM[];
}

/** Which database served a request: the primary, or replica n. */
export type ServedBy = 'primary' | `replica ${number}`;

let turn = 0;

/**
 * The request's transaction: on a replica, round robin, when the request only reads and the
 * replica has replayed the position the client asked for; on the primary otherwise, and whenever
 * the replica cannot be reached (a replica down slows reads, it does not fail them).
 */
export async function beginRequestTransaction(
  routing: ReadRouting,
  readOnly: boolean,
  afterLsn: string | undefined,
): Promise<{ em: EntityManager; servedBy: ServedBy }> {
  if (readOnly && routing.replicas.length > 0) {
    const n = turn++ % routing.replicas.length;
    let em: EntityManager | null = null;
    try {
      em = await beginTransaction(routing.replicas[n]!);
      if (!afterLsn || (await caughtUp(em, afterLsn))) return { em, servedBy: `replica ${n}` };
      await endTransaction(em, false);
    } catch (e) {
      if (em) await endTransaction(em, false);
      if (process.env.KEHOACH_LOG_ERRORS !== '0')
        console.error(`[replica ${n}] unavailable, reading from the primary:`, (e as Error).message);
    }
  }
  return { em: await beginTransaction(routing.primary), servedBy: 'primary' };
}

async function caughtUp(em: EntityManager, lsn: string): Promise<boolean> {
  if (!LSN.test(lsn)) return false; // not a position we gave out: the primary answers
  const [row] = await em.execute<{ ok: boolean | null }[]>(`select pg_last_wal_replay_lsn() >= ?::pg_lsn as ok`, [lsn]);
  return row?.ok === true;
}

/** The primary's WAL position now: after a commit, a replica that has replayed it sees the write. */
export async function primaryLsn(primary: MikroORM): Promise<string> {
  const [row] = await primary.em.fork().execute<{ lsn: string }[]>(`select pg_current_wal_lsn()::text as lsn`);
  return row!.lsn;
}

/**
 * Whether a GraphQL request body only reads: every operation it may run is a query. Anything
 * unclear (no query text, a syntax error, an unknown operation name) counts as a write, so it goes
 * to the primary and Apollo reports the error there. What a document's operations are is kept per
 * text, within bounds (the portal sends the same few documents again and again; a caller sending
 * endless distinct ones only pushes out its own: docs/ARCHITECTURE.md, "What every request costs").
 */
export function onlyReads(body: unknown): boolean {
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return false;
  let operations = operationsOf.get(query);
  if (!operations) {
    operations = parseOperations(query);
    operationsOf.set(query, operations);
  }
  const chosen = typeof operationName === 'string' ? operations.filter((o) => o.name === operationName) : operations;
  return chosen.length > 0 && chosen.every((o) => o.reads);
}

/** The operations of a document, by name, and whether each is a query; none when it does not parse. */
function parseOperations(query: string): { name: string | undefined; reads: boolean }[] {
  try {
    return parse(query, { noLocation: true, maxTokens: 50_000 })
      .definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')
      .map((o) => ({ name: o.name?.value, reads: o.operation === 'query' }));
  } catch {
    return [];
  }
}

const operationsOf = new BoundedCache<string, { name: string | undefined; reads: boolean }[]>(
  { maxEntries: 1000, maxWeight: 1024 * 1024 },
  (_operations, text) => text.length,
);
