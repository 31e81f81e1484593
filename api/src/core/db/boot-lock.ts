import pg from 'pg';

/**
 * The one lock every starting instance takes before it changes the database: migrations, the
 * reference and demo data, the serving role's password. Several instances started at once on one
 * database (a deployment with replicas, a restart of all of them) would otherwise run the same
 * migration twice or insert the same units side by side (docs/SCALING.md, "Starting together").
 *
 * A session-level advisory lock on its own connection: held until released or until the process
 * dies (PostgreSQL ends the session and frees the lock, so a crashed instance never blocks the
 * others). The next instance waits, then finds nothing left to do.
 */
const BOOT_LOCK_KEY = 'kehoach:boot';

export interface BootLock {
  /** Whether another instance held the lock when this one asked (it waited). */
  waited: boolean;
  release(): Promise<void>;
}

export async function takeBootLock(ownerUrl: string, log: (message: string) => void = () => {}): Promise<BootLock> {
  const client = new pg.Client({ connectionString: ownerUrl, application_name: 'kehoach-boot' });
  await client.connect();
  try {
    const free = await client.query<{ ok: boolean }>(`select pg_try_advisory_lock(hashtextextended($1, 0)) as ok`, [BOOT_LOCK_KEY]);
    const waited = !free.rows[0]!.ok;
    if (waited) {
      log('kehoach: another instance is preparing the database; waiting for it');
      await client.query(`select pg_advisory_lock(hashtextextended($1, 0))`, [BOOT_LOCK_KEY]);
    }
    return {
      waited,
      async release() {
        // Closing the session frees the lock too; unlocking first says so explicitly.
        await client.query(`select pg_advisory_unlock(hashtextextended($1, 0))`, [BOOT_LOCK_KEY]).catch(() => {});
        await client.end().catch(() => {});
      },
    };
  } catch (e) {
    await client.end().catch(() => {});
    throw e;
  }
}
