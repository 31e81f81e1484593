import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_RETENTION_DAYS } from '../../api/src/modules/maintenance/housekeeping.job.js';
import { createTestEnv, type TestEnv } from '../support/env.js';

/**
 * Scheduled jobs on PostgreSQL (docs/SCALING.md, "Scheduled jobs"): housekeeping, run through the
 * real queue, deletes what has expired and nothing else, records its run, and the serving role
 * cannot read the job records. That a scheduled run happens once across instances is in
 * multi-instance.test.ts.
 */

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv({ jobs: true });
});

afterAll(async () => {
  await env?.stop();
});

async function waitForRun(job: string, after: number): Promise<{ result: Record<string, number>; instance: string }> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const r = await env.db.query(`select result, instance from job_run where job = $1 and id > $2 order by id limit 1`, [job, after]);
    if (r.rows[0]) return r.rows[0];
    if (Date.now() > deadline) throw new Error(`no ${job} run recorded`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('housekeeping', () => {
  it('deletes idempotency records past their retention and expired sign-in counters, keeps the rest, and records the run', async () => {
    const days = IDEMPOTENCY_RETENTION_DAYS;
    await env.db.query(
      `insert into idempotency_key (key, principal_id, operation, request_hash, created_at) values
         ('old', 'p1', 'addNode', 'h', now() - make_interval(days => $1 + 1)),
         ('recent', 'p1', 'addNode', 'h', now() - make_interval(days => $1 - 1)),
         ('fresh', 'p2', 'addNode', 'h', now())`,
      [days],
    );
    await env.db.query(
      `insert into sign_in_throttle (key, kind, failures, last_at, expires_at) values
         ('gone', 'ADDRESS', 3, now() - interval '2 hours', now() - interval '1 minute'),
         ('live', 'ADDRESS', 3, now(), now() + interval '10 minutes')`,
    );
    const before = Number((await env.db.query(`select coalesce(max(id), 0) as m from job_run`)).rows[0].m);

    expect(await env.app.jobs!.send('housekeeping')).toBeTruthy();
    const run = await waitForRun('housekeeping', before);

    expect(run.result).toEqual({ idempotencyKeysDeleted: 1, signInCountersDeleted: 1 });
    const keys = (await env.db.query(`select key from idempotency_key where key in ('old','recent','fresh') order by key`)).rows.map(
      (r) => r.key,
    );
    expect(keys).toEqual(['fresh', 'recent']);
    const counters = (await env.db.query(`select key from sign_in_throttle where key in ('gone','live')`)).rows.map((r) => r.key);
    expect(counters).toEqual(['live']);
  });

  it('refuses a job nobody defined', async () => {
    await expect(env.app.jobs!.send('no-such-job')).rejects.toThrow(/no job named/);
  });

  it('keeps its records from the serving role', async () => {
    const app = await env.app.orm.em.fork().execute(`select current_user as u`);
    expect(app[0]!.u).toBe('kehoach_app');
    await expect(env.app.orm.em.fork().execute(`select count(*) from job_run`)).rejects.toThrow(/permission denied/);
    await expect(env.app.orm.em.fork().execute(`select count(*) from kehoach_jobs.job`)).rejects.toThrow(/permission denied/);
  });
});
