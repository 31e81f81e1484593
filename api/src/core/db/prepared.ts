import crypto from 'node:crypto';
import type pg from 'pg';

/**
 * Prepared statements for the heavy reads (docs/ARCHITECTURE.md, "Prepared statements").
 *
 * MikroORM sends every statement as text with its parameters inlined, so PostgreSQL plans it anew
 * each time. For the pages that read a whole tree in one statement (the report roll-up page, the
 * cascade page) planning is a third of the statement — 3–4 ms of the roll-up page's ~10 ms on
 * the national data set — and the plan is the same every time. Such a statement is registered
 * here with its text (`?` placeholders become $1, $2…) under a name derived from the text;
 * core/sql.ts `preparedRows` sends `execute <name>(<values>)`, still one inlined text through
 * MikroORM, and the hook below, on
 * every connection of every pool, sends `prepare <name> as <text>` on that connection the first
 * time it is used there. PostgreSQL then plans it once per connection (after five executions, a
 * generic plan when it is no worse), row-level security included: the policies are in the plan,
 * the caller's settings are read when it runs.
 *
 * The first use on a connection sends PREPARE and EXECUTE in one message: no round trip more than
 * the others. A prepared statement belongs to the session, not to the transaction: a PREPARE that
 * succeeded stays when its transaction rolls back. So a message that failed leaves the name
 * uncertain (its PREPARE may have run before the EXECUTE failed), and the next use asks the
 * connection (pg_prepared_statements) before preparing again; a name is never prepared twice
 * (statements of one request sent in parallel on its connection wait for the same PREPARE).
 */

/** By text as written (`?`): its name, the text as prepared ($n), and the EXECUTE that runs it. */
const byText = new Map<string, { name: string; prepared: string; execute: string }>();
/** By name: the text as prepared. */
const byName = new Map<string, string>();

/**
 * How many texts may be prepared (per process, so per connection). The texts come from the code,
 * not from callers (values are parameters), so they are few; a bound keeps a mistake — a value
 * written into a text — from growing every connection's memory without end.
 */
export const MAX_PREPARED = 200;

/**
 * The EXECUTE text (with `?` for each parameter) that runs `text` as a statement prepared on the
 * connection it is sent on, or null when MAX_PREPARED texts are already known (the caller runs
 * the text as it is). The name is derived from the text: one text, one name.
 */
export function registerPrepared(text: string): string | null {
  const known = byText.get(text);
  if (known !== undefined) return known.execute;
  if (byText.size >= MAX_PREPARED) return null;
  const name = `kh_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  const numbered = numberPlaceholders(text);
  const execute = numbered.count ? `execute ${name}(${Array.from({ length: numbered.count }, () => '?').join(', ')})` : `execute ${name}`;
  byText.set(text, { name, prepared: numbered.text, execute });
  byName.set(name, numbered.text);
  return execute;
}

/**
 * `?` → `$1`, `$2`… outside quoted strings, quoted identifiers and comments (a `?` there is text).
 * `??` would be MikroORM's identifier placeholder: not supported in a prepared text.
 */
export function numberPlaceholders(text: string): { text: string; count: number } {
  let out = '';
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error('unterminated quote in a prepared text');
      out += text.slice(i, end + 1);
      i = end;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += text.slice(i, stop);
      i = stop - 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new Error('unterminated comment in a prepared text');
      out += text.slice(i, end + 2);
      i = end + 1;
    } else if (c === '?') {
      if (text[i + 1] === '?') throw new Error('?? in a prepared text');
      out += `$${++count}`;
    } else {
      out += c;
    }
  }
  return { text: out, count };
}

type Send = (...args: unknown[]) => unknown;

const EXECUTE = /^execute (kh_[0-9a-f]{24})\b/;

/** Installs the hook on every connection of `pool` (orm.ts, for every pool the product opens). */
export function preparePerConnection(pool: pg.Pool): void {
  pool.on('connect', (client) => prepareOn(client));
}

function prepareOn(client: pg.Client | pg.PoolClient): void {
  const send = client.query.bind(client) as Send;
  /*
   * Per name: 'ready' (prepared on this connection), a promise (being prepared: another statement
   * of the request waits for it), or 'unknown' (a message with its PREPARE failed, before or after
   * the PREPARE ran: the connection is asked once). Absent: never sent here.
   */
  const names = new Map<string, 'ready' | 'unknown' | Promise<unknown>>();
  const last = (r: unknown) => (Array.isArray(r) ? r[r.length - 1] : r);
  (client as unknown as { query: Send }).query = (...args: unknown[]) => {
    const [text, values] = args;
    const plain = typeof text === 'string' && args.length <= 2 && (values === undefined || (Array.isArray(values) && !values.length));
    const name = plain ? EXECUTE.exec(text)?.[1] : undefined;
    if (name === undefined || !byName.has(name)) return send(...args);
    const state = names.get(name);
    if (state === 'ready') return send(...args);
    if (state !== undefined && state !== 'unknown') return state.then(() => send(...args));
    // PREPARE and EXECUTE in one message (one round trip: the first use on a connection costs no
    // more than the others), or, when an earlier message's PREPARE may have run, after asking.
    const prepareAndRun = () =>
      (send(`prepare ${name} as ${byName.get(name)};${text as string}`) as Promise<unknown>).then(
        (r) => {
          names.set(name, 'ready');
          return last(r);
        },
        (e: unknown) => {
          names.set(name, 'unknown');
          throw e;
        },
      );
    const run =
      state === 'unknown'
        ? (send(`select count(*)::int as n from pg_prepared_statements where name = '${name}'`) as Promise<pg.QueryResult>).then((r) => {
            if ((r.rows[0] as { n: number }).n === 0) return prepareAndRun();
            names.set(name, 'ready');
            return send(...args);
          })
        : prepareAndRun();
    names.set(name, run);
    // Whatever failed (the PREPARE, the EXECUTE, or the question itself in a failed transaction),
    // the next use starts from 'unknown', never from this settled failure.
    run.catch(() => {
      if (names.get(name) === run) names.set(name, 'unknown');
    });
    return run;
  };
}
