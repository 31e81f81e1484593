import os from 'node:os';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { PgBoss, type Job } from 'pg-boss';

/**
 * Scheduled and queued work on PostgreSQL (docs/SCALING.md, "Scheduled jobs"), through pg-boss:
 * its schema `kehoach_jobs` holds the queue, the schedules and the locks, so any number of server
 * instances can run the same definitions and a scheduled occurrence still runs once — pg-boss files
 * each cron occurrence under one singleton key per minute, and a job is taken with SKIP LOCKED by
 * one worker only.
 *
 * Jobs are system work across every unit (housekeeping, report reminders), so they run as the
 * database owner, outside the request path and its row-level security. Each run's work and its
 * `job_run` row are one transaction: a job that fails leaves neither, and pg-boss retries it.
 */

/** What a job's handler gets: a transaction as the owner, and the data it was sent with. */
export interface JobRun<T extends object = object> {
  em: EntityManager;
  data: T;
  /** When this run started (the time the job was taken). */
  startedAt: Date;
}

export interface JobDefinition<T extends object = object> {
  /** Queue name: lower-case letters, digits and dashes. */
  name: string;
  /** Five-field cron (minutes), in Vietnam's time; absent for jobs that are only sent. */
  cron?: string;
  /** Does the work; returns what it did, kept in `job_run.result`. */
  run: (job: JobRun<T>) => Promise<Record<string, unknown>>;
}

export interface JobSettings {
  /** Off in most tests: every booted server would otherwise poll the queue. */
  enabled: boolean;
  /** How often an instance checks whether a cron occurrence is due (pg-boss: 1–45 s). */
  cronCheckSeconds: number;
}

export interface JobQueue {
  /** Queues a run of a defined job now; resolves with the pg-boss job id. */
  send(name: string, data?: object): Promise<string | null>;
  stop(timeoutMs: number): Promise<void>;
}

/** Vietnam has one time zone and no daylight saving; schedules read as officials read the clock. */
export const JOB_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * Starts the queue on the owner's database: creates or migrates pg-boss's schema (pg-boss takes its
 * own advisory lock, so instances starting together are safe), declares each job's queue and
 * schedule, and starts one worker per job. `owner` is the owner's ORM the handlers run on.
 */
export async function startJobQueue(
  ownerUrl: string,
  owner: MikroORM,
  definitions: JobDefinition<any>[],
  settings: JobSettings,
  log: (message: string) => void,
): Promise<JobQueue> {
  const instance = `${os.hostname()}:${process.pid}`;
  const boss = new PgBoss({
    connectionString: ownerUrl,
    schema: 'kehoach_jobs',
    application_name: 'kehoach-jobs',
    max: 3,
    cronMonitorIntervalSeconds: settings.cronCheckSeconds,
    cronWorkerIntervalSeconds: Math.min(5, settings.cronCheckSeconds),
  });
  boss.on('error', (e: Error) => log(`kehoach: job queue: ${e.message}`));
  await boss.start();

  const byName = new Map(definitions.map((d) => [d.name, d]));
  for (const def of definitions) {
    await boss.createQueue(def.name, { retryLimit: 3, retryDelay: 30, expireInSeconds: 600 });
    if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: JOB_TIME_ZONE });
    else await boss.unschedule(def.name);
    await boss.work(def.name, { pollingIntervalSeconds: Math.min(5, settings.cronCheckSeconds) }, async (jobs: Job<object>[]) => {
      for (const job of jobs) await runOne(owner, def, job, instance);
    });
  }

  return {
    async send(name, data = {}) {
      if (!byName.has(name)) throw new Error(`no job named ${name}`);
      return boss.send(name, data);
    },
    async stop(timeoutMs) {
      await boss.stop({ graceful: true, close: true, timeout: timeoutMs });
    },
  };
}

async function runOne(owner: MikroORM, def: JobDefinition<any>, job: Job<object>, instance: string): Promise<void> {
  const startedAt = new Date();
  await owner.em.fork().transactional(async (em) => {
    const result = await def.run({ em, data: job.data ?? {}, startedAt });
    // The job id is unique: a run pg-boss hands out twice (after an expiry) cannot be recorded twice.
    await em.execute(`insert into job_run (job, job_id, instance, started_at, result) values (?, ?, ?, ?, ?::jsonb)`, [
      def.name,
      job.id,
      instance,
      startedAt,
      JSON.stringify(result),
    ]);
  });
}
