import type pg from 'pg';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Principal } from '../context.js';
import { framing } from '../request-stats.js';
import { rows } from '../sql.js';

/**
 * Every request runs in ONE transaction on ONE pooled connection, taken at its start and given
 * back at its end (docs/ARCHITECTURE.md, "Database roles and row-level security"). The request's
 * EntityManager, its DataLoaders and the services' nested `em.transactional` calls (savepoints)
 * all use it, so a request never asks the pool for a second connection while it holds one — the
 * pattern that deadlocked the pool once parallel requests outnumbered its connections. The
 * principal is set in the transaction (set_config(…, true)) for the row-level security policies
 * of migration 0008.
 */

/** The settings the policies read (kh_principal_path, kh_principal_unit, kh_principal_id, kh_principal_agency). */
export const PRINCIPAL_SETTINGS = {
  unitPath: 'kehoach.unit_path',
  unitId: 'kehoach.unit_id',
  principalId: 'kehoach.principal_id',
  /** Empty for the unit's own staff (migration 0018). */
  agencyId: 'kehoach.agency_id',
} as const;
const PRINCIPAL_COLUMNS = ['unitPath', 'unitId', 'principalId', 'agencyId'] as const;

/** A fork of the EntityManager with a transaction begun on its own connection. */
export async function beginTransaction(orm: MikroORM): Promise<EntityManager> {
  const em = orm.em.fork();
  await framing(() => em.begin());
  const top = em.getTransactionContext<object>()!;
  const flight: Flight = { top, running: 0, ended: false, idle: null, end: null };
  flights.set(em, flight);
  flights.set(top, flight);
  watchStatements(em.getConnection());
  return em;
}

/**
 * The statements of one transaction begun by beginTransaction. GraphQL runs sibling fields at the
 * same time on the request's one connection, and stops waiting for them as soon as one fails in a
 * way that ends the response (a non-null field's error reaching the root): the request then ends
 * its transaction while a sibling's statements are still running or queued, and the sibling goes
 * on issuing more. Kysely sends COMMIT and ROLLBACK straight to the connection, ahead of the
 * statements queued behind the running one, and a statement issued after them ran outside the
 * transaction — or inside the next request's, once the connection was given back: with that
 * caller's settings of row-level security, or, with none set yet, failing and leaving the next
 * request in a failed transaction (25P02). So the end waits for every statement issued before it,
 * and every statement issued after it is refused (docs/ARCHITECTURE.md, "Database roles and
 * row-level security"). A counter per transaction: nothing is sent, the normal path waits for
 * nothing.
 */
interface Flight {
  /** The transaction's own context; the savepoints of its nested transactions map to the same flight. */
  top: object;
  /** Statements issued and not settled yet (a savepoint's SAVEPOINT, RELEASE and ROLLBACK TO included). */
  running: number;
  /** Set when the end begins: from then on, statements are refused. */
  ended: boolean;
  /** Wakes the end when the last running statement settles. */
  idle: (() => void) | null;
  /** The end (COMMIT or ROLLBACK), once begun. */
  end: Promise<void> | null;
}

/** By the request's EntityManager and by every transaction context (kysely's) of its connection. */
const flights = new WeakMap<object, Flight>();

/** The text of a refused statement's error: a bug in whatever issued it, never a database failure. */
export const STATEMENT_AFTER_END = "a statement was started after its request's transaction had ended (it was refused)";

function track<T>(flight: Flight, run: () => Promise<T>): Promise<T> {
  if (flight.ended) return Promise.reject(new Error(STATEMENT_AFTER_END));
  flight.running++;
  return run().finally(() => {
    if (--flight.running === 0) flight.idle?.();
  });
}

type Connection = ReturnType<EntityManager['getConnection']>;
const watched = new WeakSet<Connection>();

/**
 * Every statement of a request reaches its connection through the ORM's connection object with the
 * transaction's context (em.execute, and the savepoints of em.transactional): there, a statement of
 * a transaction begun by beginTransaction is counted until it settles, or refused once the end has
 * begun. Other transactions (migrations, seeding, jobs) pass through unchanged.
 */
function watchStatements(connection: Connection): void {
  if (watched.has(connection)) return;
  watched.add(connection);
  const c = connection as unknown as Record<'execute' | 'begin' | 'commit' | 'rollback', (...args: unknown[]) => Promise<unknown>>;
  const execute = c.execute.bind(connection);
  c.execute = (...args) => {
    const flight = flightOf(args[3]);
    return flight ? track(flight, () => execute(...args)) : execute(...args);
  };
  const begin = c.begin.bind(connection);
  c.begin = async (...args) => {
    const flight = flightOf((args[0] as { ctx?: unknown } | undefined)?.ctx);
    if (!flight) return begin(...args);
    const savepoint = (await track(flight, () => begin(...args))) as object;
    flights.set(savepoint, flight);
    return savepoint;
  };
  for (const name of ['commit', 'rollback'] as const) {
    const run = c[name].bind(connection);
    c[name] = (...args) => {
      const flight = flightOf(args[0]);
      // The transaction's own COMMIT or ROLLBACK is the end itself (endTransaction); a savepoint's is a statement.
      return flight && flight.top !== args[0] ? track(flight, () => run(...args)) : run(...args);
    };
  }
}

