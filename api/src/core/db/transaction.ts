import type pg from 'pg';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Principal } from '../context.js';
import { requestStats } from '../request-stats.js';
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

/**
 * begin, set_config, commit and rollback frame the request's work: they are left out of the
 * per-request statement count (x-sql-count), which keeps meaning "statements of the work".
 */
const framing = <T>(fn: () => Promise<T>): Promise<T> => requestStats.exit(fn);

/** A fork of the EntityManager with a transaction begun on its own connection. */
export async function beginTransaction(orm: MikroORM): Promise<EntityManager> {
  const em = orm.em.fork();
  await framing(() => em.begin());
  return em;
}

/** The caller, for the rest of the transaction. */
export async function setPrincipal(em: EntityManager, p: Principal): Promise<void> {
  await framing(() =>
    rows(em, `select set_config(?, ?, true), set_config(?, ?, true), set_config(?, ?, true), set_config(?, ?, true)`, [
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
 * Commits (true) or rolls back (false) the transaction of `em`, if one is open. A commit that
 * fails throws; a rollback never does (the connection may already be gone). `verify` first makes
 * sure the transaction is not in the failed state, where PostgreSQL would turn COMMIT into a
 * silent ROLLBACK — for requests that report writes as done.
 */
export async function endTransaction(em: EntityManager, commit: boolean, opts: { verify?: boolean } = {}): Promise<void> {
  if (!em.isInTransaction()) return;
  if (commit) {
    try {
      if (opts.verify) await framing(() => em.execute('select 1'));
      await framing(() => em.commit());
      return;
    } catch (e) {
      await endTransaction(em, false);
      throw e;
    }
  }
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
