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
  return em;
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
 * Commits (true) or rolls back (false) the transaction of `em`, if one is open. A commit that
 * fails throws — also a commit of a transaction that had failed, which PostgreSQL would turn into
 * a silent ROLLBACK (the serving pools check COMMIT's answer: begin-folding.ts) —; a rollback
 * never does (the connection may already be gone). Called again while the transaction is ending
 * (a query's end is not waited for: core/http.ts), it waits for that end and sends nothing.
 */
export function endTransaction(em: EntityManager, commit: boolean): Promise<void> {
  const pending = ending.get(em);
  if (pending) return pending.catch(() => {});
  if (!em.isInTransaction()) return Promise.resolve();
  const done = end(em, commit).finally(() => ending.delete(em));
  ending.set(em, done);
  return done;
}

const ending = new WeakMap<EntityManager, Promise<void>>();

async function end(em: EntityManager, commit: boolean): Promise<void> {
  if (commit) {
    try {
      await framing(() => em.commit());
      return;
    } catch (e) {
      await rollback(em);
      throw e;
    }
  }
  await rollback(em);
}

async function rollback(em: EntityManager): Promise<void> {
  try {
    await framing(() => em.rollback());
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
