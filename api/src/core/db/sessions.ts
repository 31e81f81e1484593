import crypto from 'node:crypto';
import pg from 'pg';

/**
 * A name for this server's database sessions (`application_name`), unique per boot: on stop, the
 * statements this server still runs can be ended without touching another instance's sessions on
 * the same database.
 */
export function sessionName(): string {
  return `kehoach-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
}

/**
 * Ends the sessions of `applicationName` that are still busy (a statement running or a
 * transaction open): closing the pool would otherwise wait for them — a `pg_sleep(60)` or an
 * UPDATE waiting on someone's lock — however long they take. Their transactions roll back.
 * Returns how many were ended.
 */
export async function terminateBusySessions(url: string, applicationName: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      // In the select list, so it runs only for the rows the WHERE clause kept.
      `select count(*) filter (where pg_terminate_backend(pid))::int as n from pg_stat_activity
        where application_name = $1 and pid <> pg_backend_pid() and state is distinct from 'idle'`,
      [applicationName],
    );
    return rows[0]?.n ?? 0;
  } finally {
    await client.end().catch(() => {});
  }
}