function flightOf(ctx: unknown): Flight | undefined {
  return typeof ctx === 'object' && ctx !== null ? flights.get(ctx) : undefined;
}

/**
 * The caller, for the rest of the transaction, as its own statement: for work that already knows
 * its principal (inTransactionAs). A request reads its caller and sets it in one statement
 * instead (principalSettingsColumns).
 */
export async function setPrincipal(em: EntityManager, p: Principal): Promise<void> {
  await framing(() =>
    rows(em, `select ${PRINCIPAL_COLUMNS.map(() => 'set_config(?, ?, true)').join(', ')}`, [
      PRINCIPAL_SETTINGS.unitPath,
      p.unitPath,
      PRINCIPAL_SETTINGS.unitId,
      String(p.unitId),
      PRINCIPAL_SETTINGS.principalId,
      p.id,
      PRINCIPAL_SETTINGS.agencyId,
      p.agencyId ?? '',
    ]),
  );
}

/**
 * Select-list columns that set the caller for the rest of the transaction from the caller's own
 * row, so that reading the caller and setting it for row-level security is ONE statement (one
 * round trip; docs/ARCHITECTURE.md, "What every request costs"). Each argument is an SQL
 * expression of that row, of type text. PostgreSQL computes the select list only for the rows
 * the WHERE clause keeps: a caller refused there sets nothing. The columns are named kh_set_*.
 */
export function principalSettingsColumns(of: Record<(typeof PRINCIPAL_COLUMNS)[number], string>): string {
  return PRINCIPAL_COLUMNS.map((k) => `set_config('${PRINCIPAL_SETTINGS[k]}', ${of[k]}, true) as kh_set_${k}`).join(', ');
}

/**
 * Commits (true) or rolls back (false) the transaction of `em` (begun by beginTransaction), once
 * every statement issued in it has settled; statements issued from now on are refused (Flight). A
 * commit that fails throws — also a commit of a transaction that had failed, which PostgreSQL would
 * turn into a silent ROLLBACK (the serving pools check COMMIT's answer: begin-folding.ts) —; a
 * rollback never does (the connection may already be gone). Called again (a query's end is not
 * waited for: core/http.ts), it waits for that end and sends nothing. The EntityManager stays bound
 * to the ended transaction, so that a late statement of the request is refused rather than sent
 * on another connection of the pool.
 */
export function endTransaction(em: EntityManager, commit: boolean): Promise<void> {
  const flight = flights.get(em);
  if (!flight) return Promise.resolve();
  if (flight.end) return flight.end.catch(() => {});
  flight.ended = true;
  flight.end =
    flight.running === 0
      ? end(em, flight.top, commit)
      : new Promise<void>((resolve) => {
          flight.idle = resolve;
        }).then(() => end(em, flight.top, commit));
  return flight.end;
}

/** Whether the transaction of `em` is still open: begun by beginTransaction, its end not begun. */
export function transactionOpen(em: EntityManager): boolean {
  const flight = flights.get(em);
  return flight !== undefined && !flight.ended;
}

async function end(em: EntityManager, ctx: object, commit: boolean): Promise<void> {
  // The connection's own commit and rollback, not em.commit(): those would unbind the EntityManager.
  const connection = em.getConnection() as unknown as Record<'commit' | 'rollback', (ctx: object) => Promise<void>>;
  if (commit) {
    try {
      await framing(() => connection.commit(ctx));
      return;
    } catch (e) {
      await rollback(connection, ctx);
      throw e;
    }
  }
  await rollback(connection, ctx);
}

async function rollback(connection: Record<'rollback', (ctx: object) => Promise<void>>, ctx: object): Promise<void> {
  try {
    await framing(() => connection.rollback(ctx));
  } catch {
    // The connection is broken; guardPool gives its place in the pool back.
  }
}

/** One transaction acting as `principal` (plain HTTP routes, each batch of a streamed export). */
export async function inTransactionAs<T>(orm: MikroORM, principal: Principal, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const em = await beginTransaction(orm);
  let result: T;
  try {
    await setPrincipal(em, principal);
    result = await work(em);
  } catch (e) {
    await endTransaction(em, false);
    throw e;
  }
  await endTransaction(em, true);
  return result;
}

/**
 * A connection that PostgreSQL closes while it is checked out (idle_in_transaction_session_timeout,
 * a terminated backend, a restart) is never given back by the driver: its COMMIT and ROLLBACK fail
 * before the release. Every request now holds a connection for its whole transaction, so such
 * places would drain the pool for good; this gives them back as soon as the connection ends.
 */
export function guardPool(pool: pg.Pool): void {
  const checkedOut = new Set<pg.PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_err, client) => checkedOut.delete(client as pg.PoolClient));
  pool.on('connect', (client) => {
    client.once('end', () => {
      const held = client as pg.PoolClient;
      if (!checkedOut.has(held)) return;
      checkedOut.delete(held);
      held.release(new Error('the database closed the connection'));
      // The holder's own release (after a failed COMMIT it never comes) must not throw now.
      held.release = () => {};
    });
  });
}
