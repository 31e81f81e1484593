import type pg from 'pg';
import { countRoundTrip } from '../request-stats.js';

/**
 * Every request runs in a transaction (transaction.ts), and each statement is a round trip to
 * PostgreSQL: a small page paid one for BEGIN before its first statement, which at the floor is a
 * good part of the request (docs/ARCHITECTURE.md, "What every request costs"). On the serving
 * pools, a BEGIN is therefore not sent on its own: it is held, and sent in front of the
 * transaction's first statement, in the same message (`begin;<statement>`, the simple query
 * protocol runs both in order and the transaction stays open after them). A transaction that
 * ends before any statement sends nothing at all.
 *
 * What stays exactly as with a separate BEGIN:
 *  - the statement runs inside the transaction (transaction-local settings, locks, rollback);
 *  - a statement that fails leaves the transaction failed, so later statements fail and COMMIT
 *    keeps nothing — also when the message failed as a whole before BEGIN ran (a syntax error
 *    stops the whole message): the connection is then put into a failed transaction for real
 *    (`begin; <error>`), before anything else can be sent on it;
 *  - statements with parameters or a cursor (the extended protocol, which runs one statement per
 *    message) get the BEGIN sent first, separately, as before.
 *
 * MikroORM sends every statement with its parameters inlined and none separate, so in practice
 * every first statement is folded.
 *
 * COMMIT is checked on the same pools: PostgreSQL answers COMMIT of a failed transaction (a
 * statement failed, its error caught) with ROLLBACK, as a success. Such a COMMIT fails here, so a
 * request never reports as done work that was not kept — without a statement of its own to check
 * the transaction first (one round trip less per mutation).
 */
export function foldBegins(pool: pg.Pool): void {
  pool.on('connect', (client) => foldBeginOf(client));
  // A connection given back with a BEGIN still held never began anything: its next user starts afresh.
  pool.on('release', (_err, client) => heldBegins.delete(client as pg.PoolClient));
}

/** The connections whose BEGIN is held, to be sent with their next statement. */
const heldBegins = new WeakSet<object>();

type Send = (...args: unknown[]) => unknown;

/** A result as pg gives one for a statement without rows (BEGIN, COMMIT, ROLLBACK). */
const noRows = (command: string) => ({ command, rowCount: null, oid: null, rows: [], fields: [] });

/** A statement sent as text alone, answerable by the simple query protocol. */
function plainText(args: unknown[]): string | null {
  const [text, values, callback] = args;
  if (typeof text !== 'string' || callback !== undefined) return null;
  if (values !== undefined && !(Array.isArray(values) && values.length === 0)) return null;
  return text;
}

/** BEGIN, COMMIT or ROLLBACK as the drivers send them (short texts only: statements can be megabytes). */
const word = (text: string) => (text.length <= 10 ? text.trim().toLowerCase() : null);

/** A COMMIT's answer: ROLLBACK when the transaction had failed, which must not pass for a commit. */
function kept(result: pg.QueryResult): pg.QueryResult {
  if (result.command === 'ROLLBACK') throw new Error('the transaction had failed: COMMIT rolled it back');
  return result;
}

export function foldBeginOf(client: pg.Client | pg.PoolClient): void {
  const send = client.query.bind(client) as Send;
  const counted: Send = (...args) => {
    countRoundTrip();
    return send(...args);
  };
  (client as unknown as { query: Send }).query = (...args: unknown[]) => {
    const text = plainText(args);
    const statement = text === null ? null : word(text);
    if (!heldBegins.has(client)) {
      if (statement === 'begin') {
        heldBegins.add(client);
        return Promise.resolve(noRows('BEGIN'));
      }
      if (statement === 'commit') return (counted(...args) as Promise<pg.QueryResult>).then(kept);
      return counted(...args);
    }
    heldBegins.delete(client);
    if (statement === 'commit' || statement === 'rollback') return Promise.resolve(noRows(statement.toUpperCase()));
    if (text === null || statement === 'begin') {
      // Not foldable: BEGIN first, on its own (the client sends queued statements in order).
      void (counted('begin') as Promise<unknown>).catch(() => {});
      return counted(...args);
    }
    return (counted(`begin;${text}`) as Promise<pg.QueryResult | pg.QueryResult[]>).then(
      (results) => {
        // BEGIN's own result first, then the statement's (several if the text held several).
        const rest = Array.isArray(results) ? results.slice(1) : [results];
        return rest.length === 1 ? rest[0] : rest;
      },
      (error: unknown) => {
        if ((client as pg.Client).getTransactionStatus?.() === 'I') {
          // The message failed before BEGIN ran: no transaction is open, and the statements that
          // follow would each commit on their own. Open it, failed, as a separate BEGIN would be.
          void (send(`begin; select 1/0 -- the transaction's first statement failed`) as Promise<unknown>).catch(() => {});
        }
        throw error;
      },
    );
  };
}
